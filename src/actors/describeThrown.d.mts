/** Error data for what a ticket's work threw; see describeThrown.mjs. */
export interface ThrownDescription {
  code: 'NON_RETRYABLE' | 'WORKER_ERROR';
  message: string;
  retryable: boolean;
  stack?: string;
}

export declare function describeThrown(thrown: unknown, subject: string): ThrownDescription;
