import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import twilio from "twilio";
import { openRelaySocket, signedPost } from "../src/simulator/signed-requests.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import { SimulatorError } from "../src/simulator/simulator-error.js";
import { parseTwiml } from "../src/simulator/twiml-parser.js";
import { startSecretary, TEST_TWILIO_TOKEN, type TestSecretary, writesSettled } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const voiceParams = {
  CallSid: "CA00000000000000000000000000000001",
  AccountSid: `AC${"0".repeat(32)}`,
  From: "+15550001000",
  To: "+15550002000",
  CallStatus: "ringing",
};

describe("Twilio signatures and bad input", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary();
  });
  after(() => secretary.dispose());

  const rowCounts = async () => {
    const prisma = secretary.app.database.prisma;
    return { calls: await prisma.call.count(), turns: await prisma.turn.count(), callers: await prisma.caller.count() };
  };

  test("webhooks without a signature, with a forged one, or signed for another URL are refused with 403 and write nothing", async () => {
    const endpoint = secretary.simulator;
    const forged = twilio.getExpectedTwilioSignature(
      "not-the-token",
      `${endpoint.publicUrl}/twilio/voice`,
      voiceParams,
    );
    const otherUrl = twilio.getExpectedTwilioSignature(
      TEST_TWILIO_TOKEN,
      "https://attacker.example/twilio/voice",
      voiceParams,
    );
    const statusParams = { ...voiceParams, CallStatus: "completed", CallDuration: "10" };
    const heldParams = { ...voiceParams, CallStatus: "in-progress" };
    // The query of a held call's URL is signed with it: its time on hold cannot be rewritten.
    const heldSince = twilio.getExpectedTwilioSignature(
      TEST_TWILIO_TOKEN,
      `${endpoint.publicUrl}/twilio/resume?parkedAt=1000`,
      heldParams,
    );
    const attempts = [
      signedPost(endpoint, "/twilio/resume?parkedAt=1000", heldParams, { signature: null }),
      signedPost(endpoint, "/twilio/resume?parkedAt=2000", heldParams, { signature: heldSince }),
      signedPost(endpoint, "/twilio/voice", voiceParams, { signature: null }),
      signedPost(endpoint, "/twilio/voice", voiceParams, { signature: forged }),
      signedPost(endpoint, "/twilio/voice", voiceParams, { signature: otherUrl }),
      signedPost(endpoint, "/twilio/status", statusParams, { signature: null }),
      signedPost(endpoint, "/twilio/status", statusParams, { signature: forged }),
      signedPost(
        endpoint,
        "/twilio/relay-action",
        { ...voiceParams, SessionStatus: "failed", CallStatus: "in-progress" },
        { signature: "x" },
      ),
      signedPost(
        endpoint,
        "/twilio/dial-result",
        { ...voiceParams, DialCallStatus: "no-answer", CallStatus: "completed" },
        { signature: null },
      ),
    ];
    for (const response of await Promise.all(attempts)) {
      assert.equal(response.status, 403);
      assert.doesNotMatch(await response.text(), /<Response>/);
    }
    // A signed request whose parameters were changed in transit is refused too.
    const signature = twilio.getExpectedTwilioSignature(
      TEST_TWILIO_TOKEN,
      `${endpoint.publicUrl}/twilio/status`,
      statusParams,
    );
    const tampered = await signedPost(
      endpoint,
      "/twilio/status",
      { ...statusParams, CallDuration: "9999" },
      { signature },
    );
    assert.equal(tampered.status, 403);
    assert.deepEqual(await rowCounts(), { calls: 0, turns: 0, callers: 0 });
  });

  test("a refused signature is told the URL it is checked on, except in production", async () => {
    const onAnotherUrl = { ...secretary.simulator, publicUrl: secretary.app.url };
    const refused = await signedPost(onAnotherUrl, "/twilio/voice", voiceParams);
    assert.equal(refused.status, 403);
    assert.deepEqual(await refused.json(), {
      error: "invalid Twilio signature",
      signatureUrl: `${secretary.app.publicUrl}/twilio/voice`,
    });

    const production = await startSecretary({
      env: {
        NODE_ENV: "production",
        PUBLIC_URL: "https://secretary.example.test",
        API_TOKEN: "production-api-token-0123456789",
      },
    });
    try {
      const refusedInProduction = await signedPost(
        { ...production.simulator, publicUrl: production.app.url },
        "/twilio/voice",
        voiceParams,
      );
      assert.equal(refusedInProduction.status, 403);
      assert.deepEqual(await refusedInProduction.json(), { error: "invalid Twilio signature" });
    } finally {
      await production.dispose();
    }
    assert.deepEqual(await rowCounts(), { calls: 0, turns: 0, callers: 0 });
  });

  test("a relay WebSocket upgrade without a valid signature is refused and opens no session", async () => {
    // A real session URL, as the voice webhook's TwiML gives it (answering writes nothing).
    const answer = await signedPost(secretary.simulator, "/twilio/voice", voiceParams);
    const relayUrl = parseTwiml(await answer.text()).relay?.url ?? "";
    assert.match(relayUrl, /\/twilio\/relay\/CA0{31}1\//);
    for (const signature of [null, "forged", twilio.getExpectedTwilioSignature("wrong", relayUrl, {})]) {
      await assert.rejects(openRelaySocket(secretary.simulator, relayUrl, { signature }), (error: unknown) => {
        assert.ok(error instanceof SimulatorError);
        assert.equal(error.status, 403);
        return true;
      });
    }
    assert.deepEqual(await rowCounts(), { calls: 0, turns: 0, callers: 0 });
  });

  test("a signed but malformed webhook gets a clear 4xx, not a crash", async () => {
    const endpoint = secretary.simulator;
    const missingSid = await signedPost(endpoint, "/twilio/voice", { From: "+15550001000" });
    assert.equal(missingSid.status, 400);
    assert.match(await missingSid.text(), /CallSid/);
    const unknownStatus = await signedPost(endpoint, "/twilio/status", {
      CallSid: voiceParams.CallSid,
      CallStatus: "exploded",
    });
    assert.equal(unknownStatus.status, 400);
    assert.match(await unknownStatus.text(), /CallStatus/);
    const dialWithoutOutcome = await signedPost(endpoint, "/twilio/dial-result", {
      CallSid: voiceParams.CallSid,
      CallStatus: "completed",
    });
    assert.equal(dialWithoutOutcome.status, 400);
    assert.match(await dialWithoutOutcome.text(), /DialCallStatus/);
    const json = await fetch(`${endpoint.serverUrl}/twilio/voice`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(json.status, 415);
    const get = await fetch(`${endpoint.serverUrl}/twilio/voice`);
    assert.equal(get.status, 405);
    assert.equal((await rowCounts()).calls, 0);
  });

  test("status callbacks are idempotent and safe out of order", async () => {
    const call = await placeCall({ ...secretary.simulator, from: "+15550003000" });
    await call.say("Hello?");
    const prisma = secretary.app.database.prisma;
    await eventually("call record", () => prisma.call.findUnique({ where: { callSid: call.callSid } }));
    const completed = {
      CallStatus: "completed",
      CallDuration: "73",
      SequenceNumber: "3",
      Timestamp: new Date("2026-11-23T10:00:00Z").toUTCString(),
    };
    assert.equal((await call.postStatus(completed)).status, 204);
    assert.equal((await call.postStatus(completed)).status, 204);
    // Sent again later: the first report of the end stands.
    const later = new Date("2026-11-23T10:05:00Z").toUTCString();
    assert.equal((await call.postStatus({ ...completed, Timestamp: later })).status, 204);
    // A late "in-progress" (lower sequence number) arrives after the call completed.
    assert.equal((await call.postStatus({ CallStatus: "in-progress", SequenceNumber: "1" })).status, 204);
    assert.equal((await call.postStatus({ CallStatus: "ringing" })).status, 204);
    await writesSettled(secretary);
    const stored = await prisma.call.findUniqueOrThrow({ where: { callSid: call.callSid } });
    assert.equal(stored.status, "COMPLETED");
    assert.equal(stored.durationSeconds, 73);
    assert.equal(stored.endedAt?.toISOString(), "2026-11-23T10:00:00.000Z");
    assert.equal(await prisma.call.count({ where: { callSid: call.callSid } }), 1);
    call.dispose();
  });

  test("a missed call that never reached the relay is still logged and summarised", async () => {
    const sid = "CA00000000000000000000000000000099";
    const response = await signedPost(secretary.simulator, "/twilio/status", {
      CallSid: sid,
      From: "+15550004000",
      To: "+15550002000",
      CallStatus: "no-answer",
      SequenceNumber: "0",
    });
    assert.equal(response.status, 204);
    const stored = await eventually("missed call analysed", () =>
      secretary.app.database.prisma.call.findFirst({ where: { callSid: sid, analysisState: "DONE" } }),
    );
    assert.equal(stored.status, "NO_ANSWER");
    assert.match(stored.summary ?? "", /Missed call from \+15550004000/);
  });
});
