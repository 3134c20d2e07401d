// `node pglite-create.js DIR`: creates the embedded database's directory, then exits (see
// PGliteThread.start). PGlite makes a new directory by running initdb in a second PostgreSQL and
// copying its files over; the few hundred MB that takes go with this process instead of staying,
// unused, in the server's for as long as it runs.
import { PGlite } from "@electric-sql/pglite";
import { PGLITE_OPTIONS } from "./pglite-options.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: pglite-create DIR");
const pglite = await PGlite.create(dataDir, PGLITE_OPTIONS);
await pglite.close();
