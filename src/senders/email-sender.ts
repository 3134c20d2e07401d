import type { EmailSettings } from "../notifications/channel-settings.js";
import type { Notification } from "../notifications/notification-sender.js";

// A mail server that does not answer is a failed attempt, retried later by the outbox.
const CONNECTION_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 15_000;

/**
 * Sends a notification as a plain-text email over SMTP (nodemailer). Its Message-ID is the
 * delivery's id, the same on every attempt, so a retry after a lost answer is recognisably the same mail.
 */
export async function sendEmail(
  settings: EmailSettings,
  password: string | null,
  notification: Notification,
): Promise<void> {
  // Loaded at the first email: a business that sends none keeps nodemailer's code out of memory.
  const { default: nodemailer } = await import("nodemailer");
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: password ?? "" } } : {}),
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: CONNECTION_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: notification.subject,
      text: notification.text,
      messageId: `<${notification.id}@phone-secretary>`,
      date: notification.timestamp,
    });
  } finally {
    transport.close();
  }
}
