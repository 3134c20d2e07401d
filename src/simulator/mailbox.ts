import { SimulatorError } from "./simulator-error.js";

/** Values handed out one by one to whoever asks, in order, with a time limit per wait. */
export class Mailbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: { resolve: (item: T) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }[] =
    [];
  private closedWith: Error | undefined;

  constructor(private readonly what: string) {}

  push(item: T): void {
    const waiter = this.waiters.shift();
    if (!waiter) {
      this.items.push(item);
      return;
    }
    clearTimeout(waiter.timer);
    waiter.resolve(item);
  }

  clear(): void {
    this.items.length = 0;
  }

  next(timeoutMs: number): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift() as T);
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new SimulatorError(`no ${this.what} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  rejectWaiters(error: Error): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  close(error: Error): void {
    this.closedWith = error;
    this.rejectWaiters(error);
  }
}
