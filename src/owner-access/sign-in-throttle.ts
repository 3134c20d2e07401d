// Addresses remembered at most; past it, those whose wrong tries are all old are forgotten first.
const MAX_ADDRESSES = 10_000;

/**
 * Wrong sign-in tries per address: `limit` within `windowMs` and the address is refused until the
 * oldest of them is that old, right token or not, so the API token cannot be guessed at speed. Per
 * process: several processes each allow as many, which still leaves a guess of a 16-character token
 * out of reach.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds until `address` may try again, or undefined when it may now. */
  retryAfterSeconds(address: string): number | undefined {
    const recent = this.recent(address);
    if (recent.length < this.limit) return undefined;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - Date.now()) / 1000));
  }

  /** A wrong token from `address`; returns whether that one reached the limit. */
  failed(address: string): boolean {
    if (this.failures.size >= MAX_ADDRESSES) this.forgetOld();
    const recent = this.recent(address);
    recent.push(Date.now());
    this.failures.set(address, recent);
    return recent.length === this.limit;
  }

  /** The right token: the address's wrong tries are forgiven. */
  succeeded(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const since = Date.now() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((at) => at > since);
  }

  private forgetOld(): void {
    const since = Date.now() - this.windowMs;
    for (const [address, times] of this.failures) if (times.every((at) => at <= since)) this.failures.delete(address);
    // Still full (a flood from many addresses): the oldest entries go.
    for (const address of this.failures.keys()) {
      if (this.failures.size < MAX_ADDRESSES) break;
      this.failures.delete(address);
    }
  }
}
