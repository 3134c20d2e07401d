import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ConfigError, loadConfig } from "../src/config.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import { CallUpdatedDocument } from "./generated/graphql.js";
import { ApiClient } from "./support/graphql-client.js";
import { startSecretary, type TestSecretary, writesSettled } from "./support/secretary.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";
import { createTestDatabase } from "./support/test-database.js";
import { eventually } from "./support/wait.js";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A scrape, parsed line by line as Prometheus reads the text format (version 0.0.4). */
class Exposition {
  readonly types = new Map<string, string>();
  readonly samples: Sample[] = [];

  constructor(text: string) {
    const lines = text.split("\n");
    assert.equal(lines.at(-1), "", "the exposition ends with a line break");
    for (const [index, line] of lines.entries()) {
      const where = `line ${index + 1}: ${JSON.stringify(line)}`;
      if (line === "") continue;
      if (line.startsWith("#")) {
        const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
        assert.ok(comment, `a HELP or TYPE comment, ${where}`);
        const [, keyword, name = "", rest = ""] = comment;
        if (keyword === "TYPE") {
          assert.match(rest, /^(counter|gauge|histogram|summary|untyped)$/, where);
          assert.ok(!this.types.has(name), `one TYPE per metric, ${where}`);
          this.types.set(name, rest);
        }
        continue;
      }
      const sample = parseSample(line);
      assert.ok(sample, `a sample, ${where}`);
      assert.ok(this.types.has(familyOf(sample.name, this.types)), `a sample of a declared metric, ${where}`);
      this.samples.push(sample);
    }
  }

  /** The sample of `name` with exactly `labels`, 0 if there is none (a counter not yet counted). */
  value(name: string, labels: Record<string, string> = {}): number {
    const wanted = JSON.stringify(Object.entries(labels).sort());
    const found = this.samples.filter(
      (sample) => sample.name === name && JSON.stringify(Object.entries(sample.labels).sort()) === wanted,
    );
    assert.ok(found.length <= 1, `one sample of ${name} ${wanted}`);
    return found[0]?.value ?? 0;
  }

  /** Every sample of `name`, whatever its labels. */
  all(name: string): Sample[] {
    return this.samples.filter((sample) => sample.name === name);
  }
}

/** `name{label="value",…} value`, with the format's escapes in label values; undefined if it is not one. */
function parseSample(line: string): Sample | undefined {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (!head?.[1]) return undefined;
  const name = head[1];
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    rest = rest.slice(1);
    while (!rest.startsWith("}")) {
      const label = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,?)/.exec(rest);
      if (!label?.[1] || label[2] === undefined) return undefined;
      labels[label[1]] = label[2].replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
      rest = rest.slice(label[0].length);
      if (!label[3] && !rest.startsWith("}")) return undefined;
    }
    rest = rest.slice(1);
  }
  // Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client writes "Nan").
  const value = /^ ([-+]?(?:[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|inf)|nan)( -?[0-9]+)?$/i.exec(rest);
  if (!value?.[1]) return undefined;
  const text = value[1].toLowerCase();
  const number = text.endsWith("inf") ? (text.startsWith("-") ? -Infinity : Infinity) : Number(text);
  return { name, labels, value: number };
}

/** The metric a sample belongs to: a histogram's `_bucket`, `_sum` and `_count` are its own. */
function familyOf(name: string, types: Map<string, string>): string {
  const base = name.replace(/_(bucket|sum|count)$/, "");
  return base !== name && (types.get(base) === "histogram" || types.get(base) === "summary") ? base : name;
}

