/**
 * An attempt's abort handle whose AbortController is only made when someone
 * reads the signal or aborts. Most attempts (fast functions, simulations)
 * never need one, and an AbortController costs microseconds and garbage.
 */
export class LazyAbort {
  private controller: AbortController | undefined;
  private aborted = false;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  /** True once aborted, whether or not the signal was ever read. */
  get isAborted(): boolean {
    return this.aborted;
  }

  abort(): void {
    this.aborted = true;
    this.controller?.abort();
  }
}
