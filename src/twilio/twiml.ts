import twilio from "twilio";

export interface RelayTwimlOptions {
  actionUrl: string;
  /** The session's own URL (a session ticket: see relay-ticket.ts). */
  relayUrl: string;
  greeting: string;
  /** What the session is told, as custom parameters (`encodeSessionParameters`). */
  parameters: Record<string, string>;
}

/**
 * `<Connect action><ConversationRelay>`: Twilio speaks the greeting, then streams the caller's words
 * to our socket. The greeting also travels as a parameter so the session records what was said.
 */
export function connectRelayTwiml(options: RelayTwimlOptions): string {
  const response = new twilio.twiml.VoiceResponse();
  const relay = response.connect({ action: options.actionUrl }).conversationRelay({
    url: options.relayUrl,
    welcomeGreeting: options.greeting,
    welcomeGreetingInterruptible: "any",
    interruptible: "any",
    dtmfDetection: true,
    // Speaker events tell us when a goodbye has been heard, so the call ends right after it.
    debug: "speaker-events",
  });
  for (const [name, value] of Object.entries(options.parameters)) relay.parameter({ name, value });
  return response.toString();
}

export interface DialOwnerOptions {
  ownerPhone: string;
  spokenLine: string;
  /** Shown to the owner: the caller's own number, so they know who is on the line. */
  callerId: string | undefined;
  /** Where Twilio reports how the dial went, so an unanswered one comes back to the secretary. */
  actionUrl: string;
  timeoutSeconds: number;
}

export function dialOwnerTwiml(options: DialOwnerOptions): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(options.spokenLine);
  response.dial(
    {
      action: options.actionUrl,
      timeout: options.timeoutSeconds,
      ...(options.callerId && { callerId: options.callerId }),
    },
    options.ownerPhone,
  );
  return response.toString();
}

export function hangupTwiml(spokenLine?: string): string {
  const response = new twilio.twiml.VoiceResponse();
  if (spokenLine) response.say(spokenLine);
  response.hangup();
  return response.toString();
}
