import type { RelayOutboundMessage } from "../twilio/relay-messages.js";

export type ServerFrameParse = { ok: true; frame: RelayOutboundMessage } | { ok: false; reason: string };

/** Checks a frame the way Twilio would before acting on it. */
export function parseServerFrame(raw: string): ServerFrameParse {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, reason: "not a JSON object" };
  const frame = json as Record<string, unknown>;
  const optional = (name: string, type: "string" | "boolean" | "number"): boolean =>
    frame[name] === undefined || typeof frame[name] === type;
  switch (frame.type) {
    case "text":
      if (typeof frame.token !== "string") return { ok: false, reason: "text frame without a string token" };
      if (!optional("last", "boolean") || !optional("interruptible", "boolean") || !optional("preemptible", "boolean")) {
        return { ok: false, reason: "text frame with a non-boolean flag" };
      }
      return { ok: true, frame: { ...frame, type: "text", token: frame.token, last: frame.last === true } };
    case "end":
      if (!optional("handoffData", "string")) return { ok: false, reason: "end frame with a non-string handoffData" };
      return { ok: true, frame: frame as RelayOutboundMessage };
    case "sendDigits":
      if (typeof frame.digits !== "string" || !/^[0-9w#*]+$/.test(frame.digits)) {
        return { ok: false, reason: "sendDigits frame without valid digits" };
      }
      return { ok: true, frame: frame as RelayOutboundMessage };
    case "play":
      if (typeof frame.source !== "string") return { ok: false, reason: "play frame without a source" };
      return { ok: true, frame: frame as RelayOutboundMessage };
    case "language":
      if (!optional("ttsLanguage", "string") || !optional("transcriptionLanguage", "string")) {
        return { ok: false, reason: "language frame with a non-string language" };
      }
      return { ok: true, frame: frame as RelayOutboundMessage };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(frame.type)}` };
  }
}
