import { $Enums } from "@prisma/client";
import {
  type EmailSettings,
  MAX_NAME_LENGTH,
  MAX_RECIPIENTS,
  type QuietHours as QuietHoursValue,
  type SmsSettings,
  storedEmailSettings,
  storedSmsSettings,
  storedWebhookSettings,
  type WebhookSettings,
} from "../../notifications/channel-settings.js";
import { EVENT_TYPES } from "../../notifications/notification-events.js";
import { builder } from "../builder.js";
import { databaseId } from "../global-id.js";
import { Urgency } from "./call.js";

const NotificationChannelKind = builder.enumType($Enums.NotificationChannelKind, {
  name: "NotificationChannelKind",
  description:
    "EMAIL: a plain-text mail over the owner's SMTP server. WEBHOOK: a signed JSON POST (Standard Webhooks). SMS: a short text to the owner's phone through Twilio's Messages API (needs TWILIO_ACCOUNT_SID).",
});

const NotificationEvent = builder.enumType($Enums.NotificationEvent, {
  name: "NotificationEvent",
  description: `What a channel can be told of; a webhook's body names it as \`type\`: ${Object.entries(EVENT_TYPES)
    .map(([value, type]) => `${value} is \`${type}\``)
    .join(
      ", ",
    )}. MESSAGE_TAKEN: the secretary took a message during a call. CALL_ANALYZED: a call's summary is ready. CALL_URGENT: the same, for a call the analysis found URGENT (an email channel that asks for both gets one email for it). CALL_MISSED: a call in which the caller said nothing (hung up, busy, no answer). KNOWLEDGE_GAP_OPENED: a caller asked a new question the knowledge base does not answer. DAILY_DIGEST (email channels only): once a day at the channel's \`digestTime\`, yesterday's calls by urgency with their summaries (spam only counted), the open action items and the open questions.`,
});

const DeliveryStatus = builder.enumType($Enums.DeliveryStatus, {
  name: "DeliveryStatus",
  description:
    "PENDING: to be sent (retried with backoff after a failure, or held for quiet hours). DELIVERED: the mail server or the webhook took it. FAILED: given up after 8 attempts, or the channel was turned off first.",
});

const EmailChannelSettings = builder.objectRef<EmailSettings>("EmailChannelSettings").implement({
  description: "An email channel's SMTP server and addresses. The password is never shown (see `hasSecret`).",
  fields: (t) => ({
    host: t.exposeString("host"),
    port: t.exposeInt("port"),
    secure: t.exposeBoolean("secure", {
      description: "TLS from the start (port 465); otherwise STARTTLS when the server offers it.",
    }),
    user: t.exposeString("user", { nullable: true }),
    from: t.exposeString("from"),
    to: t.exposeStringList("to"),
  }),
});

const WebhookChannelSettings = builder.objectRef<WebhookSettings>("WebhookChannelSettings").implement({
  description: "Where a webhook channel POSTs. Its signing secret is shown once, when made or rotated.",
  fields: (t) => ({ url: t.exposeString("url") }),
});

const SmsChannelSettings = builder.objectRef<SmsSettings>("SmsChannelSettings").implement({
  description: "An SMS channel's numbers.",
  fields: (t) => ({
    to: t.exposeString("to", { description: "The owner's mobile phone (E.164)." }),
    from: t.exposeString("from", { description: "The business's Twilio number the texts are sent from (E.164)." }),
  }),
});

const QuietHours = builder.objectRef<QuietHoursValue>("QuietHours").implement({
  description:
    "Local times (HH:MM) in the business's time zone between which only urgent calls are sent; the rest waits for the end. The end may come before the start: 22:00 to 07:00 runs overnight.",
  fields: (t) => ({ start: t.exposeString("start"), end: t.exposeString("end") }),
});

