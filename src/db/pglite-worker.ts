// The embedded database's own thread (see pglite-thread.ts): PGlite executes SQL synchronously in
// WebAssembly, a millisecond or more per statement, which on the main thread would hold up every
// live call's next word.
import { parentPort, workerData } from "node:worker_threads";
import { messages, PGlite, type Results, type Transaction } from "@electric-sql/pglite";
import { moveThreadToBackground } from "./background-priority.js";
import { PGLITE_OPTIONS } from "./pglite-options.js";
import type { PGliteReady, PGliteReply, PGliteRequest, PGliteWorkerData, SerializedError } from "./pglite-thread.js";

const port = parentPort;
if (!port) throw new Error("pglite-worker.ts runs as a worker thread");

const { dataDir } = workerData as PGliteWorkerData;
const priority = await moveThreadToBackground();
const pglite = await PGlite.create(dataDir, PGLITE_OPTIONS);

interface OpenTransaction {
  tx: Transaction;
  /** Lets PGlite's transaction callback return: it commits unless the transaction was rolled back. */
  finish: () => void;
  /** Settles when PGlite has committed or rolled back. */
  settled: Promise<void>;
  queue: Promise<unknown>;
}

const transactions = new Map<number, OpenTransaction>();
let nextTransactionId = 1;

port.on("message", (request: PGliteRequest) => {
  const reply = (message: Omit<PGliteReply, "id">) => port.postMessage({ id: request.id, ...message });
  const open = request.transactionId === undefined ? undefined : transactions.get(request.transactionId);
  // A statement meant for a transaction that is over must fail, not run outside it.
  if (request.transactionId !== undefined && !open) {
    reply({ error: serializeError(new Error(`transaction ${request.transactionId} is not open`)) });
    return;
  }
  const run = async (): Promise<unknown> => {
    switch (request.op) {
      case "query": {
        // Columns the caller parses itself arrive as PostgreSQL's text; PGlite parses the rest.
        const raw = Object.fromEntries(request.rawTypes.map((type) => [type, (text: string) => text]));
        const result = await (open?.tx ?? pglite).query(request.sql, request.params, {
          rowMode: request.rowMode,
          parsers: raw,
        });
        return plainResult(result);
      }
      case "exec":
        return (await (open?.tx ?? pglite).exec(request.sql)).map(plainResult);
      case "begin":
        return beginTransaction();
      case "rollback":
        return open?.tx.rollback();
      case "end":
        if (!open) return undefined;
        transactions.delete(request.transactionId!);
        open.finish();
        return open.settled;
      case "close":
        await pglite.close();
        return undefined;
    }
  };
  // One transaction's steps run in the order they were sent; a statement outside it waits for it inside PGlite.
  if (open) open.queue = open.queue.then(run, run);
  const result = open ? open.queue : run();
  result.then(
    (value) => reply({ value }),
    (error: unknown) => reply({ error: serializeError(error) }),
  );
});

port.postMessage({ ready: true, priority } satisfies PGliteReady);

function beginTransaction(): Promise<number> {
  return new Promise((started, failed) => {
    const settled: Promise<void> = pglite.transaction(
      (tx) =>
        new Promise<void>((finish) => {
          const transactionId = nextTransactionId++;
          transactions.set(transactionId, { tx, finish, settled, queue: Promise.resolve() });
          started(transactionId);
        }),
    );
    settled.catch(failed);
  });
}

function plainResult(result: Results<unknown>) {
  return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
}

function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { database: false, name: "Error", message: String(error), fields: {} };
  const { name, message, stack: _stack, ...fields } = error as Error & Record<string, unknown>;
  return {
    database: error instanceof messages.DatabaseError,
    name,
    message,
    fields: JSON.parse(JSON.stringify(fields)) as Record<string, unknown>,
  };
}
