/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** CALL: a message the secretary took during the call. ANALYSIS: found by the post-call analysis. */
export type ActionItemSource =
  | 'ANALYSIS'
  | 'CALL';

/** Where the post-call analysis stands. FAILED carries the reason in `analysisError`. */
export type AnalysisState =
  | 'DONE'
  | 'FAILED'
  | 'NOT_STARTED'
  | 'PENDING'
  | 'RUNNING';

export type AnswerKnowledgeGapInput = {
  /** The answer, 1 to 4000 characters. */
  answer: string;
  gapId: string | number;
  /** The new entry's title (1 to 200 characters); by default the question. */
  title?: string | null | undefined;
};

export type CallFilter = {
  /** Only calls that came in outside opening hours (true), or inside them (false). */
  afterHours?: boolean | null | undefined;
  /** Exact intent label, case-insensitive. */
  intent?: string | null | undefined;
  /** The caller's or the called number. */
  phone?: string | null | undefined;
  /** Started at or after. */
  since?: string | null | undefined;
  /** Only spam (true), or only calls that are not (false). */
  spam?: boolean | null | undefined;
  /** Any of these statuses. */
  status?: Array<CallStatus> | null | undefined;
  /** Started before. */
  until?: string | null | undefined;
  /** Any of these urgencies. */
  urgency?: Array<Urgency> | null | undefined;
};

/** The call's progress as Twilio reports it: RINGING, IN_PROGRESS, then one of the final statuses COMPLETED, BUSY, NO_ANSWER, CANCELED or FAILED. BLOCKED: the number was blocked (see `setCallerRule`) and the call rejected unanswered, with no conversation and no analysis. */
export type CallStatus =
  | 'BLOCKED'
  | 'BUSY'
  | 'CANCELED'
  | 'COMPLETED'
  | 'FAILED'
  | 'IN_PROGRESS'
  | 'NO_ANSWER'
  | 'RINGING';

/** BLOCK: the call is rejected with a busy signal before anything is answered, and listed with status BLOCKED. VIP: the owner's phone rings first when transfers are allowed at that moment (an unanswered ring comes back to the secretary), the secretary answers otherwise. */
export type CallerRuleKind =
  | 'BLOCK'
  | 'VIP';

export type ClosedDateInput = {
  /** YYYY-MM-DD. */
  date: string;
  note?: string | null | undefined;
};

export type CompleteActionItemInput = {
  actionItemId: string | number;
};

export type CreateKnowledgeEntryInput = {
  /** 1 to 4000 characters. */
  content: string;
  /** 1 to 200 characters. */
  title: string;
};

export type CreateNotificationChannelInput = {
  /** When the daily digest goes, HH:MM in the business's time zone: "08:00" by default. */
  digestTime?: string | null | undefined;
  /** An email channel: this, `webhook` or `sms`. */
  email?: EmailChannelInput | null | undefined;
  /** True by default. */
  enabled?: boolean | null | undefined;
  /** What it is told of: at least one. */
  events: Array<NotificationEvent>;
  /** LOW (everything) by default. */
  minUrgency?: Urgency | null | undefined;
  /** The owner's name for it, 1 to 100 characters. */
  name: string;
  quietHours?: QuietHoursInput | null | undefined;
  /** An SMS channel (needs TWILIO_ACCOUNT_SID): this, `email` or `webhook`. */
  sms?: SmsChannelInput | null | undefined;
  /** A webhook channel: this, `email` or `sms`. */
  webhook?: WebhookChannelInput | null | undefined;
};

export type DayOfWeek =
  | 'FRIDAY'
  | 'MONDAY'
  | 'SATURDAY'
  | 'SUNDAY'
  | 'THURSDAY'
  | 'TUESDAY'
  | 'WEDNESDAY';

export type DeleteCallInput = {
  callId: string | number;
};

export type DeleteKnowledgeEntryInput = {
  knowledgeEntryId: string | number;
};

export type DeleteNotificationChannelInput = {
  notificationChannelId: string | number;
};

/** PENDING: to be sent (retried with backoff after a failure, or held for quiet hours). DELIVERED: the mail server or the webhook took it. FAILED: given up after 8 attempts, or the channel was turned off first. */
export type DeliveryStatus =
  | 'DELIVERED'
  | 'FAILED'
  | 'PENDING';

/** An SMTP server to send through, and the addresses. */
export type EmailChannelInput = {
  /** The sender's address. */
  from: string;
  /** The SMTP server, e.g. smtp.fastmail.com. */
  host: string;
  /** The SMTP password: stored, never returned. Left out on an update, the stored one stays. */
  password?: string | null | undefined;
  /** 587 by default (STARTTLS); 465 for TLS from the start. */
  port?: number | null | undefined;
  /** TLS from the start; by default, when the port is 465. */
  secure?: boolean | null | undefined;
  /** Where it goes: 1 to 10 addresses. */
  to: Array<string>;
  /** The SMTP login, if the server wants one. */
  user?: string | null | undefined;
};

export type EndCallInput = {
  callId: string | number;
  /** The goodbye the caller hears; null: the secretary's own ("Thank you for calling. Goodbye!"). At most 500 characters. */
  farewell?: string | null | undefined;
};

/** Why the call's last session ended. After CONNECTION_LOST the call may resume; after TRANSFERRED_TO_OWNER it comes back if the owner does not answer. NO_END_REPORTED: nothing was heard of the call for a long time and it was closed at its last sign of life. */
export type EndReason =
  | 'CALLER_HUNG_UP'
  | 'CONNECTION_LOST'
  | 'ENDED_BY_ASSISTANT'
  | 'NO_END_REPORTED'
  | 'TRANSFERRED_TO_OWNER';

export type EraseCallerInput = {
  /** The number, in any format (see `setCallerRule`). */
  phone: string;
};

export type GuideCallInput = {
  callId: string | number;
  /** What the secretary should know or do, e.g. "Tell her Tuesday 3 pm is fine". At most 1000 characters. */
  note: string;
};

/** Who answered: CLAUDE when Claude answered every turn; OFFLINE when the scripted secretary answered the whole call (no API key) or at least one of its turns (Claude failed on that turn). */
export type HandledBy =
  | 'CLAUDE'
  | 'OFFLINE';

/** EMAIL: a plain-text mail over the owner's SMTP server. WEBHOOK: a signed JSON POST (Standard Webhooks). SMS: a short text to the owner's phone through Twilio's Messages API (needs TWILIO_ACCOUNT_SID). */
export type NotificationChannelKind =
  | 'EMAIL'
  | 'SMS'
  | 'WEBHOOK';

/** What a channel can be told of; a webhook's body names it as `type`: MESSAGE_TAKEN is `message.taken`, CALL_ANALYZED is `call.analyzed`, CALL_URGENT is `call.urgent`, CALL_MISSED is `call.missed`, KNOWLEDGE_GAP_OPENED is `knowledge_gap.opened`, DAILY_DIGEST is `daily.digest`. MESSAGE_TAKEN: the secretary took a message during a call. CALL_ANALYZED: a call's summary is ready. CALL_URGENT: the same, for a call the analysis found URGENT (an email channel that asks for both gets one email for it). CALL_MISSED: a call in which the caller said nothing (hung up, busy, no answer). KNOWLEDGE_GAP_OPENED: a caller asked a new question the knowledge base does not answer. DAILY_DIGEST (email channels only): once a day at the channel's `digestTime`, yesterday's calls by urgency with their summaries (spam only counted), the open action items and the open questions. */
export type NotificationEvent =
  | 'CALL_ANALYZED'
  | 'CALL_MISSED'
  | 'CALL_URGENT'
  | 'DAILY_DIGEST'
  | 'KNOWLEDGE_GAP_OPENED'
  | 'MESSAGE_TAKEN';

