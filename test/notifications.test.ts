import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { NotificationDelivery } from "@prisma/client";
import { createLogger } from "../src/logger.js";
import { NotificationWorker } from "../src/notifications/notification-worker.js";
import { enqueueNotifications, NotificationOutbox } from "../src/notifications/outbox.js";
import { sendNotification } from "../src/senders/send-notification.js";
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
      logger: createLogger("debug", { write: (line: string) => { logs.push(line); if (process.env.SHOW_LOGS) process.stderr.write(line); } }),
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
      events: ["CALL_URGENT"],
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
    assert.equal(mails.length, 1, "one email: the channel asked for urgent calls only");
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

  async function deleteAll(): Promise<void> {
    const { notificationChannels } = await mutate<{ notificationChannels: { edges: { node: Channel }[] } }>(
      CHANNELS,
      {},
    );
    for (const { node } of notificationChannels.edges) await mutate(DELETE, { id: node.id });
  }
});
