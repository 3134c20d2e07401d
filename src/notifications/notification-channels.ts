import { randomUUID } from "node:crypto";
import type {
  NotificationChannel,
  NotificationChannelKind,
  NotificationEvent,
  Prisma,
  PrismaClient,
  Urgency,
} from "@prisma/client";
import { NotFoundError } from "../calls/owner-edits.js";
import { giveUpAfter } from "../give-up-after.js";
import { InputError } from "../input-error.js";
import {
  checkedDigestTime,
  checkedEmail,
  checkedEvents,
  checkedName,
  checkedQuietHours,
  checkedSms,
  checkedWebhook,
  type EmailInput,
  type EmailSettings,
  newWebhookSecret,
  type QuietHours,
  type SmsSettings,
  type WebhookSettings,
} from "./channel-settings.js";
import { channelTarget } from "./channel-target.js";
import type { SendNotification } from "./notification-sender.js";
import { type Reader, testNotification } from "./notification-text.js";

/** The password is the channel's secret: write-only, left out to keep the stored one. */
export type EmailChannelInput = EmailInput & { password?: string | null | undefined };

export interface NewChannel {
  name: string;
  enabled?: boolean | null | undefined;
  events: readonly NotificationEvent[];
  minUrgency?: Urgency | null | undefined;
  quietHours?: QuietHours | null | undefined;
  /** HH:MM, local: when the daily digest goes ("08:00" by default). */
  digestTime?: string | null | undefined;
  /** Exactly one of these: the kind of channel. */
  email?: EmailChannelInput | null | undefined;
  webhook?: { url: string } | null | undefined;
  sms?: SmsSettings | null | undefined;
}

/** A change: what is left out (undefined) stays; `quietHours: null` ends them. */
export interface ChannelChange {
  name?: string | null | undefined;
  enabled?: boolean | null | undefined;
  events?: readonly NotificationEvent[] | null | undefined;
  minUrgency?: Urgency | null | undefined;
  quietHours?: QuietHours | null | undefined;
  digestTime?: string | null | undefined;
  email?: EmailChannelInput | null | undefined;
  webhook?: { url: string } | null | undefined;
  sms?: SmsSettings | null | undefined;
  /** A new signing secret for a webhook, returned once; the old one stops working at once. */
  rotateWebhookSecret?: boolean | null | undefined;
}

/** A channel as written, and the webhook secret when one was just made (shown this once). */
export interface ChannelWritten {
  channel: NotificationChannel;
  webhookSecret: string | null;
}

export interface TestResult {
  delivered: boolean;
  error: string | null;
}

const MAX_CHANNELS = 20;
// A test is sent while the owner waits for the mutation's answer.
const TEST_TIMEOUT_MS = 20_000;

