// A process that journals call-log writes and dies without a word, for test/write-journal.test.ts.
//   <dir> <writes as JSON> <how many to confirm>
// It appends every write, confirms the first ones (the database took them), starts one more line
// that a crash cuts in half, and kills itself (SIGKILL: no exit handler runs, the lock stays).
import { appendFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { CallLogWrite } from "../../src/calls/call-log-write.js";
import { WriteJournal } from "../../src/calls/write-journal.js";
import { createLogger } from "../../src/logger.js";

const [dir = "", writesJson = "[]", confirmedCount = "0"] = process.argv.slice(2);
const { journal } = WriteJournal.open(dir, createLogger("silent"));
const writes = JSON.parse(writesJson) as { callSid: string; sessionKey?: string; write: CallLogWrite }[];
const durable: Promise<boolean>[] = [];
const appended = writes.map(({ callSid, sessionKey, write }) => {
  let n = 0;
  durable.push(new Promise((resolve) => (n = journal.append({ callSid, sessionKey, write }, resolve))));
  return n;
});
// The database took the first ones at once: their confirmations go to the file with the entries.
for (const n of appended.slice(0, Number(confirmedCount))) journal.confirm(n);
await Promise.all(durable);
const file = readdirSync(dir).find((name) => name.endsWith(".jsonl"));
appendFileSync(path.join(dir, file ?? "missing.jsonl"), '{"n":99,"sid":"CA-torn","w":{"op":"addTu');
process.kill(process.pid, "SIGKILL");
