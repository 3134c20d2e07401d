import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { Prisma } from "@prisma/client";
import { createLogger } from "../src/logger.js";
import { enqueueDueDigests } from "../src/notifications/daily-digest.js";
import { NotificationWorker } from "../src/notifications/notification-worker.js";
import { enqueueNotifications, NotificationOutbox } from "../src/notifications/outbox.js";
import { notificationSender } from "../src/senders/send-notification.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import { ApiClient } from "./support/graphql-client.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";
import { SmtpInbox } from "./support/smtp-inbox.js";
import { eventually } from "./support/wait.js";
import { WebhookReceiver } from "./support/webhook-receiver.js";

const SMTP_USER = "secretary@harbor-dental.test";
const SMTP_PASSWORD = "smtp-password-never-shown-7f3a";
const CALLER = "+15557654321";

const CHANNEL_FIELDS =
  "id kind name enabled events minUrgency quietHours { start end } email { host port secure user from to } webhook { url } hasSecret lastError lastErrorAt lastDeliveredAt";
const CREATE = `mutation ($input: CreateNotificationChannelInput!) {
  createNotificationChannel(input: $input) { notificationChannel { ${CHANNEL_FIELDS} } webhookSecret }
}`;
const UPDATE = `mutation ($input: UpdateNotificationChannelInput!) {
  updateNotificationChannel(input: $input) { notificationChannel { ${CHANNEL_FIELDS} } webhookSecret }
}`;
const DELETE =
  "mutation ($id: ID!) { deleteNotificationChannel(input: { notificationChannelId: $id }) { deletedNotificationChannelId } }";
const SEND_TEST = `mutation ($id: ID!) {
  sendTestNotification(input: { notificationChannelId: $id }) { delivered error notificationChannel { lastError lastDeliveredAt } }
}`;
const CHANNELS = `{ notificationChannels { totalCount edges { node { ${CHANNEL_FIELDS} } } } }`;
const DELIVERIES = `query ($callId: ID!) {
  deliveries(callId: $callId) { id event status attempts lastError nextAttemptAt deliveredAt channel { name } }
  node(id: $callId) { ... on Call { deliveries { id } } }
}`;

interface Channel {
  id: string;
  kind: string;
  name: string;
  hasSecret: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
  lastDeliveredAt: string | null;
  email: { host: string; port: number; user: string | null; to: string[] } | null;
  webhook: { url: string } | null;
}
interface Delivery {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  channel: { name: string };
}

/** The analysis Claude returns for every call of these tests (`urgency` as the test needs). */
const analysis = (urgency: string, intent: string, callerName: string | null) => ({
  toolUse: {
    name: "record_call_analysis",
    input: {
      summary: `${callerName ?? "A caller"} called about: ${intent}.`,
      intent,
      urgency,
      callerName,
      actionItems: urgency === "URGENT" ? [`Call ${callerName} back today about the ${intent}.`] : [],
      spam: false,
    },
  },
});

/** The hour and minute of a UTC instant, HH:MM. */
const hhmm = (at: Date) => at.toISOString().slice(11, 16);

