import twilio from "twilio";

export interface RelayTwimlOptions {
  actionUrl: string;
  relayUrl: string;
  greeting: string;
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
  relay.parameter({ name: "greeting", value: options.greeting });
  return response.toString();
}

export function dialOwnerTwiml(ownerPhone: string, spokenLine: string, callerId: string | undefined): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(spokenLine);
  response.dial(callerId ? { callerId } : {}, ownerPhone);
  return response.toString();
}

export function hangupTwiml(spokenLine?: string): string {
  const response = new twilio.twiml.VoiceResponse();
  if (spokenLine) response.say(spokenLine);
  response.hangup();
  return response.toString();
}
