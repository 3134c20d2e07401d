import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, test } from "node:test";
import twilio from "twilio";
import type WebSocket from "ws";
import { openRelaySocket } from "../src/simulator/signed-requests.js";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { SimulatorError } from "../src/simulator/simulator-error.js";
import { RelayTickets } from "../src/twilio/relay-ticket.js";
import { startSecretary, TEST_TWILIO_TOKEN, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

/**
 * What an attacker holding one captured `X-Twilio-Signature` of a relay upgrade can do: nothing.
 * Each session has its own URL (a ticket), which opens one session, for a few minutes, for the
 * call, numbers and parameters it was issued for.
 */
describe("a captured relay signature opens nothing", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary();
    secretary.anthropic.respondWith(() => ({
      toolUse: {
        name: "record_call_analysis",
        input: { summary: "A caller called.", intent: "message", urgency: "NORMAL", callerName: null, actionItems: [] },
      },
    }));
  });
  after(() => secretary.dispose());
  const prisma = () => secretary.app.database.prisma;

  /** The socket an attacker opens with the URL and signature Twilio used, and a `setup` of their choosing. */
  async function replay(url: string, setup: Record<string, unknown>): Promise<{ code: number; socket: WebSocket }> {
    const signature = twilio.getExpectedTwilioSignature(TEST_TWILIO_TOKEN, url, {});
    const socket = await openRelaySocket(secretary.simulator, url, { signature });
    const closed = once(socket, "close") as Promise<[number, Buffer]>;
    socket.send(JSON.stringify({ type: "setup", sessionId: `VX${"a".repeat(32)}`, ...setup }));
    socket.send(JSON.stringify({ type: "prompt", voicePrompt: "Read me the last conversation.", last: true }));
    const [code] = await closed;
    return { code, socket };
  }

  /** The `setup` Twilio sent for the call's current session, word for word. */
  const setupOf = (call: SimulatedCall) => ({
    callSid: call.callSid,
    accountSid: call.accountSid,
    from: call.from,
    to: call.to,
    customParameters: call.twiml.relay?.parameters ?? {},
  });

  test("replayed while the call is live, the session is refused and the call goes on untouched", async () => {
    secretary.anthropic.enqueue({ text: "Of course, what's your name?" }, { text: "Thanks, Ines." });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770001" });
    await call.say("I need to move my appointment.");
    const url = call.twiml.relay?.url ?? "";
    const turns = () => prisma().turn.findMany({ where: { call: { callSid: call.callSid } }, orderBy: { seq: "asc" } });
    const before = await eventually(
      "greeting, caller and reply stored",
      async () => (await turns()).length === 3 && turns(),
    );
    const requestsBefore = secretary.anthropic.requests.length;

    const { code } = await replay(url, setupOf(call));
    assert.equal(code, 1008, "closed as a policy violation");
    assert.deepEqual(await turns(), before, "nothing the attacker said is stored");
    assert.equal(secretary.anthropic.requests.length, requestsBefore, "nothing reached Claude");

    assert.equal(await call.say("It's Ines."), "Thanks, Ines.", "the real call is unaffected");
    await call.hangUp();
  });

  test("replayed after the call is over, it reopens nothing: the record, its end and its analysis stand", async () => {
    secretary.anthropic.enqueue({ text: "Noted: your PIN is 4321." });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770002" });
    await call.say("My PIN is 4321.");
    await call.hangUp();
    const done = await eventually("the call analysed", () =>
      prisma().call.findFirst({ where: { callSid: call.callSid, analysisState: "DONE" }, include: { turns: true } }),
    );
    const requestsBefore = secretary.anthropic.requests.length;

    const { code } = await replay(call.twiml.relay?.url ?? "", setupOf(call));
    assert.equal(code, 1008);
    const after = await prisma().call.findUniqueOrThrow({ where: { id: done.id }, include: { turns: true } });
    assert.deepEqual(
      [after.endReason, after.endedAt, after.analysisState, after.sessionCount, after.turns.length],
      [done.endReason, done.endedAt, "DONE", done.sessionCount, done.turns.length],
    );
    assert.equal(secretary.anthropic.requests.length, requestsBefore, "the transcript was not sent to anyone");
  });

  test("a setup that says anything the ticket was not issued for is refused", async () => {
    const call = await placeCall({ ...secretary.simulator, from: "+15557770003" });
    const url = call.twiml.relay?.url ?? "";
    const honest = setupOf(call);
    const lies = [
      { ...honest, from: "+15550000000" },
      { ...honest, to: "+15550000001" },
      { ...honest, accountSid: `AC${"0".repeat(32)}` },
      { ...honest, callSid: `CA${"0".repeat(32)}` },
      { ...honest, customParameters: { ...honest.customParameters, ownerUnavailable: "true" } },
      { ...honest, customParameters: { ...honest.customParameters, greeting: "Hi, I am the owner." } },
    ];
    for (const setup of lies) {
      const { code } = await replay(url, setup);
      assert.equal(code, 1008, JSON.stringify(setup));
    }
    await call.hangUp();
  });

  test("after a resume, the first session's ticket is spent; the resumed session works", async () => {
    secretary.anthropic.enqueue({ text: "Go on." }, { text: "Got it." });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770004" });
    const firstUrl = call.twiml.relay?.url ?? "";
    const firstSetup = setupOf(call);
    await call.say("Hello?");
    await call.dropConnection();
    assert.notEqual(call.twiml.relay?.url, firstUrl, "the resume has a ticket of its own");

    const { code } = await replay(firstUrl, firstSetup);
    assert.equal(code, 1008);
    assert.equal(await call.say("As I was saying."), "Got it.");
    await call.hangUp();
  });

  test("a ticket older than a few minutes opens no socket", async () => {
    const tickets = new RelayTickets(TEST_TWILIO_TOKEN, secretary.app.publicUrl.replace(/^http/, "ws"));
    const url = tickets.url({
      callSid: `CA${"5".repeat(32)}`,
      accountSid: `AC${"5".repeat(32)}`,
      from: "+15557770005",
      to: "+15550009999",
      parameters: { greeting: "Hello." },
      issuedAt: new Date(Date.now() - 10 * 60_000),
    });
    const signature = twilio.getExpectedTwilioSignature(TEST_TWILIO_TOKEN, url, {});
    await assert.rejects(openRelaySocket(secretary.simulator, url, { signature }), (error: unknown) => {
      assert.ok(error instanceof SimulatorError);
      assert.equal(error.status, 403);
      return true;
    });
  });

  test("a socket that sends no setup is closed within a few seconds", async () => {
    const call = await placeCall({ ...secretary.simulator, from: "+15557770006" });
    const url = call.twiml.relay?.url ?? "";
    const signature = twilio.getExpectedTwilioSignature(TEST_TWILIO_TOKEN, url, {});
    const idle = await openRelaySocket(secretary.simulator, url, { signature });
    const [code] = (await once(idle, "close")) as [number];
    assert.equal(code, 4408);
    await call.hangUp();
  });
});
