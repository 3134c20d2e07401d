import { randomBytes } from "node:crypto";
import type { NotificationChannelKind, NotificationEvent } from "@prisma/client";
import { z } from "zod";
import { InputError } from "../input-error.js";
import { E164_PHONE_NUMBER } from "../spoken/phone-numbers.js";

/**
 * What a channel needs to reach the owner, as the owner gives it and as it is kept
 * (`NotificationChannel.config`, without the secret, which has a column of its own).
 */

/** An SMTP server and the addresses: the password is the channel's secret. */
export interface EmailSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  from: string;
  to: string[];
}

export interface WebhookSettings {
  url: string;
}

/**
 * A text message to the owner's phone. `from` is the business's Twilio number: outside a call
 * nothing says which of the account's numbers was called, so the owner names the one to text from.
 */
export interface SmsSettings {
  to: string;
  from: string;
}

/** Quiet hours: local times in the business's time zone, "22:00" to "07:00"; the end may come before the start (overnight). */
export interface QuietHours {
  start: string;
  end: string;
}

export const MAX_NAME_LENGTH = 100;
export const MAX_RECIPIENTS = 10;
const MAX_URL_LENGTH = 2000;

const emailSettingsSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  user: z.string().nullable(),
  from: z.string(),
  to: z.array(z.string()),
});
const webhookSettingsSchema = z.object({ url: z.string() });
const smsSettingsSchema = z.object({ to: z.string(), from: z.string() });

/** A channel's stored config, read back (written only by `checkedEmail` / `checkedWebhook`). */
export function storedEmailSettings(config: unknown): EmailSettings {
  return emailSettingsSchema.parse(config);
}

export function storedWebhookSettings(config: unknown): WebhookSettings {
  return webhookSettingsSchema.parse(config);
}

export function storedSmsSettings(config: unknown): SmsSettings {
  return smsSettingsSchema.parse(config);
}

export function checkedName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new InputError("name", "The channel needs a name.");
  if (trimmed.length > MAX_NAME_LENGTH)
    throw new InputError("name", `The name is longer than ${MAX_NAME_LENGTH} characters.`);
  return trimmed;
}

/** The events a channel asks for, each once. The daily digest is a long read: it goes by email only. */
export function checkedEvents(
  events: readonly NotificationEvent[],
  kind: NotificationChannelKind,
): NotificationEvent[] {
  if (events.length === 0) throw new InputError("events", "Choose at least one event to be told of.");
  if (events.includes("DAILY_DIGEST") && kind !== "EMAIL")
    throw new InputError("events", "The daily digest is sent by email only: leave DAILY_DIGEST out here.");
  return [...new Set(events)];
}

/** When the daily digest goes: HH:MM on the business's clock. */
export function checkedDigestTime(time: string): string {
  if (!LOCAL_TIME.test(time))
    throw new InputError("digestTime", `"${time}" is not a time of day written HH:MM (00:00–23:59).`);
  return time;
}

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function checkedQuietHours(quietHours: QuietHours): QuietHours {
  for (const side of ["start", "end"] as const)
    if (!LOCAL_TIME.test(quietHours[side]))
      throw new InputError(
        `quietHours.${side}`,
        `"${quietHours[side]}" is not a time of day written HH:MM (00:00–23:59).`,
      );
  if (quietHours.start === quietHours.end)
    throw new InputError("quietHours.end", "Quiet hours that end when they start would last no time, or all day.");
  return quietHours;
}

// An address as a mail server takes it: a local part, an @, and a domain with a dot. Display names
// ("Jane <jane@example.com>") are left out: the server writes its own.
const EMAIL_ADDRESS = /^[^\s@<>()",;:\\[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const HOST_NAME = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;

export interface EmailInput {
  host: string;
  port?: number | null | undefined;
  secure?: boolean | null | undefined;
  user?: string | null | undefined;
  from: string;
  to: readonly string[];
}

export function checkedEmail(input: EmailInput): EmailSettings {
  const host = input.host.trim();
  if (!host || !HOST_NAME.test(host)) throw new InputError("email.host", `"${input.host}" is not a host name.`);
  const port = input.port ?? 587;
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new InputError("email.port", `${port} is not a port (1–65535).`);
  const from = input.from.trim();
  if (!EMAIL_ADDRESS.test(from)) throw new InputError("email.from", `"${input.from}" is not an email address.`);
  if (input.to.length === 0) throw new InputError("email.to", "Give at least one address to send to.");
  if (input.to.length > MAX_RECIPIENTS)
    throw new InputError("email.to", `At most ${MAX_RECIPIENTS} addresses: use a mailing list for more.`);
  const to = input.to.map((address, index) => {
    const trimmed = address.trim();
    if (!EMAIL_ADDRESS.test(trimmed))
      throw new InputError(`email.to[${index}]`, `"${address}" is not an email address.`);
    return trimmed;
  });
  const user = input.user?.trim() || null;
  return { host, port, secure: input.secure ?? port === 465, user, from, to };
}

/**
 * A webhook's URL: http or https. A private address is fine (a self-hosted n8n on the same network);
 * credentials in the URL are not, since the URL is shown by the API.
 */
export function checkedWebhook(input: { url: string }): WebhookSettings {
  const text = input.url.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError("webhook.url", `"${input.url}" is not a URL.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new InputError("webhook.url", "The webhook's URL must start with https:// (or http://).");
  if (url.username || url.password)
    throw new InputError(
      "webhook.url",
      "Leave credentials out of the URL: the requests are signed with the channel's secret.",
    );
  if (text.length > MAX_URL_LENGTH)
    throw new InputError("webhook.url", `The URL is longer than ${MAX_URL_LENGTH} characters.`);
  return { url: url.href };
}

export function checkedSms(input: SmsSettings): SmsSettings {
  const numbers = { to: input.to.trim(), from: input.from.trim() };
  for (const side of ["to", "from"] as const)
    if (!E164_PHONE_NUMBER.test(numbers[side]))
      throw new InputError(
        `sms.${side}`,
        `"${input[side]}" is not a phone number in E.164 form (a plus, the country code and the number: +15551234567).`,
      );
  if (numbers.to === numbers.from)
    throw new InputError("sms.to", "The owner's phone must not be the business number the text is sent from.");
  return numbers;
}

/** A webhook's signing secret as the Standard Webhooks specification writes it: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}