describe("notifications: email and webhooks, durable, once", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  const inbox = new SmtpInbox(SMTP_USER, SMTP_PASSWORD);
  const receiver = new WebhookReceiver();
  const logs: string[] = [];
  /** The analysis the next call gets. */
  let nextAnalysis = analysis("NORMAL", "question", null);

  before(async () => {
    await inbox.start();
    await receiver.start();
    secretary = await startSecretary({
      settings: { timeZone: "UTC" },
      // Every line the server writes, down to debug: no secret may be among them.
      logger: createLogger("debug", { write: (line: string) => void logs.push(line) }),
    });
    secretary.anthropic.respondWith(() => nextAnalysis);
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await api?.close();
    await secretary?.dispose();
    await inbox.stop();
    await receiver.stop();
  });
  const prisma = () => secretary.app.database.prisma;

  async function mutate<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const { body } = await api.post<T, Record<string, unknown>>(query, variables);
    if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  async function createChannel(input: Record<string, unknown>): Promise<{ channel: Channel; secret: string | null }> {
    const data = await mutate<{
      createNotificationChannel: { notificationChannel: Channel; webhookSecret: string | null };
    }>(CREATE, { input });
    return {
      channel: data.createNotificationChannel.notificationChannel,
      secret: data.createNotificationChannel.webhookSecret,
    };
  }

  const emailInput = (to = "owner@harbor-dental.test") => ({
    host: "127.0.0.1",
    port: inbox.port,
    user: SMTP_USER,
    password: SMTP_PASSWORD,
    from: SMTP_USER,
    to: [to],
  });

  /** A call in which the caller says one line and hangs up; resolves with its database id once analysed. */
  async function callAndAnalyse(line: string, options: { takeMessage?: Record<string, string> } = {}): Promise<string> {
    if (options.takeMessage)
      secretary.anthropic.enqueue(
        { toolUse: { name: "take_message", input: options.takeMessage } },
        { text: "I've passed that on. Goodbye!" },
      );
    else secretary.anthropic.enqueue({ text: "I'll let them know. Goodbye!" });
    const call = await placeCall({ ...secretary.simulator, from: CALLER });
    await call.say(line);
    await call.hangUp();
    const row = await eventually(
      "the call analysed",
      () => prisma().call.findFirst({ where: { callSid: call.callSid, analysisState: "DONE" } }),
      10_000,
    );
    return row.id;
  }

  const callGlobalId = (callId: string) => encodeGlobalID("Call", callId);

  async function deliveriesOf(callId: string): Promise<Delivery[]> {
    const data = await mutate<{ deliveries: Delivery[]; node: { deliveries: { id: string }[] } }>(DELIVERIES, {
      callId: callGlobalId(callId),
    });
    assert.deepEqual(
      data.node.deliveries.map((delivery) => delivery.id),
      data.deliveries.map((delivery) => delivery.id),
      "Call.deliveries lists the same as deliveries(callId)",
    );
    return data.deliveries;
  }

  /** Resolves once nothing is owed any more (every delivery DELIVERED or FAILED). */
  const outboxSettled = () =>
    eventually(
      "the outbox settled",
      async () => (await prisma().notificationDelivery.count({ where: { status: "PENDING" } })) === 0,
      10_000,
    );

  const mailsAbout = (callId: string) => inbox.mails.filter((mail) => mail.text?.includes(`/calls/${callId}`));

  test("an urgent call: the owner's email says who, why, how urgent, the number and the link; the webhook is signed and verifies", async () => {
    const email = await createChannel({
      name: "Owner's inbox",
      email: emailInput(),
      events: ["CALL_URGENT", "CALL_ANALYZED"],
    });
    assert.equal(email.channel.kind, "EMAIL");
    assert.equal(email.channel.hasSecret, true);
    assert.equal(email.secret, null, "an email channel has no signing secret to show");
    assert.deepEqual(email.channel.email, {
      host: "127.0.0.1",
      port: inbox.port,
      secure: false,
      user: SMTP_USER,
      from: SMTP_USER,
      to: ["owner@harbor-dental.test"],
    });
    const hook = await createChannel({
      name: "CRM",
      webhook: { url: receiver.url },
      events: ["CALL_ANALYZED", "CALL_URGENT", "MESSAGE_TAKEN"],
    });
    assert.match(hook.secret ?? "", /^whsec_[A-Za-z0-9+/]+=*$/);
    receiver.secret = hook.secret!;

    nextAnalysis = analysis("URGENT", "burst pipe in the kitchen", "Jane Doe");
    const callId = await callAndAnalyse("This is Jane Doe, a pipe burst in my kitchen, please call me back today.", {
      takeMessage: {
        message: "Burst pipe in the kitchen, wants someone today",
        caller_name: "Jane Doe",
        callback_number: CALLER,
      },
    });
    await outboxSettled();

    const mails = mailsAbout(callId);
    assert.equal(mails.length, 1, "one email for an urgent call, though the channel asked for analysed calls too");
    const mail = mails[0]!;
    assert.match(mail.subject ?? "", /^URGENT: Jane Doe \(\+15557654321\) called: burst pipe in the kitchen$/);
    assert.match(mail.text ?? "", /Urgency: urgent/);
    assert.match(mail.text ?? "", /Why: burst pipe in the kitchen/);
    assert.match(mail.text ?? "", /Call back: \+15557654321/);
    assert.match(mail.text ?? "", /- Call Jane Doe back today about the burst pipe in the kitchen\./);
    assert.ok(mail.text?.includes(`${secretary.app.publicUrl}/calls/${callId}`), mail.text);
    assert.deepEqual(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((address) => address.address) : [], [
      "owner@harbor-dental.test",
    ]);

    const types = receiver
      .accepted()
      .map((event) => event.type)
      .sort();
    assert.deepEqual(types, ["call.analyzed", "call.urgent", "message.taken"]);
    assert.ok(
      receiver.received.every((hook) => hook.verified),
      "every request verifies with the channel's secret",
    );
    const urgent = receiver.accepted("call.urgent")[0]!;
    assert.equal(urgent.data.callId, callId);
    assert.equal(urgent.data.urgency, "URGENT");
    assert.equal(urgent.data.from, CALLER);
    assert.equal(urgent.data.url, `${secretary.app.publicUrl}/calls/${callId}`);
    const message = receiver.accepted("message.taken")[0]!;
    assert.match(String(message.data.message), /Burst pipe in the kitchen/);

    const deliveries = await deliveriesOf(callId);
    assert.deepEqual(
      deliveries.map((delivery) => [delivery.channel.name, delivery.event, delivery.status, delivery.attempts]).sort(),
      [
        ["CRM", "CALL_ANALYZED", "DELIVERED", 1],
        ["CRM", "CALL_URGENT", "DELIVERED", 1],
        ["CRM", "MESSAGE_TAKEN", "DELIVERED", 1],
        ["Owner's inbox", "CALL_URGENT", "DELIVERED", 1],
      ],
    );
    // The receiver can tell a retry from a new event: the id is the delivery's own.
    const webhookRows = await prisma().notificationDelivery.findMany({
      where: { callId, channel: { kind: "WEBHOOK" } },
      select: { id: true },
    });
    assert.deepEqual(
      receiver.received.map((received) => String(received.headers["webhook-id"])).sort(),
      webhookRows.map((row) => row.id).sort(),
    );

    // A second analysis of the same call (the owner asks for it) tells nobody twice.
    await mutate("mutation ($id: ID!) { reanalyzeCall(input: { callId: $id }) { call { id } } }", {
      id: callGlobalId(callId),
    });
    await eventually(
      "the re-analysis",
      async () => (await prisma().call.findUnique({ where: { id: callId } }))?.analysisState === "DONE",
    );
    await outboxSettled();
    assert.equal(mailsAbout(callId).length, 1);
    assert.equal(receiver.accepted().filter((event) => event.data.callId === callId).length, 3);
    await deleteAll();
  });

  test("a missed call, a new question and the minimum urgency: each event as the owner chose", async () => {
    const hook = await createChannel({
      name: "Ops",
      webhook: { url: receiver.url },
      events: ["CALL_MISSED", "KNOWLEDGE_GAP_OPENED", "CALL_ANALYZED"],
      minUrgency: "HIGH",
    });
    receiver.secret = hook.secret!;
    const before = receiver.received.length;

    // A caller who asks what the knowledge base does not say, twice on two calls: one gap, told once.
    nextAnalysis = analysis("NORMAL", "question about parking", null);
    const question = { toolUse: { name: "note_unanswered_question", input: { question: "Do you have parking?" } } };
    secretary.anthropic.enqueue(question, { text: "I'll find out for you. Goodbye!" });
    const asked = await placeCall({ ...secretary.simulator, from: CALLER });
    await asked.say("Do you have parking?");
    await asked.hangUp();
    secretary.anthropic.enqueue(question, { text: "I'll find out. Goodbye!" });
    const again = await placeCall({ ...secretary.simulator, from: "+15557650000" });
    await again.say("Is there parking near you?");
    await again.hangUp();
    // A caller who says nothing and hangs up.
    const silent = await placeCall({ ...secretary.simulator, from: "+15557651111" });
    await silent.connected();
    await silent.hangUp();
    for (const sid of [asked.callSid, again.callSid, silent.callSid])
      await eventually(
        "the calls analysed",
        () => prisma().call.findFirst({ where: { callSid: sid, analysisState: "DONE" } }),
        10_000,
      );
    await outboxSettled();

    const events = receiver.received.slice(before).map((received) => received.verified);
    assert.ok(events.every(Boolean), "every request verifies");
    assert.deepEqual(events.map((event) => event!.type).sort(), ["call.missed", "knowledge_gap.opened"]);
    const gap = events.find((event) => event!.type === "knowledge_gap.opened")!;
    assert.equal(gap.data.question, "Do you have parking?");
    const missed = events.find((event) => event!.type === "call.missed")!;
    assert.equal(missed.data.from, "+15557651111");
    // The NORMAL calls were below the channel's minimum urgency: no call.analyzed.

    // Erasing a call erases what was owed and sent about it.
    const silentId = String(missed.data.callId);
    assert.equal((await deliveriesOf(silentId)).length, 1);
    await mutate("mutation ($id: ID!) { deleteCall(input: { callId: $id }) { deletedCallId } }", {
      id: callGlobalId(silentId),
    });
    assert.equal(await prisma().notificationDelivery.count({ where: { callId: silentId } }), 0);
    await deleteAll();
  });

  test("bad input is refused naming the field, and changes nothing", async () => {
    const before = await mutate<{ notificationChannels: { totalCount: number } }>(CHANNELS, {});
    const refusals: [Record<string, unknown>, string][] = [
      [{ name: "x", email: { ...emailInput(), to: ["not an address"] }, events: ["CALL_URGENT"] }, "email.to[0]"],
      [{ name: "x", email: { ...emailInput(), from: "owner@" }, events: ["CALL_URGENT"] }, "email.from"],
      [{ name: "x", email: { ...emailInput(), port: 70000 }, events: ["CALL_URGENT"] }, "email.port"],
      [{ name: "x", webhook: { url: "ftp://example.com/hook" }, events: ["CALL_URGENT"] }, "webhook.url"],
      [{ name: "x", webhook: { url: "not a url" }, events: ["CALL_URGENT"] }, "webhook.url"],
      [{ name: "x", webhook: { url: receiver.url }, email: emailInput(), events: ["CALL_URGENT"] }, "email"],
      [{ name: "x", events: ["CALL_URGENT"] }, "email"],
      // This server has no TWILIO_ACCOUNT_SID: it could never send the texts.
      [{ name: "x", sms: { to: "+15550001111", from: "+15555550100" }, events: ["CALL_URGENT"] }, "sms"],
      [{ name: "  ", webhook: { url: receiver.url }, events: ["CALL_URGENT"] }, "name"],
      [{ name: "x", webhook: { url: receiver.url }, events: [] }, "events"],
      [{ name: "x", webhook: { url: receiver.url }, events: ["DAILY_DIGEST"] }, "events"],
      [
        {
          name: "x",
          webhook: { url: receiver.url },
          events: ["CALL_URGENT"],
          quietHours: { start: "25:00", end: "07:00" },
        },
        "quietHours.start",
      ],
    ];
    for (const [input, field] of refusals) {
      const { body } = await api.post(CREATE, { input });
      const error = body.errors?.[0];
      assert.equal(error?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(input));
      assert.equal(error?.extensions?.field, field, JSON.stringify(input));
      assert.ok(error?.message, "the message says what is wrong");
    }
    const { channel } = await createChannel({ name: "Hook", webhook: { url: receiver.url }, events: ["CALL_MISSED"] });
    const refusedUpdate = await api.post(UPDATE, {
      input: { notificationChannelId: channel.id, webhook: { url: "javascript:alert(1)" }, name: "Renamed" },
    });
    assert.equal(refusedUpdate.body.errors?.[0]?.extensions?.field, "webhook.url");
    const notFound = await api.post(DELETE, {
      id: encodeGlobalID("NotificationChannel", "00000000-0000-4000-8000-000000000000"),
    });
    assert.equal(notFound.body.errors?.[0]?.extensions?.code, "NOT_FOUND");

    const after = await mutate<{
      notificationChannels: { totalCount: number; edges: { node: Channel & { events: string[] } }[] };
    }>(CHANNELS, {});
    assert.equal(after.notificationChannels.totalCount, before.notificationChannels.totalCount + 1);
    const kept = after.notificationChannels.edges.at(-1)!.node;
    assert.equal(kept.name, "Hook", "the refused update renamed nothing");
    assert.deepEqual(kept.events, ["CALL_MISSED"]);
    assert.equal(kept.webhook?.url, receiver.url);
    await deleteAll();
  });

  test("a test notification reaches the channel, or says why not; secrets never come back, nor reach the logs", async () => {
    const email = await createChannel({
      name: "Inbox",
      email: emailInput("test@harbor-dental.test"),
      events: ["CALL_URGENT"],
    });
    const hook = await createChannel({ name: "Hook", webhook: { url: receiver.url }, events: ["CALL_URGENT"] });
    receiver.secret = hook.secret!;
    const before = receiver.received.length;

    const mailTest = await mutate<{ sendTestNotification: { delivered: boolean; error: string | null } }>(SEND_TEST, {
      id: email.channel.id,
    });
    assert.deepEqual(mailTest.sendTestNotification.delivered, true, JSON.stringify(mailTest));
    const mail = inbox.mails.find((received) => received.subject === "Test notification from your phone secretary");
    assert.ok(mail, "the test email arrived");
    const hookTest = await mutate<{ sendTestNotification: { delivered: boolean } }>(SEND_TEST, { id: hook.channel.id });
    assert.equal(hookTest.sendTestNotification.delivered, true);
    assert.equal(
      receiver.received.slice(before).filter((received) => received.verified?.type === "notification.test").length,
      1,
    );

    // A wrong password: the test says so, and so does the channel.
    await mutate(UPDATE, {
      input: { notificationChannelId: email.channel.id, email: { ...emailInput(), password: "a-wrong-password-1234" } },
    });
    const refused = await mutate<{
      sendTestNotification: {
        delivered: boolean;
        error: string | null;
        notificationChannel: { lastError: string | null };
      };
    }>(SEND_TEST, { id: email.channel.id });
    assert.equal(refused.sendTestNotification.delivered, false);
    assert.match(refused.sendTestNotification.error ?? "", /Invalid username or password/);
    assert.equal(refused.sendTestNotification.notificationChannel.lastError, refused.sendTestNotification.error);
    assert.ok(inbox.refusedLogins > 0);

    // Rotating the webhook's secret shows the new one once; the old one no longer verifies.
    const rotated = await mutate<{ updateNotificationChannel: { webhookSecret: string | null } }>(UPDATE, {
      input: { notificationChannelId: hook.channel.id, rotateWebhookSecret: true },
    });
    const newSecret = rotated.updateNotificationChannel.webhookSecret!;
    assert.notEqual(newSecret, hook.secret);
    await mutate(SEND_TEST, { id: hook.channel.id });
    assert.equal(receiver.received.at(-1)?.verified, undefined, "signed with the new secret, not the old one");
    receiver.secret = newSecret;
    await mutate(SEND_TEST, { id: hook.channel.id });
    assert.ok(receiver.received.at(-1)?.verified);

    const listed = JSON.stringify(await mutate(CHANNELS, {}));
    for (const secret of [SMTP_PASSWORD, "a-wrong-password-1234", hook.secret!, newSecret]) {
      assert.ok(!listed.includes(secret), "the API never returns a secret after creation");
      assert.ok(!logs.join("").includes(secret), "no log line carries a secret");
      assert.ok(!logs.join("").includes(secret.replace(/^whsec_/, "")), "nor its key");
    }
    assert.ok(logs.length > 0);
    await deleteAll();
  });

  test("the mail server down for a while: the email goes out once it is back, exactly once", async () => {
    const { channel } = await createChannel({ name: "Inbox", email: emailInput(), events: ["CALL_ANALYZED"] });
    await inbox.stop();
    nextAnalysis = analysis("NORMAL", "appointment next week", "Sam Lee");
    const callId = await callAndAnalyse("Hi, this is Sam Lee, I'd like an appointment next week.");
    const failing = await eventually("two failed attempts", async () => {
      const [delivery] = await deliveriesOf(callId);
      return delivery && delivery.attempts >= 2 ? delivery : undefined;
    });
    assert.equal(failing.status, "PENDING");
    assert.match(failing.lastError ?? "", /ECONNREFUSED|connect/i);
    assert.ok(failing.nextAttemptAt, "a retry is scheduled");
    const { notificationChannels } = await mutate<{ notificationChannels: { edges: { node: Channel }[] } }>(
      CHANNELS,
      {},
    );
    const shown = notificationChannels.edges.find((edge) => edge.node.id === channel.id)!.node;
    assert.equal(shown.lastError, failing.lastError);
    assert.ok(shown.lastErrorAt);

    await inbox.start();
    const delivered = await eventually(
      "the email delivered",
      async () => {
        const [delivery] = await deliveriesOf(callId);
        return delivery?.status === "DELIVERED" ? delivery : undefined;
      },
      10_000,
    );
    assert.ok(delivered.attempts >= 3);
    await outboxSettled();
    assert.equal(mailsAbout(callId).length, 1);
    assert.match(mailsAbout(callId)[0]!.subject ?? "", /^Sam Lee \(\+15557654321\) called: appointment next week$/);
    await deleteAll();
  });

  test("quiet hours hold a call that can wait, and let an urgent one through", async () => {
    const now = new Date();
    const quietHours = {
      start: hhmm(new Date(now.getTime() - 3_600_000)),
      end: hhmm(new Date(now.getTime() + 3_600_000)),
    };
    const hook = await createChannel({
      name: "Night hook",
      webhook: { url: receiver.url },
      events: ["CALL_ANALYZED"],
      quietHours,
    });
    receiver.secret = hook.secret!;

    nextAnalysis = analysis("NORMAL", "opening hours question", null);
    const calm = await callAndAnalyse("Hi, what time do you open tomorrow?");
    const held = await eventually("the delivery held", async () => {
      const [delivery] = await deliveriesOf(calm);
      return delivery && new Date(delivery.nextAttemptAt ?? 0).getTime() > Date.now() + 30 * 60_000
        ? delivery
        : undefined;
    });
    assert.equal(held.status, "PENDING");
    assert.equal(held.attempts, 0, "a hold is no attempt");
    // Until the end of quiet hours (the business's clock is UTC here).
    assert.equal(hhmm(new Date(held.nextAttemptAt!)), quietHours.end);

    nextAnalysis = analysis("URGENT", "gas smell in the office", "Ana Ruiz");
    const urgent = await callAndAnalyse("This is Ana Ruiz, I smell gas in the office!");
    await eventually("the urgent call sent", async () => (await deliveriesOf(urgent))[0]?.status === "DELIVERED");
    assert.equal(receiver.accepted().filter((event) => event.data.callId === calm).length, 0, "the calm one waits");
    assert.equal(receiver.accepted().filter((event) => event.data.callId === urgent).length, 1);
    await deleteAll();
  });

  test("the daily digest: yesterday's calls by urgency with summaries, what is still open, spam only counted; one email however many processes enqueue it", async () => {
    const yesterday = new Date(Date.now() - 24 * 3_600_000);
    const pastCall = (data: Prisma.CallCreateInput) =>
      prisma().call.create({
        data: { status: "COMPLETED", analysisState: "DONE", startedAt: yesterday, ...data },
      });
    const urgent = await pastCall({
      callSid: `CA${"1".repeat(32)}`,
      from: "+15550100001",
      to: "+15555550100",
      callerName: "Ann Urgent",
      urgency: "URGENT",
      summary: "Gas smell in the basement.",
    });
    await pastCall({
      callSid: `CA${"2".repeat(32)}`,
      from: "+15550100002",
      to: "+15555550100",
      urgency: "LOW",
      summary: "Asked for the opening hours.",
    });
    await pastCall({
      callSid: `CA${"3".repeat(32)}`,
      from: "+15550100003",
      to: "+15555550100",
      urgency: "LOW",
      summary: "Extended warranty offer.",
      spam: true,
    });
    await prisma().actionItem.create({
      data: { callId: urgent.id, description: "Send someone about the gas smell.", source: "CALL" },
    });
    await createChannel({
      name: "Digest",
      email: emailInput("digest@harbor-dental.test"),
      events: ["DAILY_DIGEST"],
      // Midnight has always passed: the digest is due now.
      digestTime: "00:00",
    });
    // Two more processes look at the same moment as this server's worker.
    await Promise.all([enqueueDueDigests(prisma(), new Date(), "UTC"), enqueueDueDigests(prisma(), new Date(), "UTC")]);
    await eventually("the digest sent", () =>
      prisma().notificationDelivery.findFirst({ where: { event: "DAILY_DIGEST", status: "DELIVERED" } }),
    );
    await enqueueDueDigests(prisma(), new Date(), "UTC");
    assert.equal(await prisma().notificationDelivery.count({ where: { event: "DAILY_DIGEST" } }), 1, "owed once");
    const digests = inbox.mails.filter((mail) => mail.subject?.startsWith("Your calls on"));
    assert.equal(digests.length, 1);
    const digest = digests[0]!;
    assert.match(digest.subject ?? "", /: 2 calls, 1 urgent$/);
    const text = digest.text ?? "";
    assert.match(text, /^2 calls on .*\(and 1 spam, left out\)\./);
    assert.match(text, /\nUrgent \(1\)\n- .* Ann Urgent \(\+15550100001\): Gas smell in the basement\./);
    assert.match(text, /\nLow \(1\)\n- .* \+15550100002: Asked for the opening hours\./);
    assert.ok(text.indexOf("Urgent (1)") < text.indexOf("Low (1)"), "most urgent first");
    assert.ok(!text.includes("warranty"), "spam is left out");
    assert.match(text, /\nOpen action items \(\d+\)\n[\s\S]*- Send someone about the gas smell\. \(Ann Urgent/);
    assert.match(text, /\nQuestions the secretary could not answer \(\d+\)\n/);
    assert.ok(text.includes(`${secretary.app.publicUrl}/calls/${urgent.id}`));
  });

  test("several workers draining one outbox send each notification once", async () => {
    const hook = await createChannel({
      name: "Busy hook",
      webhook: { url: receiver.url },
      events: ["KNOWLEDGE_GAP_OPENED"],
    });
    receiver.secret = hook.secret!;
    const before = receiver.received.length;
    // 40 events owed at once (questions callers asked), taken by the app's own worker and three more.
    const count = 40;
    await prisma().$transaction(async (tx) => {
      for (let index = 0; index < count; index++)
        await enqueueNotifications(
          tx,
          {
            event: "KNOWLEDGE_GAP_OPENED",
            data: { gapId: `gap-${index}`, question: `Question ${index}?`, callId: null, callerPhone: null },
          },
          `gap-${index}`,
        );
    });
    const workers = [1, 2, 3].map(
      () =>
        new NotificationWorker({
          outbox: new NotificationOutbox(prisma()),
          send: notificationSender(undefined),
          reader: () => ({ publicUrl: secretary.app.publicUrl, timeZone: "UTC" }),
          logger: createLogger("silent"),
          pollMs: 50,
          retryBaseMs: 100,
        }),
    );
    for (const worker of workers) worker.start();
    try {
      await outboxSettled();
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
    const received = receiver.received.slice(before);
    const ids = received.map((hook) => String(hook.headers["webhook-id"]));
    assert.equal(received.length, count, "each sent once");
    assert.equal(new Set(ids).size, count);
    assert.equal(new Set(received.map((hook) => hook.verified?.data.question)).size, count);
    await deleteAll();
  });

  test("a worker that dies mid-delivery loses nothing: its lease runs out and another sends it", async () => {
    const hook = await createChannel({
      name: "Hook",
      webhook: { url: receiver.url },
      events: ["KNOWLEDGE_GAP_OPENED"],
    });
    receiver.secret = hook.secret!;
    const before = receiver.received.length;
    // A worker of a process about to die leases everything due, for a short lease, and never settles.
    const dying = new NotificationOutbox(prisma());
    await prisma().$transaction(async (tx) => {
      await enqueueNotifications(
        tx,
        {
          event: "KNOWLEDGE_GAP_OPENED",
          data: { gapId: "gap-x", question: "Do you take walk-ins?", callId: null, callerPhone: null },
        },
        "gap-x",
      );
    });
    const leased = await dying.lease(1500);
    assert.ok(leased, "the dying worker holds the row");
    const row = await prisma().notificationDelivery.findUniqueOrThrow({ where: { id: leased.id } });
    assert.equal(row.status, "PENDING");
    // Once its lease runs out, the app's worker sends it, once.
    await outboxSettled();
    const received = receiver.received.slice(before);
    assert.equal(received.length, 1);
    assert.equal(received[0]!.headers["webhook-id"], leased.id);
    await deleteAll();
  });

  async function deleteAll(): Promise<void> {
    const { notificationChannels } = await mutate<{ notificationChannels: { edges: { node: Channel }[] } }>(
      CHANNELS,
      {},
    );
    for (const { node } of notificationChannels.edges) await mutate(DELETE, { id: node.id });
  }
});

describe("notifications across a restart", () => {
  test("what is owed when the server stops is sent by the next one, once", async () => {
    const receiver = new WebhookReceiver();
    await receiver.start();
    const first = await startSecretary({ onDisk: true });
    let second: TestSecretary | undefined;
    try {
      first.anthropic.respondWith(() => analysis("HIGH", "leaking tap", "Kim Park"));
      const api = new ApiClient(first.app.url, first.app.apiToken);
      const { body } = await api.post<
        { createNotificationChannel: { webhookSecret: string } },
        { input: Record<string, unknown> }
      >(CREATE, { input: { name: "CRM", webhook: { url: receiver.url }, events: ["CALL_ANALYZED"] } });
      receiver.secret = body.data!.createNotificationChannel.webhookSecret;
      receiver.status = 503;

      first.anthropic.enqueue({ text: "I'll pass that on. Goodbye!" });
      const call = await placeCall({ ...first.simulator, from: CALLER });
      await call.say("Hi, Kim Park here, my tap is leaking.");
      await call.hangUp();
      const prisma = first.app.database.prisma;
      const failed = await eventually(
        "a refused attempt",
        () => prisma.notificationDelivery.findFirst({ where: { lastError: { not: null } } }),
        10_000,
      );
      assert.match(failed.lastError ?? "", /HTTP 503/);
      await api.close();
      await first.stop();

      receiver.status = 200;
      second = await startSecretary({ reuse: first });
      const database = second.app.database.prisma;
      const delivered = await eventually(
        "delivered by the restarted server",
        () => database.notificationDelivery.findFirst({ where: { id: failed.id, status: "DELIVERED" } }),
        10_000,
      );
      assert.ok(delivered.attempts >= 2);
      const accepted = receiver.accepted("call.analyzed");
      assert.equal(accepted.length, 1, "sent once");
      assert.equal(accepted[0]!.data.callerName, "Kim Park");
      assert.equal(
        receiver.received.at(-1)?.headers["webhook-id"],
        failed.id,
        "under the same id as before the restart",
      );
    } finally {
      await (second ?? first).dispose();
      await receiver.stop();
    }
  });
});

describe("notifications from two servers on one PostgreSQL", {
  skip: process.env.DATABASE_URL ? false : "needs DATABASE_URL (CI sets it)",
}, () => {
  test("both send from one outbox, and each notification goes out once", async () => {
    const receiver = new WebhookReceiver();
    await receiver.start();
    // A receiver slow enough that the two servers' workers overlap.
    receiver.delayMs = 50;
    const logsOf = (lines: string[]) => createLogger("info", { write: (line: string) => void lines.push(line) });
    const firstLogs: string[] = [];
    const secondLogs: string[] = [];
    const first = await startSecretary({ logger: logsOf(firstLogs) });
    const second = await startSecretary({ database: first.database, logger: logsOf(secondLogs) });
    try {
      const api = new ApiClient(first.app.url, first.app.apiToken);
      const { body } = await api.post<
        { createNotificationChannel: { webhookSecret: string } },
        { input: Record<string, unknown> }
      >(CREATE, { input: { name: "CRM", webhook: { url: receiver.url }, events: ["KNOWLEDGE_GAP_OPENED"] } });
      await api.close();
      receiver.secret = body.data!.createNotificationChannel.webhookSecret;
      const count = 40;
      await first.app.database.prisma.$transaction(async (tx) => {
        for (let index = 0; index < count; index++)
          await enqueueNotifications(
            tx,
            {
              event: "KNOWLEDGE_GAP_OPENED",
              data: { gapId: `gap-${index}`, question: `Question ${index}?`, callId: null, callerPhone: null },
            },
            `gap-${index}`,
          );
      });
      await eventually(
        "every notification delivered",
        async () =>
          (await first.app.database.prisma.notificationDelivery.count({ where: { status: "DELIVERED" } })) === count,
        20_000,
      );
      const ids = receiver.received.map((hook) => String(hook.headers["webhook-id"]));
      assert.equal(ids.length, count, "each sent once");
      assert.equal(new Set(ids).size, count);
      assert.ok(receiver.received.every((hook) => hook.verified));
      const sentBy = (lines: string[]) => lines.filter((line) => line.includes('"notification sent"')).length;
      assert.equal(sentBy(firstLogs) + sentBy(secondLogs), count);
      assert.ok(sentBy(firstLogs) > 0 && sentBy(secondLogs) > 0, "both servers took part");
    } finally {
      // The second shares the first's database, which the first's dispose drops; the rest is its own.
      await second.stop();
      await second.anthropic.close();
      rmSync(second.config.dataDir, { recursive: true, force: true });
      await first.dispose();
      await receiver.stop();
    }
  });
});