/** The owner's notification channels, as the API changes them. Secrets go in, and never come out. */
export class NotificationChannels {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly send: SendNotification,
    private readonly reader: () => Reader,
    /** Whether text messages can be sent (TWILIO_ACCOUNT_SID is set): an SMS channel is refused otherwise. */
    private readonly texting: boolean,
  ) {}

  async create(input: NewChannel): Promise<ChannelWritten> {
    const name = checkedName(input.name);
    const { kind, config, secret } = configOf(input);
    const events = checkedEvents(input.events, kind);
    const quiet = input.quietHours ? checkedQuietHours(input.quietHours) : null;
    const digestTime = input.digestTime != null ? checkedDigestTime(input.digestTime) : undefined;
    if (kind === "SMS") this.checkTexting();
    const data: Prisma.NotificationChannelCreateInput = {
      kind,
      name,
      enabled: input.enabled ?? true,
      events,
      minUrgency: input.minUrgency ?? "LOW",
      quietHoursStart: quiet?.start ?? null,
      quietHoursEnd: quiet?.end ?? null,
      ...(digestTime && { digestTime }),
      config: { ...config },
      secret,
    };
    const channel = await this.prisma.$transaction(async (tx) => {
      if ((await tx.notificationChannel.count()) >= MAX_CHANNELS)
        throw new InputError("name", `At most ${MAX_CHANNELS} channels: remove one first.`);
      return tx.notificationChannel.create({ data });
    });
    return { channel, webhookSecret: kind === "WEBHOOK" ? secret : null };
  }

  async update(id: string, input: ChannelChange): Promise<ChannelWritten> {
    const current = await this.prisma.notificationChannel.findUnique({ where: { id } });
    if (!current) throw new NotFoundError("No such notification channel");
    const data: Prisma.NotificationChannelUpdateManyMutationInput = {
      ...(input.name != null && { name: checkedName(input.name) }),
      ...(input.enabled != null && { enabled: input.enabled }),
      ...(input.events != null && { events: checkedEvents(input.events, current.kind) }),
      ...(input.minUrgency != null && { minUrgency: input.minUrgency }),
      ...(input.digestTime != null && { digestTime: checkedDigestTime(input.digestTime) }),
    };
    if (input.quietHours !== undefined) {
      const quiet = input.quietHours && checkedQuietHours(input.quietHours);
      Object.assign(data, { quietHoursStart: quiet ? quiet.start : null, quietHoursEnd: quiet ? quiet.end : null });
    }
    if (input.email != null) {
      if (current.kind !== "EMAIL") throw new InputError("email", "This channel is not an email channel.");
      data.config = { ...checkedEmail(input.email) };
      if (input.email.password != null) data.secret = input.email.password || null;
    }
    if (input.webhook != null) {
      if (current.kind !== "WEBHOOK") throw new InputError("webhook", "This channel is not a webhook.");
      data.config = { ...checkedWebhook(input.webhook) };
    }
    if (input.sms != null) {
      if (current.kind !== "SMS") throw new InputError("sms", "This channel is not an SMS channel.");
      this.checkTexting();
      data.config = { ...checkedSms(input.sms) };
    }
    let webhookSecret: string | null = null;
    if (input.rotateWebhookSecret) {
      if (current.kind !== "WEBHOOK")
        throw new InputError("rotateWebhookSecret", "Only a webhook has a signing secret to rotate.");
      webhookSecret = newWebhookSecret();
      data.secret = webhookSecret;
    }
    const { count } = await this.prisma.notificationChannel.updateMany({
      where: { id },
      data,
    });
    if (count === 0) throw new NotFoundError("No such notification channel");
    return { channel: await this.prisma.notificationChannel.findUniqueOrThrow({ where: { id } }), webhookSecret };
  }

  private checkTexting(): void {
    if (!this.texting)
      throw new InputError(
        "sms",
        "Text messages go through Twilio's Messages API, which needs TWILIO_ACCOUNT_SID: set it (with TWILIO_AUTH_TOKEN) and restart.",
      );
  }

  /** Removes a channel, and what it still had to send. */
  async delete(id: string): Promise<void> {
    const { count } = await this.prisma.notificationChannel.deleteMany({ where: { id } });
    if (count === 0) throw new NotFoundError("No such notification channel");
  }

  /** Sends a test at once (not through the outbox: the owner is waiting), and records how it went on the channel. */
  async sendTest(id: string): Promise<TestResult> {
    const channel = await this.prisma.notificationChannel.findUnique({ where: { id } });
    if (!channel) throw new NotFoundError("No such notification channel");
    let error: string | null = null;
    try {
      const sent = this.send(channelTarget(channel), testNotification(randomUUID(), this.reader())).then(() => true);
      if (!(await giveUpAfter(sent, TEST_TIMEOUT_MS))) error = `No answer within ${TEST_TIMEOUT_MS / 1000} s.`;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    const now = new Date();
    await this.prisma.notificationChannel.updateMany({
      where: { id },
      data: error ? { lastError: error, lastErrorAt: now } : { lastDeliveredAt: now },
    });
    return { delivered: error === null, error };
  }
}

/** The kind of a new channel, by which of `email`, `webhook` and `sms` is given, with its settings and secret (a webhook's is made here). */
function configOf(input: NewChannel): {
  kind: NotificationChannelKind;
  config: EmailSettings | WebhookSettings | SmsSettings;
  secret: string | null;
} {
  if ([input.email, input.webhook, input.sms].filter(Boolean).length > 1)
    throw new InputError("email", "Give one of `email`, `webhook` and `sms`, not several.");
  if (input.email) return { kind: "EMAIL", config: checkedEmail(input.email), secret: input.email.password || null };
  if (input.webhook) return { kind: "WEBHOOK", config: checkedWebhook(input.webhook), secret: newWebhookSecret() };
  if (input.sms) return { kind: "SMS", config: checkedSms(input.sms), secret: null };
  throw new InputError(
    "email",
    "Give `email` (an SMTP server and addresses), `webhook` (a URL) or `sms` (the owner's phone and the business number).",
  );
}