export const NotificationChannel = builder.prismaNode("NotificationChannel", {
  id: { field: "id" },
  description: "Where the owner is told of what happens: an email address, a webhook or a phone (SMS).",
  fields: (t) => ({
    kind: t.expose("kind", { type: NotificationChannelKind }),
    name: t.exposeString("name"),
    enabled: t.exposeBoolean("enabled"),
    events: t.expose("events", { type: [NotificationEvent] }),
    minUrgency: t.expose("minUrgency", {
      type: Urgency,
      description:
        "Calls analysed below this urgency are not sent here (CALL_ANALYZED). Messages, missed calls and questions carry no urgency and are always sent.",
    }),
    quietHours: t.field({
      type: QuietHours,
      nullable: true,
      resolve: (channel) =>
        channel.quietHoursStart && channel.quietHoursEnd
          ? { start: channel.quietHoursStart, end: channel.quietHoursEnd }
          : null,
    }),
    digestTime: t.exposeString("digestTime", {
      description:
        "When the daily digest is sent (if the channel asks for DAILY_DIGEST): HH:MM in the business's time zone.",
    }),
    email: t.field({
      type: EmailChannelSettings,
      nullable: true,
      resolve: (channel) => (channel.kind === "EMAIL" ? storedEmailSettings(channel.config) : null),
    }),
    webhook: t.field({
      type: WebhookChannelSettings,
      nullable: true,
      resolve: (channel) => (channel.kind === "WEBHOOK" ? storedWebhookSettings(channel.config) : null),
    }),
    sms: t.field({
      type: SmsChannelSettings,
      nullable: true,
      resolve: (channel) => (channel.kind === "SMS" ? storedSmsSettings(channel.config) : null),
    }),
    hasSecret: t.boolean({
      description:
        "Whether a password (email) or signing secret (webhook) is stored. The secret itself is never returned.",
      resolve: (channel) => channel.secret !== null,
    }),
    lastError: t.exposeString("lastError", { nullable: true, description: "Why the last failed attempt failed." }),
    lastErrorAt: t.expose("lastErrorAt", { type: "DateTime", nullable: true }),
    lastDeliveredAt: t.expose("lastDeliveredAt", {
      type: "DateTime",
      nullable: true,
      description: "Later than `lastErrorAt`: the channel works again.",
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("NotificationDelivery", {
  id: { field: "id" },
  description:
    "One notification to one channel: owed from the moment the change it tells of was saved, sent with retries. A webhook receives this ID's database form as `webhook-id`.",
  fields: (t) => ({
    channel: t.relation("channel"),
    call: t.relation("call", { nullable: true }),
    event: t.expose("event", { type: NotificationEvent }),
    status: t.expose("status", { type: DeliveryStatus }),
    attempts: t.exposeInt("attempts", { description: "Attempts made to send it (a hold for quiet hours is none)." }),
    nextAttemptAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "While PENDING: when it is sent next.",
      resolve: (delivery) => (delivery.status === "PENDING" ? delivery.nextAttemptAt : null),
    }),
    lastError: t.exposeString("lastError", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    deliveredAt: t.expose("deliveredAt", { type: "DateTime", nullable: true }),
  }),
});

builder.prismaObjectField("Call", "deliveries", (t) =>
  t.relation("deliveries", {
    description: "The notifications sent, or to be sent, about this call, oldest first.",
    query: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  }),
);

builder.queryFields((t) => ({
  notificationChannels: t.prismaConnection(
    {
      type: "NotificationChannel",
      cursor: "id",
      description: "The owner's notification channels, oldest first.",
      resolve: (query, _parent, _args, context) =>
        context.prisma.notificationChannel.findMany({ ...query, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
      totalCount: (_connection, _args, context) => context.prisma.notificationChannel.count(),
    },
    { name: "NotificationChannelConnection" },
    { name: "NotificationChannelEdge" },
  ),
  deliveries: t.prismaField({
    type: ["NotificationDelivery"],
    description: "The notifications sent, or to be sent, about a call, oldest first (as `Call.deliveries`).",
    args: { callId: t.arg.id({ required: true }) },
    resolve: (query, _parent, args, context) =>
      context.prisma.notificationDelivery.findMany({
        ...query,
        where: { callId: databaseId("Call", args.callId) },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
  }),
}));

const QuietHoursInput = builder.inputType("QuietHoursInput", {
  fields: (t) => ({
    start: t.string({ required: true, description: 'HH:MM, e.g. "22:00".' }),
    end: t.string({ required: true, description: 'HH:MM, e.g. "07:00" (the next morning).' }),
  }),
});

const EmailChannelInput = builder.inputType("EmailChannelInput", {
  description: "An SMTP server to send through, and the addresses.",
  fields: (t) => ({
    host: t.string({ required: true, description: "The SMTP server, e.g. smtp.fastmail.com." }),
    port: t.int({ required: false, description: "587 by default (STARTTLS); 465 for TLS from the start." }),
    secure: t.boolean({ required: false, description: "TLS from the start; by default, when the port is 465." }),
    user: t.string({ required: false, description: "The SMTP login, if the server wants one." }),
    password: t.string({
      required: false,
      description: "The SMTP password: stored, never returned. Left out on an update, the stored one stays.",
    }),
    from: t.string({ required: true, description: "The sender's address." }),
    to: t.stringList({ required: true, description: `Where it goes: 1 to ${MAX_RECIPIENTS} addresses.` }),
  }),
});

const WebhookChannelInput = builder.inputType("WebhookChannelInput", {
  fields: (t) => ({
    url: t.string({ required: true, description: "An https:// (or http://) URL that takes a POST." }),
  }),
});

const SmsChannelInput = builder.inputType("SmsChannelInput", {
  description:
    "Texts to the owner's phone through Twilio. In the US, the sending number needs A2P 10DLC registration (or toll-free verification) before carriers deliver.",
  fields: (t) => ({
    to: t.string({ required: true, description: "The owner's mobile phone, E.164 (+15551234567)." }),
    from: t.string({
      required: true,
      description:
        "The business's Twilio number to text from, E.164. Needed because outside a call nothing says which number was called.",
    }),
  }),
});

const notificationChannelId = (globalId: string | number) => databaseId("NotificationChannel", globalId);

builder.relayMutationField(
  "createNotificationChannel",
  {
    inputFields: (t) => ({
      name: t.string({ required: true, description: `The owner's name for it, 1 to ${MAX_NAME_LENGTH} characters.` }),
      email: t.field({
        type: EmailChannelInput,
        required: false,
        description: "An email channel: this, `webhook` or `sms`.",
      }),
      webhook: t.field({
        type: WebhookChannelInput,
        required: false,
        description: "A webhook channel: this, `email` or `sms`.",
      }),
      sms: t.field({
        type: SmsChannelInput,
        required: false,
        description: "An SMS channel (needs TWILIO_ACCOUNT_SID): this, `email` or `webhook`.",
      }),
      events: t.field({ type: [NotificationEvent], required: true, description: "What it is told of: at least one." }),
      minUrgency: t.field({ type: Urgency, required: false, description: "LOW (everything) by default." }),
      quietHours: t.field({ type: QuietHoursInput, required: false }),
      digestTime: t.string({
        required: false,
        description: 'When the daily digest goes, HH:MM in the business\'s time zone: "08:00" by default.',
      }),
      enabled: t.boolean({ required: false, description: "True by default." }),
    }),
  },
  {
    description:
      "Adds a notification channel. A webhook's signing secret is made here and returned this once, as `webhookSecret`.",
    resolve: async (_parent, { input }, context) => context.notifications.create(input),
  },
  {
    outputFields: (t) => ({
      notificationChannel: t.field({ type: NotificationChannel, resolve: (payload) => payload.channel }),
      webhookSecret: t.string({
        nullable: true,
        description:
          "A webhook's signing secret (whsec_…), to give the receiver: shown this once. Null for an email or SMS channel.",
        resolve: (payload) => payload.webhookSecret,
      }),
    }),
  },
);

builder.relayMutationField(
  "updateNotificationChannel",
  {
    inputFields: (t) => ({
      notificationChannelId: t.id({ required: true }),
      name: t.string({ required: false }),
      email: t.field({
        type: EmailChannelInput,
        required: false,
        description: "The server and addresses, all of them; the password stays unless given.",
      }),
      webhook: t.field({ type: WebhookChannelInput, required: false }),
      sms: t.field({ type: SmsChannelInput, required: false, description: "Both numbers." }),
      events: t.field({ type: [NotificationEvent], required: false }),
      minUrgency: t.field({ type: Urgency, required: false }),
      quietHours: t.field({ type: QuietHoursInput, required: false, description: "Null ends quiet hours." }),
      digestTime: t.string({ required: false, description: "When the daily digest goes, HH:MM (local)." }),
      enabled: t.boolean({ required: false, description: "False: nothing is sent, and what was waiting is dropped." }),
      rotateWebhookSecret: t.boolean({
        required: false,
        description: "A new signing secret for a webhook, returned this once; the old one stops working at once.",
      }),
    }),
  },
  {
    description: "Changes a notification channel; what is left out stays.",
    resolve: async (_parent, { input }, context) =>
      context.notifications.update(notificationChannelId(input.notificationChannelId), input),
  },
  {
    outputFields: (t) => ({
      notificationChannel: t.field({ type: NotificationChannel, resolve: (payload) => payload.channel }),
      webhookSecret: t.string({
        nullable: true,
        description: "The new signing secret, when `rotateWebhookSecret` asked for one: shown this once.",
        resolve: (payload) => payload.webhookSecret,
      }),
    }),
  },
);

builder.relayMutationField(
  "deleteNotificationChannel",
  { inputFields: (t) => ({ notificationChannelId: t.id({ required: true }) }) },
  {
    description: "Removes a notification channel, with what it still had to send and its deliveries' history.",
    resolve: async (_parent, { input }, context) => {
      await context.notifications.delete(notificationChannelId(input.notificationChannelId));
      return { deletedNotificationChannelId: String(input.notificationChannelId) };
    },
  },
  {
    outputFields: (t) => ({
      deletedNotificationChannelId: t.id({ resolve: (payload) => payload.deletedNotificationChannelId }),
    }),
  },
);

builder.relayMutationField(
  "sendTestNotification",
  { inputFields: (t) => ({ notificationChannelId: t.id({ required: true }) }) },
  {
    description:
      "Sends a test notification (webhook type `notification.test`) at once and says whether the channel took it; a failure is also the channel's `lastError`.",
    resolve: async (_parent, { input }, context) => {
      const id = notificationChannelId(input.notificationChannelId);
      const result = await context.notifications.sendTest(id);
      return { ...result, channel: await context.prisma.notificationChannel.findUniqueOrThrow({ where: { id } }) };
    },
  },
  {
    outputFields: (t) => ({
      delivered: t.boolean({ resolve: (payload) => payload.delivered }),
      error: t.string({
        nullable: true,
        description: "Why it was not delivered.",
        resolve: (payload) => payload.error,
      }),
      notificationChannel: t.field({ type: NotificationChannel, resolve: (payload) => payload.channel }),
    }),
  },
);
