import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createLogger } from "../src/logger.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import {
  CallDocument,
  CallsDocument,
  MissedCallTextBackDocument,
  ReanalyzeCallDocument,
  TranscriptKindsDocument,
  UpdateSettingsDocument,
} from "./generated/graphql.js";
import { type FakeReply, toolNamesOf } from "./support/fake-anthropic.js";
import { ApiClient } from "./support/graphql-client.js";
import {
  conversationRequests,
  lastConversationRequest,
  startSecretary,
  TEST_TWILIO_TOKEN,
  type TestSecretary,
} from "./support/secretary.js";
import { startTwilioRest, type TwilioRest, UNSUBSCRIBED_RECIPIENT } from "./support/twilio-rest.js";
import { eventually } from "./support/wait.js";

const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
// The simulator's default `To`: the business's number, which texts come from.
const BUSINESS_NUMBER = "+15555550100";
const ADDRESS_TEXT = "Harbor Dental: 12 Elm Street, Springfield. Parking behind the building.";
const MISSED_CALL_TEXT = "Sorry we missed you at Harbor Dental. Reply here or call back anytime.";

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Claude texts the caller, then says so. */
function textingReplies(body: string, after = "There, it's on your phone."): FakeReply[] {
  return [
    {
      text: "Sure, I'll text it to you now.",
      toolUse: { name: "send_text", input: { body, confirmed_by_caller: true } },
    },
    { text: ` ${after}` },
  ];
}

