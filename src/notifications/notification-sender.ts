import type { EmailSettings, SmsSettings, WebhookSettings } from "./channel-settings.js";

/**
 * The port through which notifications leave: src/senders/ implements it (SMTP, HTTP, Twilio), the core
 * never sees a transport.
 */

/** One notification, written for its reader: a person (subject, text) or a program (`type`, `data`). */
export interface Notification {
  /** The delivery's id: the same on every attempt, so that a receiver can tell a retry from a new one. */
  id: string;
  /** The event's dotted name (`call.urgent`), or `notification.test`. */
  type: string;
  timestamp: Date;
  subject: string;
  text: string;
  /** The same for a text message: short (two SMS segments at most), plain ASCII so it is not sent as UCS-2. */
  shortText: string;
  data: Record<string, unknown>;
}

/** Where it goes, with the secret it needs. */
export type ChannelTarget =
  | { kind: "EMAIL"; email: EmailSettings; password: string | null }
  | { kind: "WEBHOOK"; webhook: WebhookSettings; secret: string }
  | { kind: "SMS"; sms: SmsSettings };

/** Sends one notification, or throws with what went wrong (never with the secret in it). */
export type SendNotification = (target: ChannelTarget, notification: Notification) => Promise<void>;
