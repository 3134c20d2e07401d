import { createHmac } from "node:crypto";
import type { WebhookSettings } from "../notifications/channel-settings.js";
import type { Notification } from "../notifications/notification-sender.js";

// A receiver that does not answer in this time has failed this attempt; the outbox retries.
const TIMEOUT_MS = 10_000;
const SECRET_PREFIX = "whsec_";

/**
 * POSTs a notification as a JSON event signed per the Standard Webhooks specification
 * (https://www.standardwebhooks.com): `webhook-id` (the delivery's id, the same on every attempt,
 * so the receiver can drop a retry it already took), `webhook-timestamp` (seconds) and
 * `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the
 * secret's base64 part after `whsec_`). A redirect is not followed: it counts as a failure.
 */
export async function sendWebhook(
  settings: WebhookSettings,
  secret: string,
  notification: Notification,
): Promise<void> {
  const body = JSON.stringify({
    type: notification.type,
    timestamp: notification.timestamp.toISOString(),
    data: notification.data,
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(settings.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "phone-secretary",
      "webhook-id": notification.id,
      "webhook-timestamp": timestamp,
      "webhook-signature": `v1,${sign(secret, notification.id, timestamp, body)}`,
    },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  }).catch((error: unknown) => {
    // fetch's own message ("fetch failed") says nothing; its cause says what (ECONNREFUSED, a timeout).
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    throw new Error(
      `the webhook could not be reached: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
    );
  });
  await response.body?.cancel();
  if (response.status < 200 || response.status >= 300) throw new Error(`the webhook answered HTTP ${response.status}`);
}

function sign(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
  return createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
}
