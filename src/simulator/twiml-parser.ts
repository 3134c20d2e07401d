import { SimulatorError } from "./simulator-error.js";
import type { CallRecordingTwiml, ParsedTwiml, PendingDial, RelayTwiml, TwimlElement } from "./twiml.js";

/** Parses a TwiML document (small XML: elements, attributes, text, entities, CDATA, comments). */
export function parseTwiml(xml: string): ParsedTwiml {
  const document: TwimlElement = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: TwimlElement[] = [document];
  const openTag = /<([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
  const closeTag = /<\/([A-Za-z_][\w:.-]*)\s*>/y;
  const fail = (what: string, at: number): never => {
    throw new SimulatorError(`invalid TwiML (${what} at ${at}): ${xml.slice(0, 300)}`);
  };
  let position = 0;
  while (position < xml.length) {
    const current = stack[stack.length - 1] ?? document;
    const lt = xml.indexOf("<", position);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > position) current.text += decodeEntities(xml.slice(position, textEnd));
    if (lt === -1) break;
    const skipPast = (terminator: string): number => {
      const end = xml.indexOf(terminator, lt);
      return end === -1 ? fail(`unterminated ${xml.slice(lt, lt + 4)}`, lt) : end + terminator.length;
    };
    if (xml.startsWith("<![CDATA[", lt)) {
      const end = skipPast("]]>");
      current.text += xml.slice(lt + "<![CDATA[".length, end - "]]>".length);
      position = end;
    } else if (xml.startsWith("<!--", lt)) {
      position = skipPast("-->");
    } else if (xml.startsWith("<?", lt)) {
      position = skipPast("?>");
    } else if (xml.startsWith("<!", lt)) {
      position = skipPast(">");
    } else if (xml.startsWith("</", lt)) {
      closeTag.lastIndex = lt;
      const match = closeTag.exec(xml);
      if (!match || match[1] !== current.name || stack.length === 1) fail("mismatched closing tag", lt);
      stack.pop();
      position = closeTag.lastIndex;
    } else {
      openTag.lastIndex = lt;
      const match = openTag.exec(xml) ?? fail("malformed tag", lt);
      const element: TwimlElement = {
        name: match[1] ?? "",
        attributes: parseAttributes(match[2] ?? ""),
        children: [],
        text: "",
      };
      current.children.push(element);
      if (match[3] !== "/") stack.push(element);
      position = openTag.lastIndex;
    }
  }
  if (stack.length !== 1) fail(`unclosed <${stack[stack.length - 1]?.name}>`, xml.length);
  trimText(document);
  const response = document.children[0];
  if (document.children.length !== 1 || response?.name !== "Response") fail("root element is not <Response>", 0);
  const verbs = response?.children ?? [];
  const relay = findRelay(verbs);
  return { xml, verbs, ...(relay && { relay }) };
}

function findRelay(verbs: TwimlElement[]): RelayTwiml | undefined {
  for (const verb of verbs) {
    if (verb.name !== "Connect") continue;
    const element = verb.children.find((child) => child.name === "ConversationRelay");
    if (!element) continue;
    const url = element.attributes.url;
    if (!url) throw new SimulatorError("<ConversationRelay> has no url attribute");
    const parameters: Record<string, string> = {};
    const languages: Record<string, string>[] = [];
    for (const child of element.children) {
      const name = child.attributes.name;
      if (child.name === "Parameter" && name !== undefined) parameters[name] = child.attributes.value ?? "";
      if (child.name === "Language") {
        if (!child.attributes.code) throw new SimulatorError("<Language> has no code attribute");
        languages.push(child.attributes);
      }
    }
    return {
      url,
      ...(verb.attributes.action !== undefined && { action: verb.attributes.action }),
      ...(element.attributes.welcomeGreeting !== undefined && { welcomeGreeting: element.attributes.welcomeGreeting }),
      attributes: element.attributes,
      parameters,
      languages,
    };
  }
  return undefined;
}

/** The `<Dial>` to wait on: without an action, Twilio goes on with the document, not the server. */
export function dialOf(dial: TwimlElement, documentUrl: string): PendingDial | undefined {
  const action = dial.attributes.action;
  if (action === undefined) return undefined;
  const number = dial.children.find((child) => child.name === "Number");
  const whisper = number?.attributes.url;
  return {
    actionUrl: new URL(action, documentUrl).toString(),
    number: dial.text || (number?.text ?? ""),
    attributes: dial.attributes,
    ...(whisper !== undefined && { whisperUrl: new URL(whisper, documentUrl).toString() }),
  };
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = match[1];
    if (name !== undefined) attributes[name] = decodeEntities(match[2] ?? match[3] ?? "");
  }
  return attributes;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (entity, body: string) => {
    if (body.startsWith("#x")) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    return named[body] ?? entity;
  });
}

function trimText(element: TwimlElement): void {
  element.text = element.text.trim();
  for (const child of element.children) trimText(child);
}

// What Twilio's <Recording> takes: it refuses the TwiML otherwise.
const RECORDING_CHANNELS = new Set(["mono", "dual"]);
const RECORDING_EVENTS = new Set(["in-progress", "completed", "absent"]);

/** The `<Recording>` of a `<Start>`, if it has one; checked as Twilio checks it. */
export function recordingOf(start: TwimlElement, documentUrl: string): CallRecordingTwiml | undefined {
  const recording = start.children.find((child) => child.name === "Recording");
  if (!recording) return undefined;
  const { channels, recordingStatusCallback, recordingStatusCallbackEvent } = recording.attributes;
  if (channels !== undefined && !RECORDING_CHANNELS.has(channels))
    throw new SimulatorError(`<Recording channels="${channels}">: Twilio takes "mono" or "dual"`);
  const events = (recordingStatusCallbackEvent ?? "completed").split(/\s+/).filter(Boolean);
  for (const event of events)
    if (!RECORDING_EVENTS.has(event))
      throw new SimulatorError(`<Recording recordingStatusCallbackEvent>: "${event}" is not an event Twilio reports`);
  return {
    attributes: recording.attributes,
    ...(recordingStatusCallback !== undefined && {
      statusCallbackUrl: new URL(recordingStatusCallback, documentUrl).toString(),
    }),
    statusCallbackEvents: events,
  };
}
