import type { CallStore, NewTurn } from "./call-store.js";

// How long the first turn of a batch waits for others: the turns are in the journal already, and
// live watchers have them from the session, so a few more milliseconds are seen by no one. Each
// statement saved is a round trip to the server less, on the process that runs the calls.
const GATHER_MS = 40;
// Enough for a busy moment on one process; the statement stays far below PostgreSQL's limit of
// 65,535 parameters (nine a turn).
const MAX_TURNS = 200;

/** Who hears how a turn's write went: told once, one way or the other. */
export interface TurnOutcome {
  onApplied(result: undefined): void;
  onFailed(error: unknown): void;
}

interface Waiting {
  callId: string;
  turn: NewTurn;
  outcome: TurnOutcome;
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
    return new Promise((resolve, reject) => this.gather(callId, turn, { onApplied: resolve, onFailed: reject }));
  }

  /**
   * `add`, telling `outcome` rather than settling a promise: the write queue's own path for every
   * turn of every call, where a promise and its closures per turn are garbage by the thousand.
   */
  gather(callId: string, turn: NewTurn, outcome: TurnOutcome): void {
    this.waiting.push({ callId, turn, outcome });
    if (this.waiting.length >= MAX_TURNS) this.write();
    else this.timer ??= setTimeout(this.writeGathered, GATHER_MS);
  }

  private readonly writeGathered = () => this.write();

  private write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.store.addTurns(batch).then(
      () => {
        for (const { outcome } of batch) outcome.onApplied(undefined);
      },
      (error: unknown) => {
        if (batch.length > 1 && this.refusedAsWrong(error)) void this.writeOneByOne(batch);
        else for (const { outcome } of batch) outcome.onFailed(error);
      },
    );
  }

  /** In the batch's order, one after the other: two turns of one call take their places as they would have. */
  private async writeOneByOne(batch: readonly Waiting[]): Promise<void> {
    for (const turn of batch)
      await this.store.addTurns([turn]).then(
        () => turn.outcome.onApplied(undefined),
        (error: unknown) => turn.outcome.onFailed(error),
      );
  }
}
