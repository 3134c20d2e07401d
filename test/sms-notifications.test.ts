import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { placeCall } from "../src/simulator/simulated-call.js";
import { ApiClient } from "./support/graphql-client.js";
import { startSecretary, TEST_TWILIO_TOKEN, type TestSecretary } from "./support/secretary.js";
import { startTwilioRest, type TwilioRest } from "./support/twilio-rest.js";
import { eventually } from "./support/wait.js";

const ACCOUNT_SID = `AC${"fedcba9876543210".repeat(2)}`;
const BUSINESS_NUMBER = "+15555550100";
const OWNER_PHONE = "+15550107777";
const CALLER = "+15557654321";
const CREATE = `mutation ($input: CreateNotificationChannelInput!) {
  createNotificationChannel(input: $input) { notificationChannel { id kind sms { to from } hasSecret } webhookSecret }
}`;
const SEND_TEST = `mutation ($id: ID!) {
  sendTestNotification(input: { notificationChannelId: $id }) { delivered error }
}`;
// Twilio's answer to too many requests at once: a refusal worth trying again later.
const TOO_MANY_REQUESTS = { status: 429, code: 20429, message: "Too Many Requests" };

describe("notifications by SMS to the owner's phone", () => {
  let rest: TwilioRest;
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    rest = await startTwilioRest({ accountSid: ACCOUNT_SID, authToken: TEST_TWILIO_TOKEN });
    secretary = await startSecretary({
      env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID },
      twilioRestUrl: rest.url,
      settings: { timeZone: "UTC" },
    });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    secretary.anthropic.respondWith(() => ({
      toolUse: {
        name: "record_call_analysis",
        input: {
          summary: "Jane Doe's kitchen pipe burst; water everywhere, she wants a plumber today.",
          intent: "burst pipe in the kitchen, water everywhere, wants someone today",
          urgency: "URGENT",
          callerName: "Jane Doe",
          actionItems: ["Call Jane Doe back today."],
          spam: false,
        },
      },
    }));
  });
  after(async () => {
    await api?.close();
    await secretary?.dispose();
    await rest?.close();
  });
  const prisma = () => secretary.app.database.prisma;

  async function createSms(sms: Record<string, string>, events = ["CALL_URGENT"]) {
    return api.post<
      {
        createNotificationChannel: {
          notificationChannel: { id: string; kind: string; sms: { to: string; from: string }; hasSecret: boolean };
          webhookSecret: string | null;
        };
      },
      Record<string, unknown>
    >(CREATE, { input: { name: "Owner's phone", sms, events } });
  }

  test("numbers that are not E.164 are refused naming the field, and nothing is made", async () => {
    for (const [sms, field] of [
      [{ to: "555-0107", from: BUSINESS_NUMBER }, "sms.to"],
      [{ to: OWNER_PHONE, from: "business" }, "sms.from"],
    ] as const) {
      const { body } = await createSms(sms);
      assert.equal(body.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
      assert.equal(body.errors?.[0]?.extensions?.field, field);
    }
    assert.equal(await prisma().notificationChannel.count(), 0);
  });

  test("an urgent call texts the owner who, why and the number to call back; a Twilio refusal is retried, and the text arrives once", async () => {
    const { body } = await createSms({ to: OWNER_PHONE, from: BUSINESS_NUMBER });
    const channel = body.data!.createNotificationChannel.notificationChannel;
    assert.deepEqual(channel.sms, { to: OWNER_PHONE, from: BUSINESS_NUMBER });
    assert.equal(channel.kind, "SMS");
    assert.equal(body.data!.createNotificationChannel.webhookSecret, null);

    rest.refuseNext(TOO_MANY_REQUESTS);
    secretary.anthropic.enqueue({ text: "I'll get someone to call you right back. Goodbye!" });
    const call = await placeCall({ ...secretary.simulator, from: CALLER });
    await call.say("This is Jane Doe, a pipe burst in my kitchen, there's water everywhere!");
    await call.hangUp();
    const row = await eventually("the call analysed", () =>
      prisma().call.findFirst({ where: { callSid: call.callSid, analysisState: "DONE" } }),
    );
    const delivery = await eventually("the text delivered", () =>
      prisma().notificationDelivery.findFirst({ where: { callId: row.id, status: "DELIVERED" } }),
    );
    assert.deepEqual(rest.refused, [
      { path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, status: 429, code: 20429 },
    ]);
    assert.equal(delivery.attempts, 2, "refused once, then taken");
    assert.match(delivery.lastError ?? "", /Twilio refused the message: Too Many Requests \(error 20429\)/);
    assert.ok(!delivery.lastError?.includes("Jane"), "the error does not carry the text");
    // Only the stand-in's account credentials get a message taken: the SDK authenticated as the account.
    assert.equal(rest.messages.length, 1, "sent once");
    const [text] = rest.messages;
    assert.equal(text!.accountSid, ACCOUNT_SID);
    assert.equal(text!.to, OWNER_PHONE);
    assert.equal(text!.from, BUSINESS_NUMBER);
    const lines = text!.body.split("\n");
    assert.equal(
      lines[0],
      "URGENT: Jane Doe (+15557654321) called: burst pipe in the kitchen, water everywhere, wants someone today",
    );
    assert.equal(lines[1], `Call back ${CALLER}`);
    assert.equal(lines[2], `${secretary.app.publicUrl}/calls/${row.id}`);
    assert.ok(text!.body.length <= 306, "two SMS segments at most");
    assert.match(text!.body, /^[\x20-\x7e\n]*$/, "plain ASCII: sent as GSM-7, not UCS-2");
    const stored = await prisma().notificationChannel.findUniqueOrThrow({ where: { id: delivery.channelId } });
    assert.ok(stored.lastDeliveredAt && stored.lastErrorAt && stored.lastDeliveredAt > stored.lastErrorAt);
  });

  test("an emergency Claude flags while the caller is on the line pages the owner during the call, and the analysis does not page again", async () => {
    const channel = await prisma().notificationChannel.findFirstOrThrow({
      where: { kind: "SMS", events: { equals: ["CALL_URGENT"] } },
    });
    const before = rest.messages.length;
    secretary.anthropic.enqueue(
      {
        toolUse: {
          name: "take_message",
          input: {
            message: "Water pouring through the ceiling, needs a plumber now",
            caller_name: "Sam Lee",
            callback_number: CALLER,
            emergency: true,
          },
        },
      },
      { text: "I've alerted the owner right away. Stay safe." },
    );
    const call = await placeCall({ ...secretary.simulator, from: CALLER });
    await call.say("Water is pouring through my ceiling, I need a plumber now!");
    const row = await eventually("the call record", () =>
      prisma().call.findUniqueOrThrow({ where: { callSid: call.callSid } }),
    );
    const link = `${secretary.app.publicUrl}/calls/${row.id}`;
    const aboutThisCall = () => rest.messages.slice(before).filter((message) => message.body.includes(link));
    // The caller is still on the line.
    const page = await eventually("the owner paged", async () => aboutThisCall()[0]);
    assert.equal((await prisma().call.findUniqueOrThrow({ where: { id: row.id } })).endedAt, null, "the call goes on");
    assert.equal(page!.to, OWNER_PHONE);
    assert.equal(page!.from, BUSINESS_NUMBER);
    assert.match(page!.body, /^URGENT: .*called: Water pouring through the ceiling, needs a plumber now/);
    assert.ok(page!.body.includes(`Call back ${CALLER}`));

    await call.hangUp();
    await eventually("the call analysed as URGENT", () =>
      prisma().call.findFirst({ where: { id: row.id, analysisState: "DONE", urgency: "URGENT" } }),
    );
    await eventually(
      "the outbox settled",
      async () => (await prisma().notificationDelivery.count({ where: { status: "PENDING" } })) === 0,
    );
    assert.equal(aboutThisCall().length, 1, "paged once: the analysis' call.urgent is the same notification");
    const rows = await prisma().notificationDelivery.findMany({ where: { callId: row.id, channelId: channel.id } });
    assert.deepEqual(
      rows.map((delivery) => [delivery.event, delivery.status]),
      [["CALL_URGENT", "DELIVERED"]],
    );
  });

  test("a test notification is a text to the owner's phone", async () => {
    const { body } = await createSms({ to: "+15550108888", from: BUSINESS_NUMBER }, ["MESSAGE_TAKEN"]);
    const id = body.data!.createNotificationChannel.notificationChannel.id;
    const before = rest.messages.length;
    const result = await api.post<
      { sendTestNotification: { delivered: boolean; error: string | null } },
      { id: string }
    >(SEND_TEST, {
      id,
    });
    assert.deepEqual(result.body.data?.sendTestNotification, { delivered: true, error: null });
    const sent = rest.messages.slice(before);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.to, "+15550108888");
    assert.match(sent[0]!.body, /this channel works/);
  });
});
