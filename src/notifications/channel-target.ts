import type { NotificationChannel } from "@prisma/client";
import { storedEmailSettings, storedSmsSettings, storedWebhookSettings } from "./channel-settings.js";
import type { ChannelTarget } from "./notification-sender.js";

/** Where a stored channel sends, with its secret: for the senders only, never for the API. */
export function channelTarget(channel: NotificationChannel): ChannelTarget {
  switch (channel.kind) {
    case "EMAIL":
      return { kind: "EMAIL", email: storedEmailSettings(channel.config), password: channel.secret };
    case "WEBHOOK":
      if (!channel.secret) throw new Error("the webhook channel has no signing secret");
      return { kind: "WEBHOOK", webhook: storedWebhookSettings(channel.config), secret: channel.secret };
    case "SMS":
      return { kind: "SMS", sms: storedSmsSettings(channel.config) };
  }
}
