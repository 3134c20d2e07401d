import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { welcomeGreeting } from "../src/conversation/spoken-lines.js";
import { signedPost } from "../src/simulator/signed-requests.js";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { CallRecordingDocument, DeleteCallDocument, RecordCallsDocument } from "./generated/graphql.js";
import { ApiClient } from "./support/graphql-client.js";
import { startSecretary, TEST_TWILIO_TOKEN, type TestSecretary } from "./support/secretary.js";
import { startTwilioRest, type TwilioRest } from "./support/twilio-rest.js";
import { eventually } from "./support/wait.js";

const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
// What Twilio holds of a call: MP3 bytes (an ID3 header, then anything).
const AUDIO = Buffer.concat([
  Buffer.from("ID3\u0004\u0000\u0000"),
  Buffer.from(Array.from({ length: 2000 }, (_, i) => i % 251)),
]);

describe("call recording", () => {
  let rest: TwilioRest;
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    rest = await startTwilioRest({ accountSid: ACCOUNT_SID, authToken: TEST_TWILIO_TOKEN });
    secretary = await startSecretary({
      offline: true,
      env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID },
      twilioRestUrl: rest.url,
    });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
    await rest.close();
  });
  const prisma = () => secretary.app.database.prisma;
  const recordCalls = (on: boolean) => api.query(RecordCallsDocument, { on });

  /** A call in which the caller says a few words and hangs up; Twilio has its audio if it was recorded. */
  async function recordedCall(): Promise<{ call: SimulatedCall; callId: string; recordingSid: string }> {
    const call = await placeCall(secretary.simulator);
    const recordingSid = call.recording?.recordingSid;
    assert.ok(recordingSid, "the call is recorded");
    rest.recordings.set(recordingSid, AUDIO);
    await call.say("Hi, I'd like to book a cleaning next week.");
    const { recordingCallback } = await call.hangUp({ duration: 42 });
    assert.equal(recordingCallback?.status, 204, recordingCallback?.body);
    const row = await eventually("the call record", () =>
      prisma().call.findUnique({ where: { callSid: call.callSid } }),
    );
    return { call, callId: Buffer.from(`Call:${row.id}`).toString("base64"), recordingSid };
  }

  /** The recording's URL as the API gives it, fetched on the server this test reaches. */
  function listen(url: string, headers: Record<string, string> = {}): Promise<Response> {
    assert.ok(url.startsWith(`${secretary.app.publicUrl}/recordings/`), url);
    return fetch(secretary.app.url + url.slice(secretary.app.publicUrl.length), { headers });
  }
  const owner = () => ({ authorization: `Bearer ${secretary.app.apiToken}` });

  test("with recordCalls on, the whole call is recorded, the greeting says so, and the owner listens through our server", async () => {
    assert.equal((await recordCalls(true)).updateSettings.settings.recordCalls, true);
    const { call, callId, recordingSid } = await recordedCall();

    // <Start><Recording> before <Connect>, both sides on their own channel, reported once complete.
    assert.deepEqual(
      call.voiceAnswer?.twiml?.verbs.map((verb) => verb.name),
      ["Start", "Connect"],
    );
    assert.equal(call.recording?.attributes.channels, "dual");
    assert.deepEqual(call.recording?.statusCallbackEvents, ["completed"]);
    assert.equal(call.recording?.statusCallbackUrl, `${secretary.app.publicUrl}/twilio/recording-status`);
    assert.match(call.twiml.relay?.welcomeGreeting ?? "", /This call is recorded and transcribed\./);

    const { call: stored } = await api.query(CallRecordingDocument, { callId });
    assert.deepEqual(stored?.recording, {
      durationSeconds: Number(
        (await prisma().callRecording.findUniqueOrThrow({ where: { recordingSid } })).durationSeconds,
      ),
      url: `${secretary.app.publicUrl}/recordings/${callId}`,
    });
    const url = stored?.recording?.url ?? "";
    assert.doesNotMatch(url, /twilio|AC[0-9a-f]{32}|RE[0-9a-f]{32}/i, "nothing of Twilio's in the owner's link");

    const heard = await listen(url, owner());
    assert.equal(heard.status, 200);
    assert.equal(heard.headers.get("content-type"), "audio/mpeg");
    assert.deepEqual(Buffer.from(await heard.arrayBuffer()), AUDIO);
    for (const [name, value] of heard.headers) assert.doesNotMatch(`${name}: ${value}`, /twilio|AC[0-9a-f]{32}/i);

    // A player seeking: the range reaches Twilio and its part comes back.
    const seek = await listen(url, { ...owner(), range: "bytes=100-199" });
    assert.equal(seek.status, 206);
    assert.equal(seek.headers.get("content-range"), `bytes 100-199/${AUDIO.length}`);
    assert.deepEqual(Buffer.from(await seek.arrayBuffer()), AUDIO.subarray(100, 200));
    assert.deepEqual(rest.audioRequests.at(-1), { recordingSid, range: "bytes=100-199" });

    // Without the API token, or with another, nothing is fetched from Twilio.
    const fetched = rest.audioRequests.length;
    const strangers: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-the-api-token-at-all" },
      { authorization: `Basic ${btoa(`${ACCOUNT_SID}:${TEST_TWILIO_TOKEN}`)}` },
    ];
    for (const headers of strangers) {
      const refused = await listen(url, headers);
      assert.equal(refused.status, 401);
      assert.doesNotMatch(await refused.text(), /ID3/);
    }
    assert.equal(rest.audioRequests.length, fetched);
  });

  test("with recordCalls off, nothing is recorded and the greeting says only that the call is transcribed", async () => {
    await recordCalls(false);
    const call = await placeCall(secretary.simulator);
    assert.equal(call.recording, undefined);
    assert.deepEqual(
      call.voiceAnswer?.twiml?.verbs.map((verb) => verb.name),
      ["Connect"],
    );
    const greeting = call.twiml.relay?.welcomeGreeting ?? "";
    assert.match(greeting, /This call is transcribed\./);
    assert.doesNotMatch(greeting, /record/i);
    await call.say("Just checking your hours.");
    await call.hangUp();
    const row = await eventually("the call record", () =>
      prisma().call.findUnique({ where: { callSid: call.callSid } }),
    );
    const callId = Buffer.from(`Call:${row.id}`).toString("base64");
    assert.equal((await api.query(CallRecordingDocument, { callId })).call?.recording, null);
    const none = await fetch(`${secretary.app.url}/recordings/${callId}`, { headers: owner() });
    assert.equal(none.status, 404);
    for (const stranger of ["not-a-call-id", "%E0%A4%A", Buffer.from("Caller:1").toString("base64")])
      assert.equal((await fetch(`${secretary.app.url}/recordings/${stranger}`, { headers: owner() })).status, 404);
  });

  test("deleting the call deletes its recording at Twilio", async () => {
    await recordCalls(true);
    const { callId, recordingSid } = await recordedCall();
    await api.query(DeleteCallDocument, { input: { callId } });
    await eventually("the recording deleted at Twilio", async () => rest.deletedRecordings.includes(recordingSid));
    assert.equal(rest.recordings.has(recordingSid), false);
    assert.equal(await prisma().callRecording.count({ where: { recordingSid } }), 0);
    await eventually("the deletion off the queue", async () => (await prisma().recordingDeletion.count()) === 0);
    assert.equal((await fetch(`${secretary.app.url}/recordings/${callId}`, { headers: owner() })).status, 404);
  });

  test("Twilio down when the call is deleted: the deletion is retried, and done once Twilio is back", async () => {
    await recordCalls(true);
    const { callId, recordingSid } = await recordedCall();
    await rest.goDown();
    try {
      await api.query(DeleteCallDocument, { input: { callId } });
      // Tried, failed, kept for later: the call is gone from the log, the recording not yet from Twilio.
      const pending = await eventually("a failed attempt recorded", () =>
        prisma().recordingDeletion.findFirst({ where: { recordingSid, attempts: { gte: 2 } } }),
      );
      assert.match(pending.lastError ?? "", /could not be reached/);
    } finally {
      await rest.comeBack();
    }
    await eventually("the recording deleted at Twilio", async () => rest.deletedRecordings.includes(recordingSid));
    await eventually("the deletion off the queue", async () => (await prisma().recordingDeletion.count()) === 0);
  });

  test("a recording reported after its call was erased is deleted at Twilio, never kept", async () => {
    await recordCalls(true);
    const call = await placeCall(secretary.simulator);
    const recordingSid = call.recording?.recordingSid ?? "";
    rest.recordings.set(recordingSid, AUDIO);
    await call.say("Please call me back.");
    await call.postStatus({ CallStatus: "completed", CallDuration: "9" });
    const row = await eventually("the call record", () =>
      prisma().call.findFirst({ where: { callSid: call.callSid, status: "COMPLETED" } }),
    );
    await api.query(DeleteCallDocument, { input: { callId: Buffer.from(`Call:${row.id}`).toString("base64") } });
    assert.equal((await call.postRecordingStatus()).status, 204);
    await eventually("the late recording deleted at Twilio", async () => rest.deletedRecordings.includes(recordingSid));
    assert.equal(await prisma().callRecording.count({ where: { callSid: call.callSid } }), 0);
    call.dispose();
  });

  test("an unsigned or forged recording callback is refused, and nothing is kept", async () => {
    const callSid = `CA${"a".repeat(32)}`;
    const params = {
      AccountSid: ACCOUNT_SID,
      CallSid: callSid,
      RecordingSid: `RE${"b".repeat(32)}`,
      RecordingStatus: "completed",
      RecordingDuration: "12",
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/RE${"b".repeat(32)}`,
    };
    for (const signature of [null, "Zm9yZ2VkLXNpZ25hdHVyZQ=="]) {
      const answer = await signedPost(secretary.simulator, "/twilio/recording-status", params, { signature });
      assert.equal(answer.status, 403);
    }
    // Signed, but not a recording Twilio would name: refused too.
    const malformed = await signedPost(secretary.simulator, "/twilio/recording-status", {
      ...params,
      RecordingSid: "RE-nope",
    });
    assert.equal(malformed.status, 400);
    assert.match(await malformed.text(), /invalid RecordingSid/);
    assert.equal(await prisma().callRecording.count({ where: { callSid } }), 0);
    assert.equal(await prisma().recordingDeletion.count({ where: { recordingSid: params.RecordingSid } }), 0);
  });
});

describe("recording without TWILIO_ACCOUNT_SID", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary({ offline: true });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });

  test("turning recordCalls on is refused, naming the setting and why; nothing changes", async () => {
    const { body } = await api.post(RecordCallsDocument, { on: true });
    const error = body.errors?.[0];
    assert.equal(error?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(body));
    assert.equal(error?.extensions?.field, "recordCalls");
    assert.match(error?.message ?? "", /^recordCalls: needs TWILIO_ACCOUNT_SID/);
    const call = await placeCall(secretary.simulator);
    assert.equal(call.recording, undefined);
    assert.match(call.twiml.relay?.welcomeGreeting ?? "", /This call is transcribed\./);
    // Hung up rather than dropped: a socket cut just before the server stops would hold its stop
    // for Twilio's callback, which a dropped call never sends.
    await call.hangUp();
  });
});

describe("the greeting's disclosure", () => {
  const cases = [
    ["en-US", "This call is transcribed.", "This call is recorded and transcribed."],
    ["es-MX", "Esta llamada se transcribe.", "Esta llamada se graba y se transcribe."],
    ["fr-FR", "Cet appel est transcrit.", "Cet appel est enregistré et transcrit."],
    ["de-DE", "Dieses Gespräch wird mitgeschrieben.", "Dieses Gespräch wird aufgezeichnet und mitgeschrieben."],
  ] as const;
  for (const [language, transcribed, recorded] of cases) {
    test(`${language}: says what is kept, the voice only when it is recorded`, () => {
      const settings = (recordCalls: boolean) => ({ businessName: "Harbor Dental", voice: { language }, recordCalls });
      const off = welcomeGreeting(settings(false), {});
      const on = welcomeGreeting(settings(true), {});
      assert.ok(off.includes(transcribed), off);
      assert.ok(!off.includes(recorded), off);
      assert.ok(on.includes(recorded), on);
    });
  }
});
