import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { loadConfig } from "../src/config.js";

// No Docker engine or Render account here: what can be checked without one is checked. The build
// commands themselves run in production-build.test.ts (npm run build) and in CI (npm ci).
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped, by stage. */
function dockerfileStages(text: string): Instruction[][] {
  const stages: Instruction[][] = [];
  const joined = text.replace(/\\\n\s*/g, " ");
  for (const line of joined.split("\n").map((l) => l.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const [, keyword = "", args = ""] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM") stages.push([]);
    stages.at(-1)?.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

/** `${NAME:?message}`, `${NAME:-default}` and `${NAME}` as a shell (or Compose) would expand them. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_match, name: string, kind?: string, rest?: string) => {
    const set = env[name];
    if (set !== undefined && set !== "") return set;
    if (kind === "?") throw new Error(`${name}: ${rest}`);
    return kind === "-" ? (rest ?? "") : "";
  });
}

describe("deploy recipes", () => {
  test("Dockerfile: a Node 20 slim build stage and a runtime stage running the compiled server as a non-root user", () => {
    const [build, run] = dockerfileStages(read("Dockerfile"));
    assert.ok(build && run, "two stages");
    assert.match(build[0]?.args ?? "", /^node:20-slim AS build$/);
    assert.equal(run[0]?.args, "node:20-slim");
    const runs = build.filter((i) => i.keyword === "RUN").map((i) => i.args);
    assert.deepEqual(
      runs.map((command) => command.split(" --")[0]),
      ["npm ci", "npm run build", "npm prune"],
      "install, build, drop the dev dependencies",
    );
    assert.match(runs[2] ?? "", /--omit=dev/);
    // Every file the build stage copies is in the repository and not kept out by .dockerignore.
    const ignored = read(".dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    for (const copy of build.filter((i) => i.keyword === "COPY")) {
      for (const source of copy.args.split(/\s+/).slice(0, -1)) {
        assert.ok(existsSync(path.join(repoRoot, source)), `${source} exists`);
        assert.ok(!ignored.includes(source), `${source} is not in .dockerignore`);
      }
    }
    const user = run.find((i) => i.keyword === "USER")?.args;
    assert.ok(user && user !== "root" && user !== "0", "runs as a non-root user");
    const healthcheck = run.find((i) => i.keyword === "HEALTHCHECK")?.args ?? "";
    assert.match(healthcheck, /\/healthz/);
    assert.equal(run.at(-1)?.keyword, "CMD");
    assert.deepEqual(JSON.parse(run.at(-1)?.args ?? ""), ["node", "dist/main.js"], "node itself receives SIGTERM");
    assert.ok(run.some((i) => i.keyword === "ENV" && i.args === "NODE_ENV=production"));
  });

  test("docker-compose.yml: the app with PostgreSQL and Redis, configured as the app accepts", () => {
    const compose = parse(read("docker-compose.yml")) as {
      services: Record<string, { environment?: Record<string, string>; depends_on?: object; image?: string }>;
    };
    assert.deepEqual(Object.keys(compose.services).sort(), ["app", "postgres", "redis"]);
    const app = compose.services.app;
    const postgres = compose.services.postgres?.environment ?? {};
    const environment = app?.environment;
    assert.ok(environment && app.depends_on);
    const owner = { PUBLIC_URL: "https://secretary.example.com", TWILIO_AUTH_TOKEN: "t", API_TOKEN: "x".repeat(24) };
    const env = Object.fromEntries(
      Object.entries(environment).map(([name, value]) => [name, interpolate(String(value), owner)]),
    );
    const config = loadConfig(env);
    assert.equal(config.production, true);
    const database = new URL(config.databaseUrl ?? "");
    assert.equal(database.hostname, "postgres");
    assert.equal(database.username, postgres.POSTGRES_USER);
    assert.equal(database.password, postgres.POSTGRES_PASSWORD);
    assert.equal(database.pathname, `/${postgres.POSTGRES_DB}`);
    assert.equal(new URL(config.redisUrl ?? "").hostname, "redis");
    assert.throws(() => interpolate(String(environment.API_TOKEN), {}), /API_TOKEN: set API_TOKEN/);
  });

  test("render.yaml: a Node web service built and started as documented, with Render Postgres and Key Value", () => {
    interface EnvVar {
      key: string;
      value?: string;
      sync?: boolean;
      generateValue?: boolean;
      fromDatabase?: { name: string; property: string };
      fromService?: { type: string; name: string; property: string };
    }
    const blueprint = parse(read("render.yaml")) as {
      services: { type: string; name: string; runtime?: string; [key: string]: unknown }[];
      databases: { name: string }[];
    };
    const web = blueprint.services.find((service) => service.type === "web");
    const keyValue = blueprint.services.find((service) => service.type === "keyvalue");
    assert.ok(web && keyValue);
    assert.equal(web.runtime, "node");
    assert.match(String(web.buildCommand), /npm ci --include=dev .*&& npm run build && npm prune --omit=dev/);
    assert.equal(web.startCommand, "node dist/main.js");
    assert.equal(web.healthCheckPath, "/healthz");
    assert.deepEqual(keyValue.ipAllowList, [], "Key Value requires an allow list");
    const envVars = web.envVars as EnvVar[];
    const byKey = new Map(envVars.map((entry) => [entry.key, entry]));
    assert.equal(byKey.get("DATABASE_URL")?.fromDatabase?.name, blueprint.databases[0]?.name);
    assert.equal(byKey.get("DATABASE_URL")?.fromDatabase?.property, "connectionString");
    assert.deepEqual(byKey.get("REDIS_URL")?.fromService, {
      type: "keyvalue",
      name: keyValue.name,
      property: "connectionString",
    });
    // What Render fills in, in the forms it gives them: the app must accept the result.
    const env = Object.fromEntries(
      envVars.map((entry) => {
        if (entry.value !== undefined) return [entry.key, entry.value];
        if (entry.fromDatabase) return [entry.key, "postgresql://secretary:pw@dpg-abc123-a/secretary"];
        if (entry.fromService) return [entry.key, "redis://red-abc123:6379"];
        if (entry.generateValue) return [entry.key, "R4nd0mlyGeneratedByRender0123456789abcdef="];
        if (entry.key === "PUBLIC_URL") return [entry.key, "https://phone-secretary.onrender.com"];
        return [entry.key, entry.key === "TWILIO_ACCOUNT_SID" ? "" : "asked-at-sync"];
      }),
    );
    const config = loadConfig(env);
    assert.equal(config.production, true);
    assert.ok(config.databaseUrl && config.redisUrl && config.apiToken);
    assert.equal(config.trustedProxies, 1, "sign-ins are counted per address behind Render's load balancer");
  });
});
