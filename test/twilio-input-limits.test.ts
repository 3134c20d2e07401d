import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import twilio from "twilio";
import type WebSocket from "ws";
import { createLogger } from "../src/logger.js";
import { openRelaySocket, signedPost } from "../src/simulator/signed-requests.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import { parseTwiml } from "../src/simulator/twiml-parser.js";
import { twilioRoutes } from "../src/twilio/routes.js";
import {
  conversationRequests,
  startSecretary,
  TEST_TWILIO_TOKEN,
  type TestSecretary,
  writesSettled,
} from "./support/secretary.js";
import { eventually } from "./support/wait.js";

interface LogLine {
  level: number;
  msg: string;
  reason?: string;
  err?: unknown;
  /** Set on what the earlier tests' calls log meanwhile (their analyses, their writes). */
  callId?: string;
  callSid?: string;
}

const WARN = 40;
const ERROR = 50;

let sidCounter = 0;
/** A fresh Call SID in Twilio's format. */
const nextCallSid = () => `CA${(++sidCounter).toString(16).padStart(32, "0")}`;
const ACCOUNT_SID = `AC${"ab".repeat(16)}`;
const SESSION_ID = `VX${"cd".repeat(16)}`;
const CALLER = "+15550001000";
const LINE = "+15550002000";

/** What Twilio posts to each webhook, all well formed. */
function webhookParams(path: string, callSid: string): Record<string, string> {
  const call = { CallSid: callSid, AccountSid: ACCOUNT_SID, From: CALLER, To: LINE };
  switch (path) {
    case twilioRoutes.voice:
      return { ...call, CallStatus: "ringing" };
    case twilioRoutes.relayAction:
      return { ...call, CallStatus: "completed", SessionId: SESSION_ID, SessionStatus: "completed" };
    case twilioRoutes.dialResult:
      return { ...call, CallStatus: "completed", DialCallStatus: "no-answer" };
    default:
      return {
        ...call,
        CallStatus: "completed",
        CallDuration: "12",
        SequenceNumber: "3",
        Timestamp: "Mon, 23 Nov 2026 10:00:00 +0000",
      };
  }
}

const WEBHOOKS = [twilioRoutes.voice, twilioRoutes.relayAction, twilioRoutes.dialResult, twilioRoutes.status];

