/**
 * Why a ticket that is not running waits: the answer the dashboard shows for
 * every waiting ticket, and what the policy returns for every ticket it
 * examined but could not start. Ticket references are indices.
 */
export type WaitReason =
  /** Hard dependencies not yet completed. */
  | { kind: 'dependency'; on: readonly number[] }
  /** No idle agent of the ticket's type. */
  | { kind: 'agent'; agentType: string }
  /** Not enough free units of a resource; `heldBy` are the running tickets holding it. */
  | { kind: 'resource'; resource: string; needed: number; free: number; heldBy: readonly number[] }
  /** A running (or just started) ticket conflicts with it. */
  | { kind: 'conflict'; with: number }
  /** An isolated ticket is running, or this isolated ticket waits for the others to finish. */
  | { kind: 'isolation'; with: readonly number[] }
  /** A ticket that waited too long has reserved the resource it needs. */
  | { kind: 'reserved'; resource: string; for: number }
  /** The run's concurrency limit is reached (`--strategy sequential` runs one at a time). */
  | { kind: 'concurrency'; limit: number }
  /** Put on hold by the user. */
  | { kind: 'held' }
  /** Waiting out a retry backoff until the given engine-clock time. */
  | { kind: 'backoff'; until: number }
  /** The run is paused or stopping: nothing is dispatched. */
  | { kind: 'paused' };

export type WaitKind = WaitReason['kind'];
