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