export type OpeningHoursInput = {
  /** "HH:MM" after `opens`, up to "24:00". */
  closes: string;
  day: DayOfWeek;
  /** "HH:MM", 00:00 to 23:59. */
  opens: string;
};

export type QuietHoursInput = {
  /** HH:MM, e.g. "07:00" (the next morning). */
  end: string;
  /** HH:MM, e.g. "22:00". */
  start: string;
};

export type ReanalyzeCallInput = {
  callId: string | number;
};

export type RemoveCallerRuleInput = {
  /** The number, in any format. */
  phone: string;
};

export type ReopenActionItemInput = {
  actionItemId: string | number;
};

export type SayOnCallInput = {
  callId: string | number;
  /** The words the caller hears, in the call's language. At most 500 characters. */
  text: string;
};

export type SendTestNotificationInput = {
  notificationChannelId: string | number;
};

export type SetCallerRuleInput = {
  kind: CallerRuleKind;
  /** Why; null or blank for none. At most 500 characters. */
  note?: string | null | undefined;
  /** The number in any format; without a country code it is read as North American. Block a call's caller with its `from`. */
  phone: string;
};

/** Texts to the owner's phone through Twilio. In the US, the sending number needs A2P 10DLC registration (or toll-free verification) before carriers deliver. */
export type SmsChannelInput = {
  /** The business's Twilio number to text from, E.164. Needed because outside a call nothing says which number was called. */
  from: string;
  /** The owner's mobile phone, E.164 (+15551234567). */
  to: string;
};

/** Twilio's speech recognition providers. */
export type TranscriptionProvider =
  | 'DEEPGRAM'
  | 'GOOGLE';

export type TransferCallInput = {
  callId: string | number;
};

export type TransferNumberInput = {
  name: string;
  /** E.164, e.g. +15551234567. */
  phone: string;
};

/** When the secretary may put a caller through to the owner's phone. Whatever it is, a caller with an emergency may be put through when the owner has a phone number. */
export type TransferPolicy =
  /** Whenever the caller asks for the owner. */
  | 'ALWAYS'
  /** Only emergencies. */
  | 'NEVER'
  /** While the office is open (emergencies at any time). */
  | 'OPEN_HOURS';

/** Twilio's text-to-speech providers. */
export type TtsProvider =
  | 'AMAZON'
  | 'ELEVENLABS'
  | 'GOOGLE';

/** SPEECH, DTMF for keys pressed on the keypad, or SMS for a text message the secretary sent to the caller's phone (`text` is the message). */
export type TurnKind =
  | 'DTMF'
  | 'SMS'
  | 'SPEECH';

/** Who spoke: the CALLER, or the ASSISTANT (the secretary); OWNER is a note from the owner to the secretary during the call (`guideCall`), which the caller never hears. */
export type TurnRole =
  | 'ASSISTANT'
  | 'CALLER'
  | 'OWNER';

export type UpdateCallNotesInput = {
  callId: string | number;
  /** The new notes; null or blank clears them. */
  notes?: string | null | undefined;
};

export type UpdateKnowledgeEntryInput = {
  /** The new content; left out, it stays. */
  content?: string | null | undefined;
  knowledgeEntryId: string | number;
  /** The new title; left out, it stays. */
  title?: string | null | undefined;
};

export type UpdateNotificationChannelInput = {
  /** When the daily digest goes, HH:MM (local). */
  digestTime?: string | null | undefined;
  /** The server and addresses, all of them; the password stays unless given. */
  email?: EmailChannelInput | null | undefined;
  /** False: nothing is sent, and what was waiting is dropped. */
  enabled?: boolean | null | undefined;
  events?: Array<NotificationEvent> | null | undefined;
  minUrgency?: Urgency | null | undefined;
  name?: string | null | undefined;
  notificationChannelId: string | number;
  /** Null ends quiet hours. */
  quietHours?: QuietHoursInput | null | undefined;
  /** A new signing secret for a webhook, returned this once; the old one stops working at once. */
  rotateWebhookSecret?: boolean | null | undefined;
  /** Both numbers. */
  sms?: SmsChannelInput | null | undefined;
  webhook?: WebhookChannelInput | null | undefined;
};

/** The settings to change; those left out stay as they are. Lists are replaced as a whole. */
export type UpdateSettingsInput = {
  businessName?: string | null | undefined;
  closedDates?: Array<ClosedDateInput> | null | undefined;
  /** The version the change was made on; if the settings have changed since, nothing is changed (CONFLICT). */
  expectedVersion?: number | null | undefined;
  /** 3 to 60. */
  idleRepromptSeconds?: number | null | undefined;
  /** Null or blank clears them. */
  instructions?: string | null | undefined;
  /** 1 to 240. */
  maxCallMinutes?: number | null | undefined;
  missedCallTextBack?: boolean | null | undefined;
  openingHours?: Array<OpeningHoursInput> | null | undefined;
  ownerName?: string | null | undefined;
  /** E.164; null clears it (no transfers). */
  ownerPhone?: string | null | undefined;
  /** True needs TWILIO_ACCOUNT_SID (BAD_USER_INPUT otherwise). */
  recordCalls?: boolean | null | undefined;
  /** 1 to 3650; null keeps calls forever. */
  retentionDays?: number | null | undefined;
  staffNames?: Array<string> | null | undefined;
  /** IANA, e.g. "Europe/London". */
  timeZone?: string | null | undefined;
  /** At most 5, rung in this order after ownerPhone (which must be set); each number once. */
  transferNumbers?: Array<TransferNumberInput> | null | undefined;
  transferWhen?: TransferPolicy | null | undefined;
  voice?: VoiceSettingsInput | null | undefined;
};

/** How soon the owner should act on a call, from the post-call analysis. */
export type Urgency =
  | 'HIGH'
  | 'LOW'
  | 'NORMAL'
  | 'URGENT';

/** The voice settings to change; those left out stay as they are. */
export type VoiceSettingsInput = {
  language?: string | null | undefined;
  otherLanguages?: Array<string> | null | undefined;
  speechModel?: string | null | undefined;
  transcriptionProvider?: TranscriptionProvider | null | undefined;
  /** Null: Twilio's default. */
  ttsProvider?: TtsProvider | null | undefined;
  voice?: string | null | undefined;
};

export type WebhookChannelInput = {
  /** An https:// (or http://) URL that takes a POST. */
  url: string;
};

export type LiveTranscriptTurnsQueryVariables = Exact<{
  callId: string | number;
}>;


export type LiveTranscriptTurnsQuery = { call: { id: string, turns: Array<{ id: string, seq: number, role: TurnRole, kind: TurnKind, text: string, interrupted: boolean }> } | null };

