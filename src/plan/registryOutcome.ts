/**
 * What a registry status says about a ticket before the run starts: done
 * (`completed`, `resolved`, `archived`), `cancelled`, or still to do
 * (`undefined`: pending, in-progress, blocked, …). Dependencies on settled
 * tickets are satisfied; settled tickets never run.
 */
export function registryOutcome(status: string | undefined): 'completed' | 'cancelled' | undefined {
  // Statuses arrive as `readStatus` words (`"✅ Completed"` is `completed`); the rest are for
  // callers that hold a status as written.
  switch (status?.trim().toLowerCase()) {
    case 'completed':
    case 'resolved':
    case 'archived':
    case 'done':
      return 'completed';
    case 'cancelled':
    case 'canceled':
      return 'cancelled';
    default:
      return undefined;
  }
}
