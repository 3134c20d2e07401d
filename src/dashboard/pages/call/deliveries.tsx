import { formatWhen } from "../../format";
import { graphql } from "../../generated";
import type { CallPageDeliveryFragment, NotificationChannelKind, NotificationEvent } from "../../generated/graphql";

graphql(`
  fragment CallPageDelivery on NotificationDelivery {
    id
    event
    status
    createdAt
    deliveredAt
    nextAttemptAt
    lastError
    channel {
      id
      name
      kind
    }
  }
`);

const EVENTS: Record<NotificationEvent, string> = {
  MESSAGE_TAKEN: "Message taken",
  CALL_ANALYZED: "Summary",
  CALL_URGENT: "Urgent call",
  CALL_MISSED: "Missed call",
  KNOWLEDGE_GAP_OPENED: "Unanswered question",
  DAILY_DIGEST: "Daily digest",
};

const KINDS: Record<NotificationChannelKind, string> = { EMAIL: "email", SMS: "text message", WEBHOOK: "webhook" };

/** Where the owner was told of this call, and whether it got there. */
export function CallDeliveries({ deliveries }: { deliveries: CallPageDeliveryFragment[] }) {
  if (deliveries.length === 0) return null;
  return (
    <section aria-labelledby="call-deliveries">
      <h2 id="call-deliveries">Notifications</h2>
      <ul className="deliveries">
        {deliveries.map((delivery) => (
          <li key={delivery.id}>
            {`${EVENTS[delivery.event]} to ${delivery.channel.name} (${KINDS[delivery.channel.kind]}): `}
            <DeliveryOutcome delivery={delivery} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function DeliveryOutcome({ delivery }: { delivery: CallPageDeliveryFragment }) {
  switch (delivery.status) {
    case "DELIVERED":
      return <>sent {delivery.deliveredAt ? formatWhen(delivery.deliveredAt) : ""}</>;
    case "PENDING": {
      const when = delivery.nextAttemptAt ? ` ${formatWhen(delivery.nextAttemptAt)}` : "";
      // A failed try is retried: say why it has not gone yet.
      return delivery.lastError ? `to be tried again${when} (last try: ${delivery.lastError})` : `to be sent${when}`;
    }
    case "FAILED":
      return <span className="error">not sent{delivery.lastError ? `: ${delivery.lastError}` : ""}</span>;
  }
}
