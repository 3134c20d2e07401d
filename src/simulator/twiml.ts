/** TwiML as the simulated Twilio reads it: what a webhook answered, and what it asks Twilio to do next. */

export interface TwimlElement {
  name: string;
  attributes: Record<string, string>;
  children: TwimlElement[];
  /** The element's own text, entity-decoded and trimmed. */
  text: string;
}

export interface RelayTwiml {
  /** The ConversationRelay `url` exactly as written: the upgrade is signed over it. */
  url: string;
  /** The enclosing `<Connect action>`, as written. */
  action?: string;
  welcomeGreeting?: string;
  /** Every ConversationRelay attribute, decoded. */
  attributes: Record<string, string>;
  /** `<Parameter name value/>` children: they arrive as `setup.customParameters`. */
  parameters: Record<string, string>;
  /** The attributes of each `<Language>` child: a language the session may switch to, and its settings. */
  languages: Record<string, string>[];
}

export interface ParsedTwiml {
  xml: string;
  /** The children of `<Response>`. */
  verbs: TwimlElement[];
  /** The first `<Connect><ConversationRelay>`, if any. */
  relay?: RelayTwiml;
}

/** A `<Dial action>` Twilio is executing: the call waits for `pickUp` or `finishDial`. */
export interface PendingDial {
  /** The Dial's action, resolved against the URL of the TwiML it came from. */
  actionUrl: string;
  /** The Dial's text, or its `<Number>`. */
  number: string;
  attributes: Record<string, string>;
  /**
   * The `<Number url>`, resolved: TwiML run on the leg of the person rung once they pick up,
   * before the two calls are put together (a whisper).
   */
  whisperUrl?: string;
}

/** A `<Start><Recording>` Twilio is running: the call is recorded in the background until it ends. */
export interface CallRecordingTwiml {
  /** Every attribute of `<Recording>`, decoded (channels, recordingStatusCallbackEvent…). */
  attributes: Record<string, string>;
  /** `recordingStatusCallback`, resolved against the URL of the TwiML it came from. */
  statusCallbackUrl?: string;
  /** The events reported to it (`recordingStatusCallbackEvent`, space-separated; Twilio's default: completed). */
  statusCallbackEvents: string[];
}
