// The TwiML builder by itself: the SDK's index would load its REST client as well (rest-client.ts).
import VoiceResponse from "twilio/lib/twiml/VoiceResponse.js";
import type { VoiceSettings } from "../business/settings.js";

export interface RelayTwimlOptions {
  actionUrl: string;
  /** The session's own URL (a session ticket: see relay-ticket.ts). */
  relayUrl: string;
  greeting: string;
  /** What the session is told, as custom parameters (`encodeSessionParameters`). */
  parameters: Record<string, string>;
  voice: VoiceSettings;
  /** Phrases for the speech recogniser (`speechHints`); empty for none. */
  hints: string;
  /**
   * Where Twilio reports the call's recording once it is complete; set, the whole call is recorded
   * from its start (`recordCalls`). Unset: no recording.
   */
  recordingStatusUrl?: string | undefined;
}

/**
 * Attributes Twilio spells in camelCase (its TwiML validator is case-sensitive) that the `twilio`
 * typings spell in lower case (`ignorebackchannel`, `backgroundnoisereduction`), as they do
 * `speechtimeout`: see twilio-node's changelog for 5.13.2, which added them, and its issue #1192.
 */
interface CamelCaseRelayAttributes {
  ignoreBackchannel: boolean;
  backgroundNoiseReduction: boolean;
}

/**
 * `<Connect action><ConversationRelay>`: Twilio speaks the greeting, then streams the caller's words
 * to our socket. The greeting also travels as a parameter so the session records what was said.
 * With `recordingStatusUrl`, `<Start><Recording>` first.
 */
export function connectRelayTwiml(options: RelayTwimlOptions): string {
  const { voice } = options;
  const attributes: VoiceResponse.ConversationRelayAttributes & CamelCaseRelayAttributes = {
    url: options.relayUrl,
    welcomeGreeting: options.greeting,
    welcomeGreetingInterruptible: "any",
    interruptible: "any",
    // "Uh-huh" and "yeah" while the secretary talks are listening, not interrupting.
    ignoreBackchannel: true,
    // A cough or a passing car does not stop the secretary; a caller who starts talking does.
    interruptSensitivity: "medium",
    // On a speakerphone the secretary's own voice comes back down the line: not the caller's words.
    echoPromptFiltering: true,
    backgroundNoiseReduction: true,
    // A caller who hangs up mid-sentence still leaves their words.
    partialPromptOnHangup: true,
    dtmfDetection: true,
    // Speaker events tell us when the secretary's words have been heard: a goodbye ends the call
    // right after it, and the caller's silence is counted from there.
    debug: "speaker-events",
    language: voice.language,
    ...(voice.ttsProvider && { ttsProvider: voice.ttsProvider }),
    ...(voice.voice && { voice: voice.voice }),
    ...(voice.transcriptionProvider && { transcriptionProvider: voice.transcriptionProvider }),
    ...(voice.speechModel && { speechModel: voice.speechModel }),
    ...(options.hints && { hints: options.hints }),
  };
  const response = new VoiceResponse();
  // Started before `<Connect>`, so the greeting is on it too; it runs in the background until the
  // call ends, across the sessions that follow (a resume, a transfer): each call has one.
  if (options.recordingStatusUrl)
    response.start().recording({
      // The caller on one channel and the secretary on the other, as dual does for a call's two sides.
      channels: "dual",
      recordingStatusCallback: options.recordingStatusUrl,
      recordingStatusCallbackEvent: ["completed"],
    });
  const relay = response.connect({ action: options.actionUrl }).conversationRelay(attributes);
  // The languages the call may switch to, with the same providers; a voice and a speech model are
  // chosen for one language, so each of these gets the provider's default for it.
  for (const code of voice.otherLanguages) {
    if (code === voice.language) continue;
    relay.language({
      code,
      ...(voice.ttsProvider && { ttsProvider: voice.ttsProvider }),
      ...(voice.transcriptionProvider && { transcriptionProvider: voice.transcriptionProvider }),
    });
  }
  for (const [name, value] of Object.entries(options.parameters)) relay.parameter({ name, value });
  return response.toString();
}

