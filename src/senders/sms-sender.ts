import type { TextMessenger } from "../calls/text-messenger.js";
import type { SmsSettings } from "../notifications/channel-settings.js";
import type { Notification } from "../notifications/notification-sender.js";

/**
 * Sends a notification's short text to the owner's phone through the TextMessenger port (Twilio's
 * Messages API). A refusal (TextNotSentError) says why without the message's body, so the outbox
 * can keep it as the delivery's error and retry.
 */
export async function sendSms(
  texts: TextMessenger | undefined,
  settings: SmsSettings,
  notification: Notification,
): Promise<void> {
  if (!texts) throw new Error("SMS cannot be sent: TWILIO_ACCOUNT_SID is not set");
  await texts.send({ from: settings.from, to: settings.to, body: notification.shortText });
}
