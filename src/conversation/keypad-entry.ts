/**
 * Keys pressed on the phone's keypad, collected into one caller line ("Keypad: 5551234"). The line
 * is answered after a pause with no more keys, or goes ahead of whatever the caller says next.
 */
export class KeypadEntry {
  private digits = "";
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pauseMs: number,
    private readonly onPause: (line: string) => void,
  ) {}

  press(digit: string): void {
    this.digits += digit;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const line = this.take();
      if (line) this.onPause(line);
    }, this.pauseMs);
  }

  /** The keys pressed so far, as a caller line, and forgets them; undefined when there are none. */
  take(): string | undefined {
    this.stopWaiting();
    if (!this.digits) return undefined;
    const line = `Keypad: ${this.digits}`;
    this.digits = "";
    return line;
  }

  /** No pause will answer the keys any more; they stay for `take`. */
  stopWaiting(): void {
    clearTimeout(this.timer);
  }
}