export interface WarmDialOptions {
  /** The number rung: the owner's, or one of the fallbacks after it. */
  phone: string;
  /** What the caller hears before it rings, so that the wait is not silence. */
  spokenLine: string;
  /** Shown to the person rung: the caller's own number, so they know who is on the line. */
  callerId: string | undefined;
  /** What the person rung hears once they pick up, before the caller is put through (`whisperTwiml`). */
  whisperUrl: string;
  /** Where Twilio reports how the dial went: the next number, or back to the secretary. */
  actionUrl: string;
  timeoutSeconds: number;
}

/**
 * `<Dial answerOnBridge="true"><Number url>`: the person rung hears the whisper first, and the call
 * is only put through once they take it there. Till then the caller hears it ring, and a voicemail
 * that picks up is hung up on by the whisper, so it reaches the action URL as unanswered.
 */
export function warmDialTwiml(options: WarmDialOptions): string {
  const response = new VoiceResponse();
  response.say(options.spokenLine);
  const dial = response.dial({
    action: options.actionUrl,
    answerOnBridge: true,
    timeout: options.timeoutSeconds,
    ...(options.callerId && { callerId: options.callerId }),
  });
  dial.number({ url: options.whisperUrl }, options.phone);
  return response.toString();
}

// How long the person rung has to press 1 once the whisper has been said.
const WHISPER_KEY_SECONDS = 6;

/**
 * What the person a transfer rings hears on picking up: the briefing and how to take the call.
 * A key goes to `actionUrl`; no key (a voicemail greeting never presses one) hangs this leg up.
 */
export function whisperTwiml(options: { lines: string[]; actionUrl: string }): string {
  const response = new VoiceResponse();
  const gather = response.gather({
    numDigits: 1,
    action: options.actionUrl,
    method: "POST",
    timeout: WHISPER_KEY_SECONDS,
  });
  for (const line of options.lines) gather.say(line);
  response.hangup();
  return response.toString();
}

/** Nothing more to run on the leg of the person rung: Twilio puts the two calls together. */
export function bridgeTwiml(): string {
  return new VoiceResponse().toString();
}

/**
 * `<Reject>`, the first verb: Twilio never picks the call up (nothing is billed), and the caller
 * hears a busy signal ("busy") or a not-in-service message ("rejected"), as their carrier plays it.
 */
export function rejectTwiml(reason: "busy" | "rejected"): string {
  const response = new VoiceResponse();
  response.reject({ reason });
  return response.toString();
}

export function hangupTwiml(spokenLine?: string): string {
  const response = new VoiceResponse();
  if (spokenLine) response.say(spokenLine);
  response.hangup();
  return response.toString();
}

/**
 * Twilio's connection overrides for the URL a parked call comes back to: a URL fragment, which
 * Twilio reads itself and does not send. Up to 5 retries, within 15 s in all, when the connection
 * is refused, times out (2 s) or is reset, or when a proxy in front answers 5xx (its upstream is
 * down): a redirect that lands in the instant a restarting server's port is closed tries again.
 */
const PARKED_REDIRECT_OVERRIDES = "ct=2000&rc=5&rp=ct,rt,5xx&tt=15000";

// Longest stretch of silence a parked caller hears before being told they are still connected.
const LONGEST_SILENCE_SECONDS = 4;

export interface ParkOptions {
  /** Said first. None while Twilio has not picked the call up: the caller keeps hearing it ring. */
  holdLine?: string;
  /** Said between pauses, so that no silence lasts longer than a few seconds. */
  stillHereLine?: string;
  /** The time the call is held before Twilio asks `redirectUrl` what comes next. */
  pauseSeconds: number;
  redirectUrl: string;
}

/**
 * Holds a call on Twilio's side (`<Pause>`; as the first verb, before the call is picked up) and
 * then hands it back to us with a `<Redirect>`: a restarting server is back by then.
 */
export function parkTwiml(options: ParkOptions): string {
  const response = new VoiceResponse();
  if (options.holdLine) response.say(options.holdLine);
  const longestPause = options.stillHereLine ? LONGEST_SILENCE_SECONDS : options.pauseSeconds;
  for (let left = options.pauseSeconds; left > 0; left -= longestPause) {
    if (left < options.pauseSeconds && options.stillHereLine) response.say(options.stillHereLine);
    response.pause({ length: Math.min(left, longestPause) });
  }
  response.redirect({ method: "POST" }, `${options.redirectUrl}#${PARKED_REDIRECT_OVERRIDES}`);
  return response.toString();
}
