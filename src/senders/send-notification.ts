import type { SendNotification } from "../notifications/notification-sender.js";
import { sendEmail } from "./email-sender.js";
import { sendWebhook } from "./webhook-sender.js";

/** The notification port (SendNotification), over SMTP and HTTP. */
export const sendNotification: SendNotification = (target, notification) => {
  switch (target.kind) {
    case "EMAIL":
      return sendEmail(target.email, target.password, notification);
    case "WEBHOOK":
      return sendWebhook(target.webhook, target.secret, notification);
  }
};