export type LiveTranscriptEventsSubscriptionVariables = Exact<{
  callId: string | number;
}>;


export type LiveTranscriptEventsSubscription = { transcript: { turnId: string, role: TurnRole, kind: TurnKind, text: string, delta: string, final: boolean, interrupted: boolean } };

export type TranscriptTurnFragment = { id: string, seq: number, role: TurnRole, kind: TurnKind, text: string, interrupted: boolean };

export type LiveCallFragment = { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, endReason: EndReason | null, endedAt: string | null, callerRule: { id: string, kind: CallerRuleKind } | null };

export type LiveCallsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type LiveCallsQuery = { calls: { edges: Array<{ node: { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, endReason: EndReason | null, endedAt: string | null, callerRule: { id: string, kind: CallerRuleKind } | null } }> } };

export type LiveCallUpdatesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveCallUpdatesSubscription = { callUpdated: { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, endReason: EndReason | null, endedAt: string | null, callerRule: { id: string, kind: CallerRuleKind } | null } };

export type CallPageLiveFragment = { id: string, status: CallStatus, endedAt: string | null, durationSeconds: number | null, endReason: EndReason | null, handledBy: HandledBy, callerName: string | null, summary: string | null, intent: string | null, urgency: Urgency | null, afterHours: boolean, spam: boolean, analysisState: AnalysisState, analysisError: string | null, analyzedAt: string | null, notes: string | null, actionItems: Array<{ id: string, description: string, done: boolean, doneAt: string | null, source: ActionItemSource }> };

export type CallPageQueryVariables = Exact<{
  callId: string | number;
}>;


export type CallPageQuery = { call: { from: string, to: string, startedAt: string, id: string, status: CallStatus, endedAt: string | null, durationSeconds: number | null, endReason: EndReason | null, handledBy: HandledBy, callerName: string | null, summary: string | null, intent: string | null, urgency: Urgency | null, afterHours: boolean, spam: boolean, analysisState: AnalysisState, analysisError: string | null, analyzedAt: string | null, notes: string | null, turns: Array<{ id: string, seq: number, role: TurnRole, kind: TurnKind, text: string, interrupted: boolean }>, recording: { url: string, durationSeconds: number | null } | null, caller: { id: string, name: string | null, phone: string, callCount: number, calls: { edges: Array<{ node: { id: string, startedAt: string, status: CallStatus, intent: string | null } }> } } | null, callerRule: { id: string, kind: CallerRuleKind, note: string | null, phone: string } | null, deliveries: Array<{ id: string, event: NotificationEvent, status: DeliveryStatus, createdAt: string, deliveredAt: string | null, nextAttemptAt: string | null, lastError: string | null, channel: { id: string, name: string, kind: NotificationChannelKind } }>, actionItems: Array<{ id: string, description: string, done: boolean, doneAt: string | null, source: ActionItemSource }> } | null };

export type CallPageUpdatesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CallPageUpdatesSubscription = { callUpdated: { id: string, status: CallStatus, endedAt: string | null, durationSeconds: number | null, endReason: EndReason | null, handledBy: HandledBy, callerName: string | null, summary: string | null, intent: string | null, urgency: Urgency | null, afterHours: boolean, spam: boolean, analysisState: AnalysisState, analysisError: string | null, analyzedAt: string | null, notes: string | null, actionItems: Array<{ id: string, description: string, done: boolean, doneAt: string | null, source: ActionItemSource }> } };

export type CallPageDeletionsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CallPageDeletionsSubscription = { callDeleted: string };

export type CallPageActionItemFragment = { id: string, description: string, done: boolean, doneAt: string | null, source: ActionItemSource };

export type CallPageCompleteActionItemMutationVariables = Exact<{
  input: CompleteActionItemInput;
}>;


export type CallPageCompleteActionItemMutation = { completeActionItem: { actionItem: { id: string, description: string, done: boolean, doneAt: string | null, source: ActionItemSource } } };

export type CallPageReopenActionItemMutationVariables = Exact<{
  input: ReopenActionItemInput;
}>;


export type CallPageReopenActionItemMutation = { reopenActionItem: { actionItem: { id: string, description: string, done: boolean, doneAt: string | null, source: ActionItemSource } } };

export type CallPageReanalyzeMutationVariables = Exact<{
  input: ReanalyzeCallInput;
}>;


export type CallPageReanalyzeMutation = { reanalyzeCall: { call: { id: string, analysisState: AnalysisState, analysisError: string | null } } };

export type CallPageCallerFragment = { id: string, name: string | null, phone: string, callCount: number, calls: { edges: Array<{ node: { id: string, startedAt: string, status: CallStatus, intent: string | null } }> } };

export type CallPageCallerRuleFragment = { id: string, kind: CallerRuleKind, note: string | null, phone: string };

export type CallPageBlockCallerMutationVariables = Exact<{
  input: SetCallerRuleInput;
}>;


export type CallPageBlockCallerMutation = { setCallerRule: { callerRule: { id: string, kind: CallerRuleKind, note: string | null, phone: string } } };

export type CallPageUnblockCallerMutationVariables = Exact<{
  input: RemoveCallerRuleInput;
}>;


export type CallPageUnblockCallerMutation = { removeCallerRule: { removedCallerRuleId: string } };

export type CallPageDeliveryFragment = { id: string, event: NotificationEvent, status: DeliveryStatus, createdAt: string, deliveredAt: string | null, nextAttemptAt: string | null, lastError: string | null, channel: { id: string, name: string, kind: NotificationChannelKind } };

export type CallPageDeleteCallMutationVariables = Exact<{
  input: DeleteCallInput;
}>;


export type CallPageDeleteCallMutation = { deleteCall: { deletedCallId: string } };

export type CallPageUpdateNotesMutationVariables = Exact<{
  input: UpdateCallNotesInput;
}>;


export type CallPageUpdateNotesMutation = { updateCallNotes: { call: { id: string, notes: string | null } } };

export type CallListItemFragment = { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, urgency: Urgency | null, intent: string | null, summary: string | null, afterHours: boolean, spam: boolean };

