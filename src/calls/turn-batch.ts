import type { CallStore, NewTurn } from "./call-store.js";

// How long the first turn of a batch waits for others: the turns are in the journal already, and
// live watchers have them from the session, so a few more milliseconds are seen by no one. Each
// statement saved is a round trip to the server less, on the process that runs the calls.
const GATHER_MS = 40;
// Enough for a busy moment on one process; the statement stays far below PostgreSQL's limit of
// 65,535 parameters (nine a turn).
const MAX_TURNS = 200;

interface Waiting {
  callId: string;
  turn: NewTurn;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The turns of different calls that come due together, written in one statement (CallStore.addTurns)
 * rather than one each. Each `add` settles as its own turn's write would alone: when a batch fails
 * because the database refused something in it as wrong, every turn of it is written again on its
 * own, so that only the wrong one fails (and is dropped by the write queue) and the rest go in; when
 * it fails because the database is away, each turn fails with that, and is retried by its queue.
 * Turns carry their ids, so a turn written twice is there once.
 */
export class TurnBatch {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Pick<CallStore, "addTurns">,
    private readonly refusedAsWrong: (error: unknown) => boolean,
  ) {}

  /** Resolves once `turn` is in the database; rejects as writing it alone would. */
  add(callId: string, turn: NewTurn): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ callId, turn, resolve, reject });
      if (this.waiting.length >= MAX_TURNS) this.write();
      else this.timer ??= setTimeout(() => this.write(), GATHER_MS);
    });
  }

  private write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.store.addTurns(batch).then(
      () => {
        for (const turn of batch) turn.resolve();
      },
      (error: unknown) => {
        if (batch.length > 1 && this.refusedAsWrong(error)) void this.writeOneByOne(batch);
        else for (const turn of batch) turn.reject(error);
      },
    );
  }

  /** In the batch's order, one after the other: two turns of one call take their places as they would have. */
  private async writeOneByOne(batch: readonly Waiting[]): Promise<void> {
    for (const turn of batch)
      await this.store.addTurns([turn]).then(
        () => turn.resolve(),
        (error: unknown) => turn.reject(error),
      );
  }
}
