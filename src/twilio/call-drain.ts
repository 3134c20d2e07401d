import { giveUpAfter } from "../give-up-after.js";

/**
 * How this process hands its calls back to Twilio when it stops, so that a restart keeps them.
 *
 * From `begin()` on, the process takes no new relay socket and parks calls instead of connecting
 * them (webhooks.ts), and the sockets it closes are each awaited until Twilio's `<Connect action>`
 * callback for that call has been answered: the caller's line hangs on that answer, and a process
 * that exits before giving it drops the call.
 */
export class CallDrain {
  private draining = false;
  private readonly awaited = new Map<string, () => void>();
  private readonly answers: Promise<void>[] = [];

  /** False once the process is stopping: calls are parked rather than connected to a socket here. */
  get acceptsCalls(): boolean {
    return !this.draining;
  }

  begin(): void {
    this.draining = true;
  }

  /** The call's socket is being closed by us: its action callback is awaited. */
  awaitCallback(callSid: string): void {
    if (this.awaited.has(callSid)) return;
    this.answers.push(new Promise((resolve) => this.awaited.set(callSid, resolve)));
  }

  /** A `<Connect action>` callback for the call has been answered. */
  callbackAnswered(callSid: string): void {
    this.awaited.get(callSid)?.();
    this.awaited.delete(callSid);
  }

  /**
   * Resolves once every awaited callback has been answered, or after `timeoutMs` (another process
   * may have answered one, or Twilio sent none), with the CallSids still unanswered.
   */
  async callbacksAnswered(timeoutMs: number): Promise<string[]> {
    await giveUpAfter(Promise.all(this.answers), timeoutMs);
    return [...this.awaited.keys()];
  }
}