export type CallsQueryVariables = Exact<{
  filter?: CallFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type CallsQuery = { calls: { totalCount: number, edges: Array<{ node: { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, urgency: Urgency | null, intent: string | null, summary: string | null, afterHours: boolean, spam: boolean } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type SearchCallsQueryVariables = Exact<{
  query: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SearchCallsQuery = { searchCalls: { edges: Array<{ snippet: string | null, node: { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, urgency: Urgency | null, intent: string | null, summary: string | null, afterHours: boolean, spam: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CallListUpdatesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CallListUpdatesSubscription = { callUpdated: { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, urgency: Urgency | null, intent: string | null, summary: string | null, afterHours: boolean, spam: boolean } };

export type CallListDeletionsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CallListDeletionsSubscription = { callDeleted: string };

export type LiveTransferTargetsQueryVariables = Exact<{ [key: string]: never; }>;


export type LiveTransferTargetsQuery = { settings: { ownerPhone: string | null, transferNumbers: Array<{ name: string, phone: string }> } };

export type LiveGuideCallMutationVariables = Exact<{
  input: GuideCallInput;
}>;


export type LiveGuideCallMutation = { guideCall: { call: { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, endReason: EndReason | null, endedAt: string | null, callerRule: { id: string, kind: CallerRuleKind } | null } } };

export type LiveSayOnCallMutationVariables = Exact<{
  input: SayOnCallInput;
}>;


export type LiveSayOnCallMutation = { sayOnCall: { call: { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, endReason: EndReason | null, endedAt: string | null, callerRule: { id: string, kind: CallerRuleKind } | null } } };

export type LiveTransferCallMutationVariables = Exact<{
  input: TransferCallInput;
}>;


export type LiveTransferCallMutation = { transferCall: { call: { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, endReason: EndReason | null, endedAt: string | null, callerRule: { id: string, kind: CallerRuleKind } | null } } };

export type LiveEndCallMutationVariables = Exact<{
  input: EndCallInput;
}>;


export type LiveEndCallMutation = { endCall: { call: { id: string, from: string, callerName: string | null, startedAt: string, status: CallStatus, endReason: EndReason | null, endedAt: string | null, callerRule: { id: string, kind: CallerRuleKind } | null } } };

export type BusinessSettingsHistoryQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type BusinessSettingsHistoryQuery = { settingsHistory: { totalCount: number, edges: Array<{ node: { id: string, changedAt: string, changedBy: string, version: number, changes: Array<{ field: string, before: string | null, after: string | null }> } }> } };

export type BusinessSettingsFieldsFragment = { version: number, businessName: string, ownerName: string, ownerPhone: string | null, transferWhen: TransferPolicy, instructions: string | null, timeZone: string, staffNames: Array<string>, idleRepromptSeconds: number, maxCallMinutes: number, missedCallTextBack: boolean, recordCalls: boolean, retentionDays: number | null, transferNumbers: Array<{ name: string, phone: string }>, openingHours: Array<{ day: DayOfWeek, opens: string, closes: string }>, closedDates: Array<{ date: string, note: string | null }>, voice: { language: string, otherLanguages: Array<string>, ttsProvider: TtsProvider | null, voice: string | null, transcriptionProvider: TranscriptionProvider | null, speechModel: string | null }, currently: { open: boolean, closesAt: string | null, opensAt: string | null, localTime: string, spoken: string } };

export type BusinessSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type BusinessSettingsQuery = { settings: { version: number, businessName: string, ownerName: string, ownerPhone: string | null, transferWhen: TransferPolicy, instructions: string | null, timeZone: string, staffNames: Array<string>, idleRepromptSeconds: number, maxCallMinutes: number, missedCallTextBack: boolean, recordCalls: boolean, retentionDays: number | null, transferNumbers: Array<{ name: string, phone: string }>, openingHours: Array<{ day: DayOfWeek, opens: string, closes: string }>, closedDates: Array<{ date: string, note: string | null }>, voice: { language: string, otherLanguages: Array<string>, ttsProvider: TtsProvider | null, voice: string | null, transcriptionProvider: TranscriptionProvider | null, speechModel: string | null }, currently: { open: boolean, closesAt: string | null, opensAt: string | null, localTime: string, spoken: string } } };

export type UpdateBusinessSettingsMutationVariables = Exact<{
  input: UpdateSettingsInput;
}>;


export type UpdateBusinessSettingsMutation = { updateSettings: { settings: { version: number, businessName: string, ownerName: string, ownerPhone: string | null, transferWhen: TransferPolicy, instructions: string | null, timeZone: string, staffNames: Array<string>, idleRepromptSeconds: number, maxCallMinutes: number, missedCallTextBack: boolean, recordCalls: boolean, retentionDays: number | null, transferNumbers: Array<{ name: string, phone: string }>, openingHours: Array<{ day: DayOfWeek, opens: string, closes: string }>, closedDates: Array<{ date: string, note: string | null }>, voice: { language: string, otherLanguages: Array<string>, ttsProvider: TtsProvider | null, voice: string | null, transcriptionProvider: TranscriptionProvider | null, speechModel: string | null }, currently: { open: boolean, closesAt: string | null, opensAt: string | null, localTime: string, spoken: string } } } };

export type CallerRuleItemFragment = { id: string, phone: string, kind: CallerRuleKind, note: string | null, updatedAt: string };

export type CallerRulesSettingsQueryVariables = Exact<{
  kind?: CallerRuleKind | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CallerRulesSettingsQuery = { callerRules: { totalCount: number, edges: Array<{ node: { id: string, phone: string, kind: CallerRuleKind, note: string | null, updatedAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CallerRulesSettingsSetMutationVariables = Exact<{
  input: SetCallerRuleInput;
}>;


export type CallerRulesSettingsSetMutation = { setCallerRule: { callerRule: { id: string, phone: string, kind: CallerRuleKind, note: string | null, updatedAt: string } } };

export type CallerRulesSettingsRemoveMutationVariables = Exact<{
  input: RemoveCallerRuleInput;
}>;


export type CallerRulesSettingsRemoveMutation = { removeCallerRule: { removedCallerRuleId: string } };

export type CallerRulesSettingsCallerDataQueryVariables = Exact<{
  phone: string;
}>;


export type CallerRulesSettingsCallerDataQuery = { callerData: unknown };

export type CallerRulesSettingsEraseMutationVariables = Exact<{
  input: EraseCallerInput;
}>;


export type CallerRulesSettingsEraseMutation = { eraseCaller: { erasedCallCount: number } };

export type KnowledgeEntryItemFragment = { id: string, title: string, content: string, updatedAt: string };

export type KnowledgeGapItemFragment = { id: string, question: string, timesAsked: number, firstAskedAt: string, lastAskedAt: string, callerPhone: string | null, call: { id: string } | null };

export type KnowledgeSettingsEntriesQueryVariables = Exact<{
  search?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type KnowledgeSettingsEntriesQuery = { knowledgeEntries: { totalCount: number, edges: Array<{ node: { id: string, title: string, content: string, updatedAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type KnowledgeSettingsOpenGapsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type KnowledgeSettingsOpenGapsQuery = { knowledgeGaps: { totalCount: number, edges: Array<{ node: { id: string, question: string, timesAsked: number, firstAskedAt: string, lastAskedAt: string, callerPhone: string | null, call: { id: string } | null } }> } };

export type KnowledgeSettingsCreateEntryMutationVariables = Exact<{
  input: CreateKnowledgeEntryInput;
}>;


export type KnowledgeSettingsCreateEntryMutation = { createKnowledgeEntry: { knowledgeEntry: { id: string, title: string, content: string, updatedAt: string } } };

export type KnowledgeSettingsUpdateEntryMutationVariables = Exact<{
  input: UpdateKnowledgeEntryInput;
}>;


export type KnowledgeSettingsUpdateEntryMutation = { updateKnowledgeEntry: { knowledgeEntry: { id: string, title: string, content: string, updatedAt: string } } };

export type KnowledgeSettingsDeleteEntryMutationVariables = Exact<{
  input: DeleteKnowledgeEntryInput;
}>;


export type KnowledgeSettingsDeleteEntryMutation = { deleteKnowledgeEntry: { deletedKnowledgeEntryId: string } };

export type KnowledgeSettingsAnswerGapMutationVariables = Exact<{
  input: AnswerKnowledgeGapInput;
}>;


export type KnowledgeSettingsAnswerGapMutation = { answerKnowledgeGap: { knowledgeEntry: { id: string, title: string, content: string, updatedAt: string }, closedGaps: Array<{ id: string, answeredAt: string | null }> } };

export type NotificationChannelItemFragment = { id: string, name: string, kind: NotificationChannelKind, enabled: boolean, events: Array<NotificationEvent>, minUrgency: Urgency, digestTime: string, hasSecret: boolean, lastDeliveredAt: string | null, lastError: string | null, lastErrorAt: string | null, quietHours: { start: string, end: string } | null, email: { host: string, port: number, secure: boolean, user: string | null, from: string, to: Array<string> } | null, webhook: { url: string } | null, sms: { from: string, to: string } | null };

export type NotificationSettingsChannelsQueryVariables = Exact<{ [key: string]: never; }>;


export type NotificationSettingsChannelsQuery = { notificationChannels: { edges: Array<{ node: { id: string, name: string, kind: NotificationChannelKind, enabled: boolean, events: Array<NotificationEvent>, minUrgency: Urgency, digestTime: string, hasSecret: boolean, lastDeliveredAt: string | null, lastError: string | null, lastErrorAt: string | null, quietHours: { start: string, end: string } | null, email: { host: string, port: number, secure: boolean, user: string | null, from: string, to: Array<string> } | null, webhook: { url: string } | null, sms: { from: string, to: string } | null } }> } };

export type NotificationSettingsCreateMutationVariables = Exact<{
  input: CreateNotificationChannelInput;
}>;


export type NotificationSettingsCreateMutation = { createNotificationChannel: { webhookSecret: string | null, notificationChannel: { id: string, name: string, kind: NotificationChannelKind, enabled: boolean, events: Array<NotificationEvent>, minUrgency: Urgency, digestTime: string, hasSecret: boolean, lastDeliveredAt: string | null, lastError: string | null, lastErrorAt: string | null, quietHours: { start: string, end: string } | null, email: { host: string, port: number, secure: boolean, user: string | null, from: string, to: Array<string> } | null, webhook: { url: string } | null, sms: { from: string, to: string } | null } } };

export type NotificationSettingsUpdateMutationVariables = Exact<{
  input: UpdateNotificationChannelInput;
}>;


export type NotificationSettingsUpdateMutation = { updateNotificationChannel: { webhookSecret: string | null, notificationChannel: { id: string, name: string, kind: NotificationChannelKind, enabled: boolean, events: Array<NotificationEvent>, minUrgency: Urgency, digestTime: string, hasSecret: boolean, lastDeliveredAt: string | null, lastError: string | null, lastErrorAt: string | null, quietHours: { start: string, end: string } | null, email: { host: string, port: number, secure: boolean, user: string | null, from: string, to: Array<string> } | null, webhook: { url: string } | null, sms: { from: string, to: string } | null } } };

export type NotificationSettingsDeleteMutationVariables = Exact<{
  input: DeleteNotificationChannelInput;
}>;


export type NotificationSettingsDeleteMutation = { deleteNotificationChannel: { deletedNotificationChannelId: string } };

export type NotificationSettingsSendTestMutationVariables = Exact<{
  input: SendTestNotificationInput;
}>;


export type NotificationSettingsSendTestMutation = { sendTestNotification: { delivered: boolean, error: string | null, notificationChannel: { id: string, name: string, kind: NotificationChannelKind, enabled: boolean, events: Array<NotificationEvent>, minUrgency: Urgency, digestTime: string, hasSecret: boolean, lastDeliveredAt: string | null, lastError: string | null, lastErrorAt: string | null, quietHours: { start: string, end: string } | null, email: { host: string, port: number, secure: boolean, user: string | null, from: string, to: Array<string> } | null, webhook: { url: string } | null, sms: { from: string, to: string } | null } } };

export type StatsFiguresQueryVariables = Exact<{
  since?: string | null | undefined;
  until?: string | null | undefined;
}>;


export type StatsFiguresQuery = { stats: { totalCalls: number, realCalls: number, blockedCalls: number, spamCalls: number, shortHangUps: number, afterHoursCalls: number, averageDurationSeconds: number | null, callsPerDay: Array<{ day: string, calls: number }>, topIntents: Array<{ intent: string, calls: number }>, urgencyCounts: Array<{ urgency: Urgency, calls: number }>, firstTokenLatencyMs: { p50: number | null, p95: number | null } } };

export type TodoItemFragment = { id: string, description: string, done: boolean, createdAt: string, call: { id: string, from: string, callerName: string | null, startedAt: string, urgency: Urgency | null } };

export type TodoItemsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type TodoItemsQuery = { actionItems: { totalCount: number, edges: Array<{ node: { id: string, description: string, done: boolean, createdAt: string, call: { id: string, from: string, callerName: string | null, startedAt: string, urgency: Urgency | null } } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type TodoCallUpdatesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type TodoCallUpdatesSubscription = { callUpdated: { id: string, urgency: Urgency | null, actionItems: Array<{ id: string, done: boolean }> } };

export type TodoCompleteMutationVariables = Exact<{
  input: CompleteActionItemInput;
}>;


export type TodoCompleteMutation = { completeActionItem: { actionItem: { id: string, done: boolean, doneAt: string | null } } };

export type TodoReopenMutationVariables = Exact<{
  input: ReopenActionItemInput;
}>;


export type TodoReopenMutation = { reopenActionItem: { actionItem: { id: string, done: boolean, doneAt: string | null } } };

export const TranscriptTurnFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TranscriptTurn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Turn"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"interrupted"}}]}}]} as unknown as DocumentNode<TranscriptTurnFragment, unknown>;
export const LiveCallFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LiveCall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"callerRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<LiveCallFragment, unknown>;
export const CallPageActionItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageActionItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActionItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"doneAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]} as unknown as DocumentNode<CallPageActionItemFragment, unknown>;
export const CallPageLiveFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageLive"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"handledBy"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}},{"kind":"Field","name":{"kind":"Name","value":"analysisState"}},{"kind":"Field","name":{"kind":"Name","value":"analysisError"}},{"kind":"Field","name":{"kind":"Name","value":"analyzedAt"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"actionItems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageActionItem"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageActionItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActionItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"doneAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]} as unknown as DocumentNode<CallPageLiveFragment, unknown>;
export const CallPageCallerFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageCaller"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Caller"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"callCount"}},{"kind":"Field","name":{"kind":"Name","value":"calls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"6"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CallPageCallerFragment, unknown>;
export const CallPageCallerRuleFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageCallerRule"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallerRule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}}]} as unknown as DocumentNode<CallPageCallerRuleFragment, unknown>;
export const CallPageDeliveryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageDelivery"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"event"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"channel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<CallPageDeliveryFragment, unknown>;
export const CallListItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}}]}}]} as unknown as DocumentNode<CallListItemFragment, unknown>;
export const BusinessSettingsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BusinessSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Settings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"businessName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerPhone"}},{"kind":"Field","name":{"kind":"Name","value":"transferWhen"}},{"kind":"Field","name":{"kind":"Name","value":"transferNumbers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"instructions"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"opens"}},{"kind":"Field","name":{"kind":"Name","value":"closes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"closedDates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}},{"kind":"Field","name":{"kind":"Name","value":"staffNames"}},{"kind":"Field","name":{"kind":"Name","value":"voice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"language"}},{"kind":"Field","name":{"kind":"Name","value":"otherLanguages"}},{"kind":"Field","name":{"kind":"Name","value":"ttsProvider"}},{"kind":"Field","name":{"kind":"Name","value":"voice"}},{"kind":"Field","name":{"kind":"Name","value":"transcriptionProvider"}},{"kind":"Field","name":{"kind":"Name","value":"speechModel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"idleRepromptSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxCallMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"missedCallTextBack"}},{"kind":"Field","name":{"kind":"Name","value":"recordCalls"}},{"kind":"Field","name":{"kind":"Name","value":"retentionDays"}},{"kind":"Field","name":{"kind":"Name","value":"currently"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"closesAt"}},{"kind":"Field","name":{"kind":"Name","value":"opensAt"}},{"kind":"Field","name":{"kind":"Name","value":"localTime"}},{"kind":"Field","name":{"kind":"Name","value":"spoken"}}]}}]}}]} as unknown as DocumentNode<BusinessSettingsFieldsFragment, unknown>;
export const CallerRuleItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallerRuleItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallerRule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CallerRuleItemFragment, unknown>;
export const KnowledgeEntryItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"KnowledgeEntryItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KnowledgeEntry"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<KnowledgeEntryItemFragment, unknown>;
export const KnowledgeGapItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"KnowledgeGapItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KnowledgeGap"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"question"}},{"kind":"Field","name":{"kind":"Name","value":"timesAsked"}},{"kind":"Field","name":{"kind":"Name","value":"firstAskedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAskedAt"}},{"kind":"Field","name":{"kind":"Name","value":"callerPhone"}},{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<KnowledgeGapItemFragment, unknown>;
export const NotificationChannelItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NotificationChannelItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationChannel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"minUrgency"}},{"kind":"Field","name":{"kind":"Name","value":"digestTime"}},{"kind":"Field","name":{"kind":"Name","value":"quietHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasSecret"}},{"kind":"Field","name":{"kind":"Name","value":"lastDeliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastErrorAt"}},{"kind":"Field","name":{"kind":"Name","value":"email"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"secure"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}}]}}]} as unknown as DocumentNode<NotificationChannelItemFragment, unknown>;
export const TodoItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TodoItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActionItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}}]}}]}}]} as unknown as DocumentNode<TodoItemFragment, unknown>;
export const LiveTranscriptTurnsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LiveTranscriptTurns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"callId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"call"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"callId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"callId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"turns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TranscriptTurn"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TranscriptTurn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Turn"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"interrupted"}}]}}]} as unknown as DocumentNode<LiveTranscriptTurnsQuery, LiveTranscriptTurnsQueryVariables>;
export const LiveTranscriptEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LiveTranscriptEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"callId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transcript"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"callId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"callId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"turnId"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"delta"}},{"kind":"Field","name":{"kind":"Name","value":"final"}},{"kind":"Field","name":{"kind":"Name","value":"interrupted"}}]}}]}}]} as unknown as DocumentNode<LiveTranscriptEventsSubscription, LiveTranscriptEventsSubscriptionVariables>;
export const LiveCallsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LiveCalls"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"RINGING"},{"kind":"EnumValue","value":"IN_PROGRESS"}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LiveCall"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LiveCall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"callerRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<LiveCallsQuery, LiveCallsQueryVariables>;
export const LiveCallUpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LiveCallUpdates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LiveCall"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LiveCall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"callerRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<LiveCallUpdatesSubscription, LiveCallUpdatesSubscriptionVariables>;
export const CallPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CallPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"callId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"call"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"callId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"callId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageLive"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"turns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TranscriptTurn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recording"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"caller"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageCaller"}}]}},{"kind":"Field","name":{"kind":"Name","value":"callerRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageCallerRule"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageDelivery"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageActionItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActionItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"doneAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageLive"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"handledBy"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}},{"kind":"Field","name":{"kind":"Name","value":"analysisState"}},{"kind":"Field","name":{"kind":"Name","value":"analysisError"}},{"kind":"Field","name":{"kind":"Name","value":"analyzedAt"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"actionItems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageActionItem"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TranscriptTurn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Turn"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"interrupted"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageCaller"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Caller"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"callCount"}},{"kind":"Field","name":{"kind":"Name","value":"calls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"6"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageCallerRule"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallerRule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageDelivery"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"event"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"channel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<CallPageQuery, CallPageQueryVariables>;
export const CallPageUpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CallPageUpdates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageLive"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageActionItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActionItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"doneAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageLive"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"handledBy"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}},{"kind":"Field","name":{"kind":"Name","value":"analysisState"}},{"kind":"Field","name":{"kind":"Name","value":"analysisError"}},{"kind":"Field","name":{"kind":"Name","value":"analyzedAt"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"actionItems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageActionItem"}}]}}]}}]} as unknown as DocumentNode<CallPageUpdatesSubscription, CallPageUpdatesSubscriptionVariables>;
export const CallPageDeletionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CallPageDeletions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callDeleted"}}]}}]} as unknown as DocumentNode<CallPageDeletionsSubscription, CallPageDeletionsSubscriptionVariables>;
export const CallPageCompleteActionItemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallPageCompleteActionItem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CompleteActionItemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completeActionItem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actionItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageActionItem"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageActionItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActionItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"doneAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]} as unknown as DocumentNode<CallPageCompleteActionItemMutation, CallPageCompleteActionItemMutationVariables>;
export const CallPageReopenActionItemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallPageReopenActionItem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReopenActionItemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reopenActionItem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actionItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageActionItem"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageActionItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActionItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"doneAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]} as unknown as DocumentNode<CallPageReopenActionItemMutation, CallPageReopenActionItemMutationVariables>;
export const CallPageReanalyzeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallPageReanalyze"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReanalyzeCallInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reanalyzeCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"analysisState"}},{"kind":"Field","name":{"kind":"Name","value":"analysisError"}}]}}]}}]}}]} as unknown as DocumentNode<CallPageReanalyzeMutation, CallPageReanalyzeMutationVariables>;
export const CallPageBlockCallerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallPageBlockCaller"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetCallerRuleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setCallerRule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callerRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageCallerRule"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageCallerRule"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallerRule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}}]} as unknown as DocumentNode<CallPageBlockCallerMutation, CallPageBlockCallerMutationVariables>;
export const CallPageUnblockCallerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallPageUnblockCaller"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveCallerRuleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeCallerRule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removedCallerRuleId"}}]}}]}}]} as unknown as DocumentNode<CallPageUnblockCallerMutation, CallPageUnblockCallerMutationVariables>;
export const CallPageDeleteCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallPageDeleteCall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteCallInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedCallId"}}]}}]}}]} as unknown as DocumentNode<CallPageDeleteCallMutation, CallPageDeleteCallMutationVariables>;
export const CallPageUpdateNotesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallPageUpdateNotes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateCallNotesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateCallNotes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}}]}}]}}]}}]} as unknown as DocumentNode<CallPageUpdateNotesMutation, CallPageUpdateNotesMutationVariables>;
export const CallsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Calls"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CallFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallListItem"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}}]}}]} as unknown as DocumentNode<CallsQuery, CallsQueryVariables>;
export const SearchCallsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchCalls"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"query"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"searchCalls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"query"},"value":{"kind":"Variable","name":{"kind":"Name","value":"query"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"snippet"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallListItem"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}}]}}]} as unknown as DocumentNode<SearchCallsQuery, SearchCallsQueryVariables>;
export const CallListUpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CallListUpdates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallListItem"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}}]}}]} as unknown as DocumentNode<CallListUpdatesSubscription, CallListUpdatesSubscriptionVariables>;
export const CallListDeletionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CallListDeletions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callDeleted"}}]}}]} as unknown as DocumentNode<CallListDeletionsSubscription, CallListDeletionsSubscriptionVariables>;
export const LiveTransferTargetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LiveTransferTargets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ownerPhone"}},{"kind":"Field","name":{"kind":"Name","value":"transferNumbers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}}]}}]}}]} as unknown as DocumentNode<LiveTransferTargetsQuery, LiveTransferTargetsQueryVariables>;
export const LiveGuideCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LiveGuideCall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GuideCallInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"guideCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LiveCall"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LiveCall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"callerRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<LiveGuideCallMutation, LiveGuideCallMutationVariables>;
export const LiveSayOnCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LiveSayOnCall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SayOnCallInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sayOnCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LiveCall"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LiveCall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"callerRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<LiveSayOnCallMutation, LiveSayOnCallMutationVariables>;
export const LiveTransferCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LiveTransferCall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TransferCallInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transferCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LiveCall"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LiveCall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"callerRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<LiveTransferCallMutation, LiveTransferCallMutationVariables>;
export const LiveEndCallDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LiveEndCall"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EndCallInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LiveCall"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LiveCall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"callerRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<LiveEndCallMutation, LiveEndCallMutationVariables>;
export const BusinessSettingsHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BusinessSettingsHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settingsHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"changedAt"}},{"kind":"Field","name":{"kind":"Name","value":"changedBy"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BusinessSettingsHistoryQuery, BusinessSettingsHistoryQueryVariables>;
export const BusinessSettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BusinessSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BusinessSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BusinessSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Settings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"businessName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerPhone"}},{"kind":"Field","name":{"kind":"Name","value":"transferWhen"}},{"kind":"Field","name":{"kind":"Name","value":"transferNumbers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"instructions"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"opens"}},{"kind":"Field","name":{"kind":"Name","value":"closes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"closedDates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}},{"kind":"Field","name":{"kind":"Name","value":"staffNames"}},{"kind":"Field","name":{"kind":"Name","value":"voice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"language"}},{"kind":"Field","name":{"kind":"Name","value":"otherLanguages"}},{"kind":"Field","name":{"kind":"Name","value":"ttsProvider"}},{"kind":"Field","name":{"kind":"Name","value":"voice"}},{"kind":"Field","name":{"kind":"Name","value":"transcriptionProvider"}},{"kind":"Field","name":{"kind":"Name","value":"speechModel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"idleRepromptSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxCallMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"missedCallTextBack"}},{"kind":"Field","name":{"kind":"Name","value":"recordCalls"}},{"kind":"Field","name":{"kind":"Name","value":"retentionDays"}},{"kind":"Field","name":{"kind":"Name","value":"currently"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"closesAt"}},{"kind":"Field","name":{"kind":"Name","value":"opensAt"}},{"kind":"Field","name":{"kind":"Name","value":"localTime"}},{"kind":"Field","name":{"kind":"Name","value":"spoken"}}]}}]}}]} as unknown as DocumentNode<BusinessSettingsQuery, BusinessSettingsQueryVariables>;
export const UpdateBusinessSettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateBusinessSettings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateSettingsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateSettings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BusinessSettingsFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BusinessSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Settings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"businessName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerPhone"}},{"kind":"Field","name":{"kind":"Name","value":"transferWhen"}},{"kind":"Field","name":{"kind":"Name","value":"transferNumbers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"instructions"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"opens"}},{"kind":"Field","name":{"kind":"Name","value":"closes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"closedDates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}},{"kind":"Field","name":{"kind":"Name","value":"staffNames"}},{"kind":"Field","name":{"kind":"Name","value":"voice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"language"}},{"kind":"Field","name":{"kind":"Name","value":"otherLanguages"}},{"kind":"Field","name":{"kind":"Name","value":"ttsProvider"}},{"kind":"Field","name":{"kind":"Name","value":"voice"}},{"kind":"Field","name":{"kind":"Name","value":"transcriptionProvider"}},{"kind":"Field","name":{"kind":"Name","value":"speechModel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"idleRepromptSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxCallMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"missedCallTextBack"}},{"kind":"Field","name":{"kind":"Name","value":"recordCalls"}},{"kind":"Field","name":{"kind":"Name","value":"retentionDays"}},{"kind":"Field","name":{"kind":"Name","value":"currently"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"closesAt"}},{"kind":"Field","name":{"kind":"Name","value":"opensAt"}},{"kind":"Field","name":{"kind":"Name","value":"localTime"}},{"kind":"Field","name":{"kind":"Name","value":"spoken"}}]}}]}}]} as unknown as DocumentNode<UpdateBusinessSettingsMutation, UpdateBusinessSettingsMutationVariables>;
export const CallerRulesSettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CallerRulesSettings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CallerRuleKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callerRules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallerRuleItem"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallerRuleItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallerRule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CallerRulesSettingsQuery, CallerRulesSettingsQueryVariables>;
export const CallerRulesSettingsSetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallerRulesSettingsSet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetCallerRuleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setCallerRule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callerRule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallerRuleItem"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallerRuleItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallerRule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CallerRulesSettingsSetMutation, CallerRulesSettingsSetMutationVariables>;
export const CallerRulesSettingsRemoveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallerRulesSettingsRemove"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveCallerRuleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeCallerRule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removedCallerRuleId"}}]}}]}}]} as unknown as DocumentNode<CallerRulesSettingsRemoveMutation, CallerRulesSettingsRemoveMutationVariables>;
export const CallerRulesSettingsCallerDataDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CallerRulesSettingsCallerData"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"phone"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callerData"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"phone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"phone"}}}]}]}}]} as unknown as DocumentNode<CallerRulesSettingsCallerDataQuery, CallerRulesSettingsCallerDataQueryVariables>;
export const CallerRulesSettingsEraseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CallerRulesSettingsErase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EraseCallerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eraseCaller"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"erasedCallCount"}}]}}]}}]} as unknown as DocumentNode<CallerRulesSettingsEraseMutation, CallerRulesSettingsEraseMutationVariables>;
export const KnowledgeSettingsEntriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KnowledgeSettingsEntries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"knowledgeEntries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"KnowledgeEntryItem"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"KnowledgeEntryItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KnowledgeEntry"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<KnowledgeSettingsEntriesQuery, KnowledgeSettingsEntriesQueryVariables>;
export const KnowledgeSettingsOpenGapsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KnowledgeSettingsOpenGaps"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"knowledgeGaps"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"open"},"value":{"kind":"BooleanValue","value":true}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"KnowledgeGapItem"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"KnowledgeGapItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KnowledgeGap"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"question"}},{"kind":"Field","name":{"kind":"Name","value":"timesAsked"}},{"kind":"Field","name":{"kind":"Name","value":"firstAskedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAskedAt"}},{"kind":"Field","name":{"kind":"Name","value":"callerPhone"}},{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<KnowledgeSettingsOpenGapsQuery, KnowledgeSettingsOpenGapsQueryVariables>;
export const KnowledgeSettingsCreateEntryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"KnowledgeSettingsCreateEntry"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateKnowledgeEntryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createKnowledgeEntry"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"knowledgeEntry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"KnowledgeEntryItem"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"KnowledgeEntryItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KnowledgeEntry"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<KnowledgeSettingsCreateEntryMutation, KnowledgeSettingsCreateEntryMutationVariables>;
export const KnowledgeSettingsUpdateEntryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"KnowledgeSettingsUpdateEntry"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateKnowledgeEntryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateKnowledgeEntry"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"knowledgeEntry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"KnowledgeEntryItem"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"KnowledgeEntryItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KnowledgeEntry"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<KnowledgeSettingsUpdateEntryMutation, KnowledgeSettingsUpdateEntryMutationVariables>;
export const KnowledgeSettingsDeleteEntryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"KnowledgeSettingsDeleteEntry"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteKnowledgeEntryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteKnowledgeEntry"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedKnowledgeEntryId"}}]}}]}}]} as unknown as DocumentNode<KnowledgeSettingsDeleteEntryMutation, KnowledgeSettingsDeleteEntryMutationVariables>;
export const KnowledgeSettingsAnswerGapDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"KnowledgeSettingsAnswerGap"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AnswerKnowledgeGapInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"answerKnowledgeGap"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"knowledgeEntry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"KnowledgeEntryItem"}}]}},{"kind":"Field","name":{"kind":"Name","value":"closedGaps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"answeredAt"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"KnowledgeEntryItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KnowledgeEntry"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<KnowledgeSettingsAnswerGapMutation, KnowledgeSettingsAnswerGapMutationVariables>;
export const NotificationSettingsChannelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NotificationSettingsChannels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationChannels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"NotificationChannelItem"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NotificationChannelItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationChannel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"minUrgency"}},{"kind":"Field","name":{"kind":"Name","value":"digestTime"}},{"kind":"Field","name":{"kind":"Name","value":"quietHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasSecret"}},{"kind":"Field","name":{"kind":"Name","value":"lastDeliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastErrorAt"}},{"kind":"Field","name":{"kind":"Name","value":"email"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"secure"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}}]}}]} as unknown as DocumentNode<NotificationSettingsChannelsQuery, NotificationSettingsChannelsQueryVariables>;
export const NotificationSettingsCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"NotificationSettingsCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateNotificationChannelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createNotificationChannel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationChannel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"NotificationChannelItem"}}]}},{"kind":"Field","name":{"kind":"Name","value":"webhookSecret"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NotificationChannelItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationChannel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"minUrgency"}},{"kind":"Field","name":{"kind":"Name","value":"digestTime"}},{"kind":"Field","name":{"kind":"Name","value":"quietHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasSecret"}},{"kind":"Field","name":{"kind":"Name","value":"lastDeliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastErrorAt"}},{"kind":"Field","name":{"kind":"Name","value":"email"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"secure"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}}]}}]} as unknown as DocumentNode<NotificationSettingsCreateMutation, NotificationSettingsCreateMutationVariables>;
export const NotificationSettingsUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"NotificationSettingsUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateNotificationChannelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateNotificationChannel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationChannel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"NotificationChannelItem"}}]}},{"kind":"Field","name":{"kind":"Name","value":"webhookSecret"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NotificationChannelItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationChannel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"minUrgency"}},{"kind":"Field","name":{"kind":"Name","value":"digestTime"}},{"kind":"Field","name":{"kind":"Name","value":"quietHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasSecret"}},{"kind":"Field","name":{"kind":"Name","value":"lastDeliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastErrorAt"}},{"kind":"Field","name":{"kind":"Name","value":"email"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"secure"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}}]}}]} as unknown as DocumentNode<NotificationSettingsUpdateMutation, NotificationSettingsUpdateMutationVariables>;
export const NotificationSettingsDeleteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"NotificationSettingsDelete"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteNotificationChannelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteNotificationChannel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedNotificationChannelId"}}]}}]}}]} as unknown as DocumentNode<NotificationSettingsDeleteMutation, NotificationSettingsDeleteMutationVariables>;
export const NotificationSettingsSendTestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"NotificationSettingsSendTest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendTestNotificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendTestNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"delivered"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"notificationChannel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"NotificationChannelItem"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NotificationChannelItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationChannel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"minUrgency"}},{"kind":"Field","name":{"kind":"Name","value":"digestTime"}},{"kind":"Field","name":{"kind":"Name","value":"quietHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasSecret"}},{"kind":"Field","name":{"kind":"Name","value":"lastDeliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastErrorAt"}},{"kind":"Field","name":{"kind":"Name","value":"email"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"secure"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}}]}}]} as unknown as DocumentNode<NotificationSettingsSendTestMutation, NotificationSettingsSendTestMutationVariables>;
export const StatsFiguresDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StatsFigures"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCalls"}},{"kind":"Field","name":{"kind":"Name","value":"realCalls"}},{"kind":"Field","name":{"kind":"Name","value":"blockedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"spamCalls"}},{"kind":"Field","name":{"kind":"Name","value":"shortHangUps"}},{"kind":"Field","name":{"kind":"Name","value":"afterHoursCalls"}},{"kind":"Field","name":{"kind":"Name","value":"averageDurationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"callsPerDay"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"calls"}}]}},{"kind":"Field","name":{"kind":"Name","value":"topIntents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"calls"}}]}},{"kind":"Field","name":{"kind":"Name","value":"urgencyCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"calls"}}]}},{"kind":"Field","name":{"kind":"Name","value":"firstTokenLatencyMs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}}]}}]}}]} as unknown as DocumentNode<StatsFiguresQuery, StatsFiguresQueryVariables>;
export const TodoItemsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TodoItems"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actionItems"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"done"},"value":{"kind":"BooleanValue","value":false}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"MOST_URGENT"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TodoItem"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TodoItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActionItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}}]}}]}}]} as unknown as DocumentNode<TodoItemsQuery, TodoItemsQueryVariables>;
export const TodoCallUpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"TodoCallUpdates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"actionItems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"done"}}]}}]}}]}}]} as unknown as DocumentNode<TodoCallUpdatesSubscription, TodoCallUpdatesSubscriptionVariables>;
export const TodoCompleteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TodoComplete"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CompleteActionItemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completeActionItem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actionItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"doneAt"}}]}}]}}]}}]} as unknown as DocumentNode<TodoCompleteMutation, TodoCompleteMutationVariables>;
export const TodoReopenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TodoReopen"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReopenActionItemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reopenActionItem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actionItem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"doneAt"}}]}}]}}]}}]} as unknown as DocumentNode<TodoReopenMutation, TodoReopenMutationVariables>;