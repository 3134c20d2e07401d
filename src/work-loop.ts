/**
 * Runs a worker's `work` at once when kicked, and every `pollMs` otherwise: never two runs at once,
 * and a kick during a run makes another run follow it. The queues it serves live in the database,
 * so the poll finds what other processes added; the kick is for what this one just did.
 */
export class WorkLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopping = true;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly pollMs: number,
  ) {}

  /** Whether `stop` was called: a run in progress checks it between items. */
  get stopped(): boolean {
    return this.stopping;
  }

  start(): void {
    this.stopping = false;
    this.kick();
  }

  /** Looks for due work now rather than at the next poll. */
  kick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.work().finally(() => {
      this.running = undefined;
      if (this.stopping) return;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.timer = setTimeout(() => this.kick(), this.pollMs);
      }
    });
  }

  /** Stops polling, and resolves once the run in progress is over. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
