import { type RelayOutboundMessage, relayOutboundMessage } from "../twilio/relay-messages.js";

export type ServerFrameCheck = { ok: true; frame: RelayOutboundMessage } | { ok: false; reason: string };

const acceptedTypes = new Set<unknown>(relayOutboundMessage.options.map((option) => option.shape.type.value));

/**
 * Checks a frame the way Twilio would before acting on it: against the schema of what Twilio
 * accepts, never through the server's own parsing of Twilio's frames.
 */
export function checkServerFrame(raw: string): ServerFrameCheck {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return { ok: false, reason: "not a JSON object" };
  const type = (json as { type?: unknown }).type;
  if (!acceptedTypes.has(type)) return { ok: false, reason: `unknown message type ${JSON.stringify(type)}` };
  const result = relayOutboundMessage.safeParse(json);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => issue.path.join(".") || "(frame)").join(", ");
    return { ok: false, reason: `bad ${String(type)} frame (${fields})` };
  }
  return { ok: true, frame: result.data };
}
