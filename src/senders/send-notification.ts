import type { TextMessenger } from "../calls/text-messenger.js";
import type { SendNotification } from "../notifications/notification-sender.js";
import { sendEmail } from "./email-sender.js";
import { sendSms } from "./sms-sender.js";
import { sendWebhook } from "./webhook-sender.js";

/**
 * The notification port (SendNotification), over SMTP, HTTP and Twilio. `texts` is the app's one
 * TextMessenger, absent without TWILIO_ACCOUNT_SID.
 */
export function notificationSender(texts: TextMessenger | undefined): SendNotification {
  return (target, notification) => {
    switch (target.kind) {
      case "EMAIL":
        return sendEmail(target.email, target.password, notification);
      case "WEBHOOK":
        return sendWebhook(target.webhook, target.secret, notification);
      case "SMS":
        return sendSms(texts, target.sms, notification);
    }
  };
}