describe("what the webhooks and the relay socket accept from Twilio", () => {
  let secretary: TestSecretary;
  const logs: LogLine[] = [];
  before(async () => {
    secretary = await startSecretary({
      env: {
        NODE_ENV: "production",
        // With a port, as many deployments have: a full URL as the request target once made the
        // signature check throw on it.
        PUBLIC_URL: "https://secretary.example.test:8443",
        API_TOKEN: "production-api-token-0123456789",
      },
      logger: createLogger("info", { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) }),
    });
  });
  after(() => secretary.dispose());

  const prisma = () => secretary.app.database.prisma;
  const rowCounts = async () => ({
    calls: await prisma().call.count(),
    turns: await prisma().turn.count(),
    callers: await prisma().caller.count(),
  });
  const logged = (text: string) => logs.some((line) => JSON.stringify(line).includes(text));

  test("a From or To that is not a phone number is refused with a 400 naming it, and nothing is written", async () => {
    const before = await rowCounts();
    const badNumbers: [field: "From" | "To", value: string][] = [
      ["From", `+${"7".repeat(2000)}`],
      ["From", "+1555000100012345"],
      ["From", "15550001000"],
      ["To", "+1 555 000 2000"],
      ["To", "anonymous'); DROP TABLE"],
    ];
    for (const path of WEBHOOKS) {
      for (const [field, value] of badNumbers) {
        const response = await signedPost(secretary.simulator, path, {
          ...webhookParams(path, nextCallSid()),
          [field]: value,
        });
        assert.equal(response.status, 400, `${path} with ${field}=${value.slice(0, 20)}`);
        const { error } = (await response.json()) as { error: string };
        assert.match(error, new RegExp(`\\b${field}\\b`));
        assert.ok(!error.includes(value), "the refusal does not echo the value");
      }
    }
    assert.deepEqual(await rowCounts(), before);
  });

  test("a withheld caller ID is taken in each of the forms Twilio sends it", async () => {
    for (const from of ["anonymous", "Restricted", "UNKNOWN", "unavailable", "private", "blocked", "+266696687", ""]) {
      const callSid = nextCallSid();
      const voice = await signedPost(secretary.simulator, "/twilio/voice", {
        ...webhookParams("/twilio/voice", callSid),
        From: from,
      });
      assert.equal(voice.status, 200, `voice webhook from ${JSON.stringify(from)}`);
      const status = await signedPost(secretary.simulator, "/twilio/status", {
        ...webhookParams("/twilio/status", callSid),
        From: from,
      });
      assert.equal(status.status, 204);
      await writesSettled(secretary);
      const stored = await prisma().call.findUniqueOrThrow({ where: { callSid } });
      assert.equal(stored.from, from);
    }
  });

  test("an identifier or value out of Twilio's format or bounds is refused with a 400 naming the field", async () => {
    await writesSettled(secretary);
    const before = await rowCounts();
    const cases: [path: string, field: string, value: string][] = [
      ["/twilio/status", "CallSid", "CA9"],
      ["/twilio/status", "CallSid", `CA${"0".repeat(40_000)}`],
      ["/twilio/voice", "AccountSid", "AC1"],
      ["/twilio/voice", "AccountSid", `AC${"f".repeat(10_000)}`],
      ["/twilio/relay-action", "SessionId", "VX1"],
      ["/twilio/relay-action", "SessionId", `VX${"e".repeat(10_000)}`],
      ["/twilio/status", "CallStatus", "exploded"],
      ["/twilio/status", "CallStatus", "x".repeat(10_000)],
      ["/twilio/relay-action", "SessionStatus", "x".repeat(10_000)],
      ["/twilio/dial-result", "DialCallStatus", "maybe"],
      ["/twilio/dial-result", "DialCallStatus", "x".repeat(10_000)],
      ["/twilio/status", "CallDuration", "-5"],
      ["/twilio/status", "CallDuration", "9".repeat(20)],
      ["/twilio/status", "SequenceNumber", "-1"],
      ["/twilio/status", "Timestamp", "x".repeat(10_000)],
      ["/twilio/status", "Timestamp", "yesterday"],
      ["/twilio/relay-action", "HandoffData", `{"reasonCode":"transfer","reason":"${"x".repeat(20_000)}"}`],
      ["/twilio/relay-action", "ErrorCode", "6".repeat(10_000)],
      ["/twilio/relay-action", "ErrorCode", "oops"],
    ];
    for (const [path, field, value] of cases) {
      const response = await signedPost(secretary.simulator, path, {
        ...webhookParams(path, nextCallSid()),
        [field]: value,
      });
      assert.equal(response.status, 400, `${path} with ${field}=${value.slice(0, 20)}`);
      const { error } = (await response.json()) as { error: string };
      assert.match(error, new RegExp(`\\b${field}\\b`), `${path} with ${field}=${value.slice(0, 20)}`);
      assert.ok(!error.includes(value), "the refusal does not echo the value");
    }
    await writesSettled(secretary);
    assert.deepEqual(await rowCounts(), before);
  });

  test("a setup frame with a bad number or identifier is ignored as malformed, and its contents stay out of the logs", async () => {
    const cases: [field: string, setup: Record<string, unknown>, marker: string][] = [
      ["from", { from: `+${"7".repeat(2000)}` }, "7777777777"],
      ["to", { to: "not a number 4444" }, "not a number 4444"],
      ["callSid", { callSid: "CA9 and more 4444" }, "CA9 and more 4444"],
      ["callSid", { callSid: `CA${"3".repeat(10_000)}` }, "3333333333"],
      ["sessionId", { sessionId: "VX but not 4444" }, "VX but not 4444"],
      [
        "customParameters",
        { customParameters: Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`p${k}`, "v"])) },
        '"p99"',
      ],
      ["customParameters", { customParameters: { greeting: `Hello ${"h".repeat(10_000)}` } }, "hhhhhhhhhh"],
      ["customParameters", { customParameters: { [`k${"y".repeat(10_000)}`]: "v" } }, "yyyyyyyyyy"],
    ];
    for (const [field, badSetup, marker] of cases) {
      const callSid = nextCallSid();
      const voice = await signedPost(secretary.simulator, "/twilio/voice", webhookParams("/twilio/voice", callSid));
      const relay = parseTwiml(await voice.text()).relay;
      assert.ok(relay, "the voice webhook connects a ConversationRelay");
      const ws = await openRelaySocket(secretary.simulator, relay.url);
      const setup = {
        type: "setup",
        sessionId: SESSION_ID,
        accountSid: ACCOUNT_SID,
        callSid,
        from: CALLER,
        to: LINE,
        direction: "inbound",
        callType: "PSTN",
        callStatus: "RINGING",
        customParameters: relay.parameters,
      };
      const logsBefore = logs.length;
      // The bad frame, then a good one: once the good one has opened the call, the bad one was read.
      ws.send(JSON.stringify({ ...setup, from: "+15550009999", ...badSetup }));
      ws.send(JSON.stringify(setup));
      const opened = await eventually(`a call opened (${field} case)`, () =>
        prisma().call.findFirst({
          where: { OR: [{ callSid }, { callSid: String(badSetup.callSid ?? callSid) }] },
        }),
      );
      assert.deepEqual(
        { callSid: opened.callSid, from: opened.from, to: opened.to },
        { callSid, from: CALLER, to: LINE },
      );
      const refusals = logs
        .slice(logsBefore)
        .filter((line) => line.msg === "ignored a malformed ConversationRelay frame" && line.level === WARN);
      assert.equal(refusals.length, 1, `${field}: one malformed frame logged`);
      assert.match(refusals[0]?.reason ?? "", new RegExp(`\\b${field}\\b`));
      assert.ok(!logged(marker), `${field}: the frame's contents are not logged`);
      await closeSocket(ws);
    }
  });

  test("a prompt, an interrupt or an error frame out of bounds is ignored as malformed, and the call goes on", async () => {
    secretary.anthropic.enqueue({ text: "Yes, I can hear you." });
    const call = await placeCall({ ...secretary.simulator, from: "+15550003000" });
    const requestsBefore = conversationRequests(secretary.anthropic).length;
    const logsBefore = logs.length;
    const marker = "OVERSIZED-4444";
    call.sendRaw(JSON.stringify({ type: "prompt", voicePrompt: `${marker} ${"blah ".repeat(2000)}`, last: true }));
    call.sendRaw(JSON.stringify({ type: "interrupt", utteranceUntilInterrupt: `${marker} ${"y".repeat(10_000)}` }));
    call.sendRaw(JSON.stringify({ type: "error", description: `${marker} ${"z".repeat(10_000)}` }));
    assert.equal(await call.say("Hello, can you hear me?"), "Yes, I can hear you.");
    const asked = conversationRequests(secretary.anthropic).slice(requestsBefore);
    assert.equal(asked.length, 1, "only the ordinary prompt is answered");
    assert.ok(!JSON.stringify(asked).includes(marker));
    await call.hangUp();
    const ended = await eventually("the call's end", () =>
      prisma().call.findFirst({ where: { callSid: call.callSid, endReason: { not: null } }, include: { turns: true } }),
    );
    assert.ok(ended.turns.every((turn) => !turn.text.includes(marker)));
    const reasons = logs
      .slice(logsBefore)
      .filter((line) => line.msg === "ignored a malformed ConversationRelay frame")
      .map((line) => line.reason);
    for (const field of ["voicePrompt", "utteranceUntilInterrupt", "description"]) {
      assert.ok(
        reasons.some((reason) => reason?.includes(field)),
        `${field} is named in the log`,
      );
    }
    assert.ok(!logged(marker), "the frames' contents are not logged");
  });

  test("a request whose target is a full URL (as sent to a proxy) gets a clear 400, not a crash", async () => {
    const before = await rowCounts();
    const body = new URLSearchParams(webhookParams("/twilio/voice", nextCallSid())).toString();
    const logsBefore = logs.length;
    const answer = await rawRequest(
      secretary.app.port,
      [
        "POST http://evil.example/twilio/voice HTTP/1.1",
        "Host: evil.example",
        "Content-Type: application/x-www-form-urlencoded",
        "X-Twilio-Signature: anything",
        `Content-Length: ${Buffer.byteLength(body)}`,
        "Connection: close",
        "",
        body,
      ].join("\r\n"),
    );
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /"error":"[^"]*target[^"]*"/);
    const lines = logs.slice(logsBefore).filter((line) => !line.callId && !line.callSid);
    assert.ok(lines.length > 0, "the refusal is logged");
    assert.deepEqual(
      lines.filter((line) => line.level >= ERROR || line.err !== undefined).map((line) => line.msg),
      [],
      "a short warning, no error or stack trace",
    );
    assert.deepEqual(await rowCounts(), before);
  });

  test("the form's media type is read as a media type: case-insensitive, parameters after ';'", async () => {
    const params = webhookParams("/twilio/voice", nextCallSid());
    const url = `${secretary.app.publicUrl}/twilio/voice`;
    const post = (contentType: string) =>
      fetch(`${secretary.app.url}/twilio/voice`, {
        method: "POST",
        headers: {
          "content-type": contentType,
          "x-twilio-signature": twilio.getExpectedTwilioSignature(TEST_TWILIO_TOKEN, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    for (const accepted of [
      "Application/X-WWW-Form-Urlencoded",
      "application/x-www-form-urlencoded;charset=utf-8",
      "application/x-www-form-urlencoded ; charset=UTF-8",
    ]) {
      const response = await post(accepted);
      assert.equal(response.status, 200, accepted);
      assert.match(await response.text(), /<ConversationRelay /);
    }
    for (const refused of [
      "application/x-www-form-urlencodedX",
      "application/x-www-form-urlencoded-evil",
      "text/plain",
    ]) {
      const response = await post(refused);
      assert.equal(response.status, 415, refused);
    }
  });
});

/** Sends `request` as is over a TCP connection and resolves with everything the server answered. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    socket.on("error", reject);
  });
}

function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    ws.once("close", () => resolve());
    ws.close(1000);
  });
}
