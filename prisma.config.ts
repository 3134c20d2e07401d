import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

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
  // otherwise the embedded PGlite directory under DATA_DIR (stop the app first: PGlite allows one process).
  async adapter() {
    if (databaseUrl) return new PrismaPg({ connectionString: databaseUrl });
    const dataDir = path.resolve(process.env.DATA_DIR ?? "data", "pglite");
    mkdirSync(dataDir, { recursive: true });
    return new PrismaPGlite(new PGlite(dataDir));
  },
});
