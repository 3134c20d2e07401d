import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";
import { lockEmbeddedDatabase } from "./src/db/embedded-database-lock.js";

// The `prisma-pothos-types` generator makes the CLI look for a query-engine library and try to
// download one (impossible offline). It only checks that the path exists; the client never loads
// it because it runs with engineType "client" through a driver adapter. Any existing file will do.
const here = path.dirname(fileURLToPath(import.meta.url));
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= path.join(here, "package.json");

// The schema's `url = env("DATABASE_URL")` must resolve for the CLI to validate the schema even
// when the embedded database is used; the adapter below is what actually connects.
const databaseUrl = process.env.DATABASE_URL || undefined;
process.env.DATABASE_URL ||= "postgresql://embedded-pglite/unused";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  // The CLI talks to the same database as the app: a real server when DATABASE_URL is set,
  // otherwise the embedded PGlite directory under DATA_DIR.
  async adapter() {
    if (databaseUrl) return new PrismaPg({ connectionString: databaseUrl });
    // The CLI asks for an adapter even for commands that read no database (a diff of two schema
    // files, `prisma -v`): those get a throw-away one in memory, so that they neither wait on the
    // running app's lock nor keep the data directory open (and the command from exiting).
    if (!readsDatabase(process.argv.slice(2))) return new PrismaPGlite(new PGlite());
    // A command asks for the adapter more than once: one PGlite (and one lock) per process.
    embedded ??= openEmbeddedDatabase();
    return embedded;
  },
});

let embedded: PrismaPGlite | undefined;

function openEmbeddedDatabase(): PrismaPGlite {
  const dataDir = path.resolve(process.env.DATA_DIR ?? "data", "pglite");
  // Held until the CLI exits: with the app running, the command fails instead of corrupting the directory.
  lockEmbeddedDatabase(dataDir);
  return new PrismaPGlite(new PGlite(dataDir));
}

/** Whether the command reads or writes the database itself, rather than only schema files. */
function readsDatabase(args: string[]): boolean {
  if (args.includes("db") || args.includes("studio")) return true;
  if (!args.includes("migrate")) return false;
  if (!args.includes("diff")) return true;
  return args.some((arg) => /^--(from|to)-(url|schema-datasource|migrations)$|^--shadow-database-url$/.test(arg));
}