async function scrape(secretary: TestSecretary, token?: string): Promise<Exposition> {
  const response = await fetch(`${secretary.app.url}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  return new Exposition(await response.text());
}

describe("/metrics after simulated calls", () => {
  let secretary: TestSecretary;
  before(async () => {
    // A failed analysis waits a minute before its retry: long enough to be seen pending.
    secretary = await startSecretary({ timing: { analysisRetryBaseMs: 60_000 } });
  });
  after(() => secretary.dispose());

  test("a call moves the turn counter by its turns, times its replies' first words, and live calls go back to 0", async () => {
    const prisma = secretary.app.database.prisma;
    const before = await scrape(secretary);
    secretary.anthropic.enqueue(
      { text: "We open at nine tomorrow." },
      { text: "Of course, I'll ask Dr. Reyes to call you back." },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15557770001" });
    assert.equal(await call.say("Hi, are you open tomorrow morning?"), "We open at nine tomorrow.");
    const during = await scrape(secretary);
    assert.equal(during.value("secretary_live_calls"), 1);
    await call.say("Great. Could Dr. Reyes call me back about my crown?");
    await call.hangUp();
    await writesSettled(secretary);
    const afterCall = await eventually("live calls back to 0", async () => {
      const metrics = await scrape(secretary);
      return metrics.value("secretary_live_calls") === 0 && metrics;
    });

    const turns = await prisma.turn.findMany({ where: { call: { callSid: call.callSid } } });
    assert.ok(turns.length >= 4, "the caller's two lines and the two replies");
    const counted = (metrics: Exposition) =>
      metrics.all("secretary_turns_total").reduce((sum, sample) => sum + sample.value, 0);
    assert.equal(counted(afterCall) - counted(before), turns.length);
    for (const role of ["CALLER", "ASSISTANT"] as const) {
      const stored = turns.filter((turn) => turn.role === role && turn.kind === "SPEECH").length;
      const labels = { role, kind: "SPEECH" };
      assert.equal(
        afterCall.value("secretary_turns_total", labels) - before.value("secretary_turns_total", labels),
        stored,
        `${role} turns`,
      );
    }

    const replies = (metrics: Exposition, name: string) => metrics.value(`${name}_count`);
    assert.equal(
      replies(afterCall, "secretary_reply_first_token_seconds") -
        replies(before, "secretary_reply_first_token_seconds"),
      2,
    );
    assert.equal(
      replies(afterCall, "secretary_claude_first_token_seconds") -
        replies(before, "secretary_claude_first_token_seconds"),
      2,
    );
    // Every observation falls in the +Inf bucket, and the buckets count up to it.
    const buckets = afterCall
      .all("secretary_reply_first_token_seconds_bucket")
      .map((sample) => ({ le: Number(sample.labels.le === "+Inf" ? Infinity : sample.labels.le), count: sample.value }))
      .sort((a, b) => a.le - b.le);
    assert.ok(
      buckets.some((bucket) => bucket.le < 0.01),
      "a bucket for milliseconds",
    );
    assert.ok(
      buckets.some((bucket) => bucket.le >= 5 && bucket.le < Infinity),
      "a bucket for seconds",
    );
    for (const [index, bucket] of buckets.entries())
      assert.ok(index === 0 || bucket.count >= (buckets[index - 1]?.count ?? 0), "cumulative buckets");
    assert.equal(buckets.at(-1)?.count, afterCall.value("secretary_reply_first_token_seconds_count"));
    assert.equal(afterCall.all("secretary_claude_errors_total").length, 0, "no Claude errors");

    // The process's own metrics come along: event-loop lag, CPU, memory.
    for (const name of [
      "nodejs_eventloop_lag_seconds",
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
    ])
      assert.equal(afterCall.all(name).length, 1, name);
  });

  test("Claude overloaded: both failed requests counted by kind, and the failover to the offline secretary", async () => {
    const before = await scrape(secretary);
    const overloaded = { error: { status: 529, type: "overloaded_error" } };
    secretary.anthropic.enqueue(overloaded, overloaded);
    const call = await placeCall({ ...secretary.simulator, from: "+15557770002" });
    const reply = await call.say("Hi, this is Sam Patel, my crown came loose.");
    assert.match(reply, /Dr\. Reyes/, "the offline secretary answers");
    const afterward = await scrape(secretary);
    await call.hangUp();
    const delta = (name: string, labels: Record<string, string>) =>
      afterward.value(name, labels) - before.value(name, labels);
    assert.equal(delta("secretary_claude_errors_total", { kind: "overloaded" }), 2, "the request and its one retry");
    assert.equal(delta("secretary_failovers_total", { kind: "overloaded" }), 1);
    assert.equal(delta("secretary_reply_first_token_seconds_count", {}), 1, "the offline reply is timed too");
  });

  test("a failed analysis is counted and waits in the queue; the depth is read from the database", async () => {
    const prisma = secretary.app.database.prisma;
    // The earlier calls' analyses first: one still to ask Claude would take this call's reply.
    await eventually("the earlier calls' analyses tried", async () => {
      const untried = await prisma.call.count({
        where: { OR: [{ analysisState: "RUNNING" }, { analysisState: "PENDING", analysisAttempts: 0 }] },
      });
      return untried === 0;
    });
    const before = await scrape(secretary);
    // The conversation's replies come from the queue; the analysis (forced tool use) is answered here.
    secretary.anthropic.respondWith(() => ({ error: { status: 500, type: "api_error" } }));
    secretary.anthropic.enqueue({ text: "I'll pass that on." });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770003" });
    await call.say("Please tell Dr. Reyes my appointment needs moving.");
    await call.hangUp();
    // Tried once, or twice if Twilio's final status arrived after the first try and asked for it again.
    await eventually("the analysis failed, to be retried", () =>
      prisma.call.findFirst({
        where: { callSid: call.callSid, analysisState: "PENDING", analysisAttempts: { gte: 1 } },
      }),
    );
    const afterward = await scrape(secretary);
    assert.ok(
      afterward.value("secretary_analysis_failures_total", { outcome: "retry" }) >
        before.value("secretary_analysis_failures_total", { outcome: "retry" }),
    );
    const pending = await prisma.call.count({ where: { analysisState: "PENDING" } });
    assert.ok(pending >= 1);
    assert.equal(afterward.value("secretary_analysis_queue_depth", { state: "pending" }), pending);
    assert.equal(afterward.value("secretary_analysis_queue_depth", { state: "running" }), 0);
  });

  test("notifications owed are counted from the outbox", async () => {
    const prisma = secretary.app.database.prisma;
    const before = (await scrape(secretary)).value("secretary_notification_outbox_depth", {});
    // A webhook that is not due for an hour: it stays owed while the scrape reads the outbox.
    const channel = await prisma.notificationChannel.create({
      data: { kind: "WEBHOOK", name: "CRM", events: ["MESSAGE_TAKEN"], config: { url: "http://127.0.0.1:9/" } },
    });
    await prisma.notificationDelivery.create({
      data: {
        channelId: channel.id,
        event: "MESSAGE_TAKEN",
        dedupeKey: "metrics-test",
        payload: {},
        nextAttemptAt: new Date(Date.now() + 3_600_000),
      },
    });
    try {
      assert.equal((await scrape(secretary)).value("secretary_notification_outbox_depth", {}), before + 1);
    } finally {
      await prisma.notificationChannel.delete({ where: { id: channel.id } });
    }
  });

  test("live subscribers are counted while they listen", async () => {
    const api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    const feed = api.ws(CallUpdatedDocument);
    const subscribers = async () =>
      (await scrape(secretary)).value("secretary_live_subscribers", { subscription: "callUpdated" });
    await eventually("the subscriber counted", async () => (await subscribers()) === 1);
    feed.close();
    await eventually("the subscriber gone", async () => (await subscribers()) === 0);
  });
});

describe("METRICS_TOKEN", () => {
  const token = "metrics-token-0123456789abcdef";
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({ offline: true, env: { METRICS_TOKEN: token } });
  });
  after(() => secretary.dispose());

  test("set, a scrape needs it: without it, or with another token, 401 saying what to send", async () => {
    for (const authorization of [undefined, `Bearer ${secretary.app.apiToken}`, token]) {
      const response = await fetch(`${secretary.app.url}/metrics`, {
        headers: authorization ? { authorization } : {},
      });
      assert.equal(response.status, 401);
      assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer/);
      const body = (await response.json()) as { error: string };
      assert.match(body.error, /Authorization: Bearer <METRICS_TOKEN>/);
      assert.doesNotMatch(body.error, new RegExp(token));
    }
    const metrics = await scrape(secretary, token);
    assert.equal(metrics.value("secretary_live_calls"), 0);
  });

  test("shorter than 16 characters, the configuration is refused, naming it", () => {
    assert.throws(
      () => loadConfig({ METRICS_TOKEN: "too-short" }),
      (error: unknown) =>
        error instanceof ConfigError && /METRICS_TOKEN: must be at least 16 characters/.test(error.message),
    );
  });
});

describe("/metrics while PostgreSQL is away", () => {
  let secretary: TestSecretary;
  let proxy: TcpProxy;
  let skip: string | undefined;
  before(async () => {
    const database = await createTestDatabase();
    if (!database.databaseUrl) {
      skip = "needs a PostgreSQL server (DATABASE_URL)";
      await database.drop();
      return;
    }
    proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(database.databaseUrl).port || 5432) });
    secretary = await startSecretary({ database, env: { DATABASE_URL: proxy.through(database.databaseUrl) } });
  });
  after(async () => {
    if (skip) return;
    proxy.restore();
    await secretary.dispose();
    await proxy.close();
  });

  test("writes retried are counted and pending until it is back; a scrape still answers, with the last depth read", async (t) => {
    if (skip) return t.skip(skip);
    const first = await scrape(secretary);
    const depth = first.value("secretary_analysis_queue_depth", { state: "pending" });
    const retriesBefore = first.value("secretary_call_log_write_retries_total");

    proxy.cut();
    secretary.anthropic.enqueue({ text: "Sure, I'll let Dr. Reyes know." });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770004" });
    await call.say("Hi, I'm running ten minutes late.");
    const outage = await eventually("a write retried", async () => {
      const metrics = await scrape(secretary);
      return metrics.value("secretary_call_log_write_retries_total") > retriesBefore && metrics;
    });
    assert.ok(outage.value("secretary_call_log_writes_pending") > 0);

    // Connections accepted and never answered: the count cannot be read, the scrape does not wait on it.
    proxy.blackhole();
    const partitioned = await scrape(secretary);
    assert.equal(partitioned.value("secretary_analysis_queue_depth", { state: "pending" }), depth);

    proxy.restore();
    await call.hangUp();
    await eventually(
      "the writes in the database",
      async () => {
        const metrics = await scrape(secretary);
        return metrics.value("secretary_call_log_writes_pending") === 0;
      },
      20_000,
    );
  });
});
