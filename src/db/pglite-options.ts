import { PGlite, type PGliteOptions } from "@electric-sql/pglite";

// PostgreSQL's defaults are for a server with a machine to itself. Here it shares one process with
// the calls, and its WebAssembly memory, once grown, is never given back (README, "Memory").
const MEMORY_SETTINGS = {
  // 128 MB by default, all of it touched at start: over half of what the database took. A page not
  // held here is read back from the operating system's file cache, a copy away.
  shared_buffers: "8MB",
  // 64 MB by default: CREATE INDEX (the migrations) and VACUUM may take that much, and keep it.
  maintenance_work_mem: "16MB",
  // PostgreSQL sizes its shared memory (lock table, one slot per backend) for 100 connections and 10
  // replication senders, and touches all of it at start; PGlite runs one backend and no replication.
  max_connections: "5",
  max_wal_senders: "0",
};

/** How the embedded database is opened, by its thread and by the process that creates its directory. */
export const PGLITE_OPTIONS: PGliteOptions = {
  startParams: [
    ...PGlite.defaultStartParams,
    ...Object.entries(MEMORY_SETTINGS).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ],
};
