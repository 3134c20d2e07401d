/**
 * The owner's settings: what the secretary knows of the business and how it answers. They live in
 * the database and are edited through the API; each process keeps the current ones in memory
 * (see live-business.ts), so a call never waits on them.
 */

export const DAYS_OF_WEEK = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/**
 * One range of a day when the office is open, in the business's local time: "09:00" to "17:30".
 * `closes` is after `opens`; "24:00" closes at midnight, and a range that goes on past midnight is
 * written as two, the second opening at "00:00" the next day (they are read as one).
 */
export interface OpeningHours {
  day: DayOfWeek;
  opens: string;
  closes: string;
}

/** A day the office is closed whatever its hours say (a holiday), as a local date: "2026-12-25". */
export interface ClosedDate {
  date: string;
  note: string | null;
}

export const TRANSFER_POLICIES = ["NEVER", "OPEN_HOURS", "ALWAYS"] as const;
/** When the secretary may put a caller through to the owner; an emergency always may, when there is a number. */
export type TransferPolicy = (typeof TRANSFER_POLICIES)[number];

/** How the call sounds and is heard (ConversationRelay's voice and recognition attributes). */
export interface VoiceSettings {
  /** BCP-47, e.g. "en-US": the language the secretary speaks and hears first. */
  language: string;
  /** Further languages the caller may switch to (the switch_language tool). */
  otherLanguages: string[];
  /** Twilio's TTS provider ("ElevenLabs", "Google", "Amazon"); null for Twilio's default. */
  ttsProvider: string | null;
  voice: string | null;
  /** Twilio's speech recognition provider ("Deepgram", "Google"); null for Twilio's default. */
  transcriptionProvider: string | null;
  speechModel: string | null;
}

/** Someone a transfer rings when the owner does not take the call. */
export interface TransferNumber {
  name: string;
  /** E.164. */
  phone: string;
}

export interface BusinessSettings {
  businessName: string;
  ownerName: string;
  /** E.164; where transfers ring. Null: no transfers. */
  ownerPhone: string | null;
  /** Free text from the owner added to Claude's instructions. */
  instructions: string | null;
  /** IANA, e.g. "America/New_York": opening hours and closed dates are in it. */
  timeZone: string;
  openingHours: OpeningHours[];
  closedDates: ClosedDate[];
  transferWhen: TransferPolicy;
  /**
   * Who a transfer rings, in order, after the owner (`ownerPhone`) does not take the call; then the
   * caller comes back to the secretary.
   */
  transferNumbers: TransferNumber[];
  /** Names the speech recogniser should expect besides the business and owner (staff, products). */
  staffNames: string[];
  voice: VoiceSettings;
  /** Silence after the secretary's turn before "Are you still there?". */
  idleRepromptSeconds: number;
  /** A call this long is ended politely (hold music, a phone left off the hook). */
  maxCallMinutes: number;
  /**
   * A caller who hangs up before saying anything gets a text ("Sorry we missed you…"), once per
   * number per day; only when texting is set up (TWILIO_ACCOUNT_SID).
   */
  missedCallTextBack: boolean;
  /**
   * Each call's audio is recorded at Twilio (both sides, one channel each) and the greeting says so;
   * only with TWILIO_ACCOUNT_SID, which fetching and deleting the recordings take.
   */
  recordCalls: boolean;
  /** Calls older than this many days (from their start) are erased with everything attached; null keeps them. */
  retentionDays: number | null;
}

/** An entry of the knowledge base, as the secretary is given it. */
export interface KnowledgeFact {
  title: string;
  content: string;
}
