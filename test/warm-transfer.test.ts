import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import twilio from "twilio";
import { createLogger } from "../src/logger.js";
import { postForm, publicBase, signedUrl } from "../src/simulator/signed-requests.js";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { ApiClient } from "./support/graphql-client.js";
import { startSecretary, TEST_TWILIO_TOKEN, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const OWNER = "+15550001111";
const PARTNER = "+15550002222";
const BRIEFING = "Jane Doe, burst pipe in the kitchen, wants someone today";
const SET_TRANSFER_NUMBERS = `mutation ($numbers: [TransferNumberInput!]!) {
  updateSettings(input: { transferNumbers: $numbers }) { settings { transferNumbers { name phone } } }
}`;

describe("warm transfer: the person rung is briefed and takes the call with 1", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  const logs: string[] = [];
  before(async () => {
    secretary = await startSecretary({
      env: { OWNER_PHONE: OWNER },
      // Everything logged at info, as an operator's logs hold it.
      logger: createLogger("info", { write: (line: string) => void logs.push(line) }),
    });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    const { status, body } = await api.post(SET_TRANSFER_NUMBERS, {
      numbers: [{ name: "Sam Ortiz", phone: PARTNER }],
    });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.data, {
      updateSettings: { settings: { transferNumbers: [{ name: "Sam Ortiz", phone: PARTNER }] } },
    });
  });
  after(() => secretary.dispose());

  /** A caller Claude puts through with the briefing; resolves once the Dial rings the owner. */
  async function callPutThrough(from: string): Promise<{ call: SimulatedCall; dialTwiml: string }> {
    secretary.anthropic.enqueue({
      text: "Let me put you through to Dr. Reyes.",
      toolUse: { name: "transfer_to_owner", input: { reason: "burst pipe", briefing: BRIEFING } },
    });
    const call = await placeCall({ ...secretary.simulator, from });
    await call.say("I'm Jane Doe, a pipe burst in my kitchen. Can I talk to Dr. Reyes? I need someone today.");
    const ended = await call.waitForEnd();
    assert.equal(call.pendingDial?.number, OWNER, "the owner is rung first");
    return { call, dialTwiml: ended.action?.body ?? "" };
  }

  test("the owner hears the briefing and presses 1: the caller is put through", async () => {
    const { call, dialTwiml } = await callPutThrough("+15553330001");
    // The caller hears a line, then it rings: never silence, never a voicemail.
    assert.match(dialTwiml, /<Say>Connecting you to Dr\. Reyes now\.<\/Say><Dial [^>]*answerOnBridge="true"/);
    assert.match(dialTwiml, /callerId="\+15553330001"/, "the owner sees who is calling");
    const owner = await call.pickUp({ press: "1" });
    assert.deepEqual(owner.heard, [
      "A call for Harbor Dental, put through by your secretary.",
      BRIEFING,
      "Press 1 to take the call.",
    ]);
    assert.equal(owner.bridged, true);
    assert.equal(owner.pressed, "1");
    // They talked; when the owner hangs up, so does the call.
    const over = await call.finishDial("completed", { duration: 95 });
    assert.ok(over.twiml?.verbs.some((verb) => verb.name === "Hangup"));
    await call.hangUp();
    const stored = await eventually("the transferred call", () =>
      secretary.app.database.prisma.call.findFirst({ where: { callSid: call.callSid, endReason: { not: null } } }),
    );
    assert.equal(stored.endReason, "TRANSFERRED_TO_OWNER");
  });

  test("a voicemail presses nothing: each number is tried, then the caller is back with the secretary, who takes a message", async () => {
    const { call } = await callPutThrough("+15553330002");
    const said: string[] = [];
    call.onEvent((event) => event.type === "say" && said.push(event.text));
    const ownersVoicemail = await call.pickUp();
    assert.equal(ownersVoicemail.heard.at(1), BRIEFING, "the voicemail heard the briefing: no key pressed");
    assert.equal(ownersVoicemail.bridged, false);
    assert.equal(call.pendingDial?.number, PARTNER, "the next number rings");
    assert.deepEqual(said, ["Still trying, one moment please."]);

    secretary.anthropic.enqueue(
      { text: "Of course.", toolUse: { name: "take_message", input: { message: "Burst pipe, call back today" } } },
      { text: "I'll make sure Dr. Reyes gets it." },
    );
    const partnersVoicemail = await call.pickUp();
    assert.equal(partnersVoicemail.bridged, false);
    const greeting = partnersVoicemail.action?.twiml?.relay?.welcomeGreeting ?? "";
    assert.match(greeting, /^I'm sorry, Dr\. Reyes isn't available right now\. I'll take a message/);
    assert.equal(call.sessions.length, 2, "back on a second session of the same call");
    await call.say("Please ask him to call me back today.");
    await call.hangUp();
    const stored = await eventually("the message taken", () =>
      secretary.app.database.prisma.call.findFirst({
        where: { callSid: call.callSid, actionItems: { some: {} } },
        include: { actionItems: true },
      }),
    );
    assert.match(stored.actionItems[0]?.description ?? "", /Burst pipe, call back today/);
  });

  test("the owner's phone rings out, the next person presses 1: put through, and the caller heard why it took longer", async () => {
    const { call } = await callPutThrough("+15553330003");
    const said: string[] = [];
    call.onEvent((event) => event.type === "say" && said.push(event.text));
    await call.finishDial("no-answer");
    assert.equal(call.pendingDial?.number, PARTNER);
    const partner = await call.pickUp({ press: "1" });
    assert.equal(partner.bridged, true);
    assert.equal(partner.heard.at(1), BRIEFING, "the fallback is briefed too");
    assert.deepEqual(said, ["Still trying, one moment please."]);
    const over = await call.finishDial("completed", { duration: 40 });
    assert.ok(over.twiml?.verbs.some((verb) => verb.name === "Hangup"));
    await call.hangUp();
  });

  test("another key declines: the Dial reports it not taken, and the next number rings", async () => {
    const { call } = await callPutThrough("+15553330004");
    const declined = await call.pickUp({ press: "2" });
    assert.equal(declined.bridged, false);
    assert.equal(call.pendingDial?.number, PARTNER);
    await call.hangUp();
  });

  test("callback URLs carry their query sorted by name, as Twilio signs it; in another order the signature fails", async () => {
    const { call, dialTwiml } = await callPutThrough("+15553330005");
    const dial = call.pendingDial;
    assert.ok(dial?.whisperUrl);
    const action = new URL(dial.actionUrl);
    assert.deepEqual([...action.searchParams.keys()], ["attempt", "briefing"]);
    assert.equal(action.searchParams.get("briefing"), BRIEFING);
    assert.equal(new URL(dial.whisperUrl).searchParams.get("briefing"), BRIEFING);
    assert.match(dialTwiml, /twilio\/dial-result\?attempt=0&amp;briefing=/);

    // Twilio sorts the query before signing: a URL written the other way round is refused.
    const fields = { CallSid: call.callSid, From: call.from, To: call.to, CallStatus: "in-progress" };
    const dialFields = { ...fields, DialCallStatus: "no-answer", DialBridged: "false" };
    const unsorted = `${publicBase(secretary.simulator)}/twilio/dial-result?briefing=x&attempt=0`;
    assert.equal((await postForm(secretary.simulator, unsorted, dialFields)).status, 403);
    await call.hangUp();
  });

  test("the whisper route refuses unsigned, forged or re-targeted requests, and changes nothing", async () => {
    const { call } = await callPutThrough("+15553330006");
    const whisperUrl = call.pendingDial?.whisperUrl ?? "";
    const leg = {
      CallSid: "CA0123456789abcdef0123456789abcdef",
      From: call.from,
      To: OWNER,
      CallStatus: "in-progress",
    };
    const calls = await secretary.app.database.prisma.call.count();
    const signedForJane = twilio.getExpectedTwilioSignature(TEST_TWILIO_TOKEN, signedUrl(whisperUrl), leg);
    const refused = [
      await postForm(secretary.simulator, whisperUrl, leg, null),
      await postForm(secretary.simulator, whisperUrl, { ...leg, Digits: "1" }, "forged"),
      // Signed for the briefing Twilio was given, sent with another.
      await postForm(secretary.simulator, whisperUrl.replace("Jane", "Mallory"), leg, signedForJane),
    ];
    for (const response of refused) {
      assert.equal(response.status, 403);
      assert.doesNotMatch(await response.text(), /Response|Gather/);
    }
    // Signed, but longer than any briefing we write: named, not echoed.
    const tooLong = `${publicBase(secretary.simulator)}/twilio/whisper?briefing=${"x".repeat(201)}`;
    const malformed = await postForm(secretary.simulator, tooLong, leg);
    assert.equal(malformed.status, 400);
    assert.deepEqual(await malformed.json(), { error: "invalid briefing" });
    assert.equal(await secretary.app.database.prisma.call.count(), calls);
    assert.equal((await call.pickUp({ press: "1" })).heard.at(1), BRIEFING, "the dial rings on, untouched");
    await call.hangUp();
  });

  test("the briefing is never in the logs at info", async () => {
    assert.ok(logs.length > 0);
    assert.ok(
      logs.some((line) => line.includes("the transferred call was taken")),
      "the whisper's outcome is logged",
    );
    assert.equal(
      logs.find((line) => line.includes("burst pipe") || line.includes("Jane")),
      undefined,
    );
  });
});