describe("texting the caller", () => {
  let rest: TwilioRest;
  let secretary: TestSecretary;
  let api: ApiClient;
  const logs: LogLine[] = [];
  before(async () => {
    rest = await startTwilioRest({ accountSid: ACCOUNT_SID, authToken: TEST_TWILIO_TOKEN });
    secretary = await startSecretary({
      env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID },
      twilioRestUrl: rest.url,
      logger: createLogger("info", { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) }),
    });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    // The post-call analysis, for the calls in which the caller spoke.
    secretary.anthropic.respondWith(() => ({
      toolUse: {
        name: "record_call_analysis",
        input: {
          summary: "A patient asked for the address.",
          intent: "address",
          urgency: "LOW",
          callerName: null,
          actionItems: [],
          spam: false,
        },
      },
    }));
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
    await rest.close();
  });
  const prisma = () => secretary.app.database.prisma;
  const analysed = (callSid: string) =>
    eventually("the call analysed", () => prisma().call.findFirst({ where: { callSid, analysisState: "DONE" } }));
  /** What Claude was told the tool did, in the round after it used it. */
  const toolResult = () => {
    const content = lastConversationRequest(secretary.anthropic).messages.at(-1)?.content;
    assert.ok(Array.isArray(content));
    const result = content[0];
    assert.ok(result?.type === "tool_result", JSON.stringify(content));
    return { content: result.content, isError: result.is_error };
  };

  test("after the caller says yes, the text goes to their own number from the business's, and is an SMS turn of the call", async () => {
    const from = "+15550109001";
    secretary.anthropic.enqueue(...textingReplies(ADDRESS_TEXT));
    const call = await placeCall({ ...secretary.simulator, from });
    const row = await eventually("the call record", () =>
      prisma().call.findUnique({ where: { callSid: call.callSid } }),
    );
    const transcript = api.ws(TranscriptKindsDocument, { callId: Buffer.from(`Call:${row.id}`).toString("base64") });
    // (Until the subscription is set up, events are not sent to it.)
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(
      await call.say("Yes please, text me the address."),
      "Sure, I'll text it to you now. There, it's on your phone.",
    );
    assert.ok(toolNamesOf(conversationRequests(secretary.anthropic)[0]!).includes("send_text"), "the tool is offered");
    assert.deepEqual(toolResult(), { content: "Sent: it is on their phone.", isError: false });
    assert.deepEqual(
      rest.messages.map(({ accountSid, to, from, body }) => ({ accountSid, to, from, body })),
      [{ accountSid: ACCOUNT_SID, to: from, from: BUSINESS_NUMBER, body: ADDRESS_TEXT }],
      "authenticated as the account, to the caller, from the number they called",
    );
    const live = await transcript.waitFor("the text, live", (event) => event.data?.transcript.kind === "SMS");
    assert.deepEqual(
      { ...live.data?.transcript, turnId: undefined },
      { turnId: undefined, role: "ASSISTANT", kind: "SMS", text: ADDRESS_TEXT, final: true },
    );
    assert.equal(
      (await transcript.waitFor("the caller's words", (event) => event.data?.transcript.role === "CALLER")).data
        ?.transcript.kind,
      "SPEECH",
    );
    transcript.close();
    await call.hangUp();
    await analysed(call.callSid);

    const { calls } = await api.query(CallsDocument, { first: 1, filter: { phone: from } });
    const { call: stored } = await api.query(CallDocument, { callId: calls.edges[0]?.node.id ?? "" });
    const turns = stored?.turns.map(({ role, kind, text }) => ({ role, kind, text }));
    assert.deepEqual(turns, [
      {
        role: "ASSISTANT",
        kind: "SPEECH",
        text: "Hello, you've reached Harbor Dental. This call is transcribed. How can I help you today?",
      },
      { role: "CALLER", kind: "SPEECH", text: "Yes please, text me the address." },
      { role: "ASSISTANT", kind: "SMS", text: ADDRESS_TEXT },
      { role: "ASSISTANT", kind: "SPEECH", text: "Sure, I'll text it to you now. There, it's on your phone." },
    ]);
    const infoLines = JSON.stringify(logs);
    assert.ok(infoLines.includes("texted the caller"), "the text is logged");
    assert.ok(!infoLines.includes("12 Elm Street"), "without its body");
  });

  test("a withheld number gets no text, and Claude is told why", async () => {
    const sentBefore = rest.messages.length;
    secretary.anthropic.enqueue(...textingReplies(ADDRESS_TEXT, "Actually, it's 12 Elm Street."));
    const call = await placeCall({ ...secretary.simulator, from: "anonymous" });
    await call.say("Can you text me the address?");
    const result = toolResult();
    assert.equal(result.isError, true);
    assert.match(String(result.content), /withheld/);
    await call.hangUp();
    await analysed(call.callSid);
    assert.equal(rest.messages.length, sentBefore, "nothing sent");
    const stored = await prisma().call.findFirstOrThrow({ where: { callSid: call.callSid }, include: { turns: true } });
    assert.ok(stored.turns.every((turn) => turn.kind !== "SMS"));
  });

  test("Twilio refuses the text: the call goes on, Claude hears why, and the log has the error but not the text", async () => {
    const from = "+15550109003";
    rest.refuseNext(UNSUBSCRIBED_RECIPIENT);
    secretary.anthropic.enqueue(...textingReplies(ADDRESS_TEXT, "I couldn't text you, so: 12 Elm Street."), {
      text: "You're welcome. Goodbye!",
    });
    const call = await placeCall({ ...secretary.simulator, from });
    assert.equal(
      await call.say("Text me the address, please."),
      "Sure, I'll text it to you now. I couldn't text you, so: 12 Elm Street.",
    );
    const result = toolResult();
    assert.equal(result.isError, true);
    assert.match(String(result.content), /opted out/);
    assert.equal(await call.say("Thanks!"), "You're welcome. Goodbye!", "the call goes on");
    await call.hangUp();
    await analysed(call.callSid);

    assert.deepEqual(rest.refused.at(-1), {
      path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      status: 400,
      code: 21610,
    });
    assert.ok(rest.messages.every((message) => message.to !== from));
    const stored = await prisma().call.findFirstOrThrow({ where: { callSid: call.callSid }, include: { turns: true } });
    assert.ok(
      stored.turns.every((turn) => turn.kind !== "SMS"),
      "a text that did not go is no turn",
    );
    const warning = logs.find((line) => line.msg === "a text to the caller was not sent");
    assert.equal(warning?.code, 21610);
    assert.ok(!JSON.stringify(logs).includes("Parking behind the building"), "the body is never logged");
  });

  test("only with the caller's yes, and a few texts a call at most", async () => {
    const from = "+15550109010";
    secretary.anthropic.enqueue(
      {
        text: "I'll text it.",
        toolUse: { name: "send_text", input: { body: ADDRESS_TEXT, confirmed_by_caller: false } },
      },
      { text: " Would you like a text?" },
    );
    const call = await placeCall({ ...secretary.simulator, from });
    await call.say("What's your address?");
    const unconfirmed = toolResult();
    assert.equal(unconfirmed.isError, true);
    assert.match(String(unconfirmed.content), /confirmed_by_caller: true/);
    assert.equal(rest.messages.filter((message) => message.to === from).length, 0, "not without a yes");

    const results: string[] = [];
    for (let n = 1; n <= 4; n++) {
      secretary.anthropic.enqueue(...textingReplies(`Text ${n} from Harbor Dental.`));
      await call.say(n === 1 ? "Yes, text me." : "And again, please.");
      results.push(String(toolResult().content));
    }
    await call.hangUp();
    assert.deepEqual(
      rest.messages.filter((message) => message.to === from).map((message) => message.body),
      ["Text 1 from Harbor Dental.", "Text 2 from Harbor Dental.", "Text 3 from Harbor Dental."],
    );
    assert.match(results[3] ?? "", /No more texts on this call \(3 at most\)/);
  });

  test("a caller who hangs up before saying anything is texted back once a day, only with the setting on", async () => {
    const from = "+15550109004";
    const hangUpSilently = async (caller: string) => {
      const call = await placeCall({ ...secretary.simulator, from: caller });
      await call.hangUp();
      await analysed(call.callSid);
      return call;
    };
    const textsTo = (caller: string) => rest.messages.filter((message) => message.to === caller);

    await hangUpSilently(from);
    assert.deepEqual(textsTo(from), [], "off by default");

    const turnedOn = await api.query(MissedCallTextBackDocument, { on: true });
    assert.equal(turnedOn.updateSettings.settings.missedCallTextBack, true);
    // (Each process reads a change at once; this one made it.)
    const texted = await hangUpSilently(from);
    assert.deepEqual(
      textsTo(from).map(({ from, body }) => ({ from, body })),
      [{ from: BUSINESS_NUMBER, body: MISSED_CALL_TEXT }],
    );
    const record = await prisma().missedCallText.findFirstOrThrow({ where: { call: { callSid: texted.callSid } } });
    assert.equal(record.messageId, textsTo(from)[0]?.sid, "the message's SID is kept");
    assert.ok(record.sentAt);

    // The call handled again (the owner asks for its analysis again, as a retry would): no second text.
    const { analyzedAt } = await prisma().call.findUniqueOrThrow({ where: { callSid: texted.callSid } });
    await api.query(ReanalyzeCallDocument, {
      input: { callId: Buffer.from(`Call:${record.callId}`).toString("base64") },
    });
    await eventually("the call analysed again", () =>
      prisma().call.findFirst({
        where: { callSid: texted.callSid, analysisState: "DONE", analyzedAt: { gt: analyzedAt ?? new Date(0) } },
      }),
    );
    assert.equal(textsTo(from).length, 1, "handled again, not texted again");

    await hangUpSilently(from);
    assert.equal(textsTo(from).length, 1, "a second missed call the same day gets no second text");

    const sentBefore = rest.messages.length;
    await hangUpSilently("anonymous");
    await hangUpSilently("+15550109005");
    assert.equal(textsTo("+15550109005").length, 1, "another number gets its own");
    assert.equal(rest.messages.length, sentBefore + 1, "a withheld number gets none");

    const spoke = "+15550109006";
    secretary.anthropic.enqueue({ text: "We're at 12 Elm Street." });
    const call = await placeCall({ ...secretary.simulator, from: spoke });
    await call.say("Where are you?");
    await call.hangUp();
    await analysed(call.callSid);
    assert.deepEqual(textsTo(spoke), [], "a caller who spoke is not texted back");

    const suspect = await placeCall({
      ...secretary.simulator,
      from: "+15550109008",
      stirVerstat: "TN-Validation-Failed-B",
    });
    await suspect.hangUp();
    await analysed(suspect.callSid);
    assert.deepEqual(textsTo("+15550109008"), [], "a caller ID that failed verification is not texted");

    await api.query(UpdateSettingsDocument, { input: { voice: { language: "es-ES" } } });
    await hangUpSilently("+15550109009");
    assert.deepEqual(
      textsTo("+15550109009").map(({ body }) => body),
      ["Sentimos no haber podido atenderle en Harbor Dental. Responda a este mensaje o vuelva a llamar cuando quiera."],
      "in the business's language",
    );
    await api.query(UpdateSettingsDocument, { input: { voice: { language: "en-US" } } });

    await api.query(MissedCallTextBackDocument, { on: false });
    await hangUpSilently("+15550109007");
    assert.deepEqual(textsTo("+15550109007"), [], "turned off again");
  });
});

describe("without TWILIO_ACCOUNT_SID", () => {
  test("texting is off: send_text is not offered, and the start-up log says so", async () => {
    const logs: LogLine[] = [];
    const secretary = await startSecretary({
      logger: createLogger("info", { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) }),
    });
    try {
      secretary.anthropic.enqueue({ text: "We're at 12 Elm Street." });
      const call = await placeCall({ ...secretary.simulator, from: "+15550109101" });
      await call.say("Can you text me your address?");
      assert.ok(!toolNamesOf(lastConversationRequest(secretary.anthropic)).includes("send_text"));
      await call.hangUp();
      const started = logs.find((line) => line.msg === "phone secretary listening");
      assert.match(String(started?.texting), /^off \(no TWILIO_ACCOUNT_SID\)/);
    } finally {
      await secretary.dispose();
    }
  });
});