describe("transfer numbers in the settings", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary({ env: { OWNER_PHONE: OWNER } });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(() => secretary.dispose());

  const refusal = async (numbers: unknown) => {
    const { body } = await api.post(SET_TRANSFER_NUMBERS, { numbers });
    const [error] = body.errors ?? [];
    return { code: error?.extensions?.code, field: error?.extensions?.field, message: error?.message };
  };

  test("each is checked: E.164, at most 5, none rung twice, only after an owner's phone", async () => {
    assert.deepEqual(await refusal([{ name: "Sam", phone: "555-0100" }]), {
      code: "BAD_USER_INPUT",
      field: "transferNumbers[0].phone",
      message: "transferNumbers[0].phone: must be an E.164 phone number such as +15551234567",
    });
    assert.equal((await refusal([{ name: "Me again", phone: OWNER }])).field, "transferNumbers[0].phone");
    const six = Array.from({ length: 6 }, (_, index) => ({ name: `Person ${index}`, phone: `+1555000300${index}` }));
    assert.equal((await refusal(six)).field, "transferNumbers");
    assert.equal((await refusal([{ name: " ", phone: PARTNER }])).field, "transferNumbers[0].name");

    const { body } = await api.post(SET_TRANSFER_NUMBERS, { numbers: [{ name: "Sam", phone: PARTNER }] });
    assert.equal(body.errors, undefined);
    const { body: cleared } = await api.post(
      "mutation { updateSettings(input: { ownerPhone: null }) { settings { ownerPhone } } }",
    );
    assert.equal(cleared.errors?.[0]?.extensions?.field, "transferNumbers", "fallbacks need the owner's phone first");
    const history = await secretary.app.database.prisma.settingsChange.findMany({ orderBy: { version: "desc" } });
    assert.deepEqual(history[0]?.changes, [
      { field: "transferNumbers", before: [], after: [{ name: "Sam", phone: PARTNER }] },
    ]);
  });
});

describe("the offline secretary's transfer", () => {
  test("briefs the owner from what the caller said", async () => {
    const secretary = await startSecretary({ offline: true, env: { OWNER_PHONE: OWNER } });
    try {
      const call = await placeCall({ ...secretary.simulator, from: "+15559990002" });
      await call.say(
        "My name is Omar Haddad, my crown came off and I'm bleeding, it's an emergency. I need to speak to Dr. Reyes now!",
      );
      await call.waitForEnd();
      const owner = await call.pickUp({ press: "1" });
      assert.equal(owner.heard.at(1), "Omar Haddad is calling because their crown came off and they're bleeding.");
      await call.finishDial("completed", { duration: 10 });
      await call.hangUp();
    } finally {
      await secretary.dispose();
    }
  });
});
