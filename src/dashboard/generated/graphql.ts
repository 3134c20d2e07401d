/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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

export type ClosedDateInput = {
  /** YYYY-MM-DD. */
  date: string;
  note?: string | null | undefined;
};

export type DayOfWeek =
  | 'FRIDAY'
  | 'MONDAY'
  | 'SATURDAY'
  | 'SUNDAY'
  | 'THURSDAY'
  | 'TUESDAY'
  | 'WEDNESDAY';

export type OpeningHoursInput = {
  /** "HH:MM" after `opens`, up to "24:00". */
  closes: string;
  day: DayOfWeek;
  /** "HH:MM", 00:00 to 23:59. */
  opens: string;
};

/** Twilio's speech recognition providers. */
export type TranscriptionProvider =
  | 'DEEPGRAM'
  | 'GOOGLE';

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

export type TranscriptTurnFragment = { id: string, seq: number, role: TurnRole, kind: TurnKind, text: string, interrupted: boolean };

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

export const TranscriptTurnFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TranscriptTurn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Turn"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"interrupted"}}]}}]} as unknown as DocumentNode<TranscriptTurnFragment, unknown>;
export const CallListItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}}]}}]} as unknown as DocumentNode<CallListItemFragment, unknown>;
export const BusinessSettingsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BusinessSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Settings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"businessName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerPhone"}},{"kind":"Field","name":{"kind":"Name","value":"transferWhen"}},{"kind":"Field","name":{"kind":"Name","value":"transferNumbers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"instructions"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"opens"}},{"kind":"Field","name":{"kind":"Name","value":"closes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"closedDates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}},{"kind":"Field","name":{"kind":"Name","value":"staffNames"}},{"kind":"Field","name":{"kind":"Name","value":"voice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"language"}},{"kind":"Field","name":{"kind":"Name","value":"otherLanguages"}},{"kind":"Field","name":{"kind":"Name","value":"ttsProvider"}},{"kind":"Field","name":{"kind":"Name","value":"voice"}},{"kind":"Field","name":{"kind":"Name","value":"transcriptionProvider"}},{"kind":"Field","name":{"kind":"Name","value":"speechModel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"idleRepromptSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxCallMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"missedCallTextBack"}},{"kind":"Field","name":{"kind":"Name","value":"recordCalls"}},{"kind":"Field","name":{"kind":"Name","value":"retentionDays"}},{"kind":"Field","name":{"kind":"Name","value":"currently"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"closesAt"}},{"kind":"Field","name":{"kind":"Name","value":"opensAt"}},{"kind":"Field","name":{"kind":"Name","value":"localTime"}},{"kind":"Field","name":{"kind":"Name","value":"spoken"}}]}}]}}]} as unknown as DocumentNode<BusinessSettingsFieldsFragment, unknown>;
export const CallsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Calls"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CallFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallListItem"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}}]}}]} as unknown as DocumentNode<CallsQuery, CallsQueryVariables>;
export const SearchCallsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchCalls"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"query"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"searchCalls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"query"},"value":{"kind":"Variable","name":{"kind":"Name","value":"query"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"snippet"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallListItem"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}}]}}]} as unknown as DocumentNode<SearchCallsQuery, SearchCallsQueryVariables>;
export const CallListUpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CallListUpdates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallListItem"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}}]}}]} as unknown as DocumentNode<CallListUpdatesSubscription, CallListUpdatesSubscriptionVariables>;
export const CallListDeletionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CallListDeletions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"callDeleted"}}]}}]} as unknown as DocumentNode<CallListDeletionsSubscription, CallListDeletionsSubscriptionVariables>;
export const BusinessSettingsHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BusinessSettingsHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settingsHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"changedAt"}},{"kind":"Field","name":{"kind":"Name","value":"changedBy"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BusinessSettingsHistoryQuery, BusinessSettingsHistoryQueryVariables>;
export const BusinessSettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BusinessSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BusinessSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BusinessSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Settings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"businessName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerPhone"}},{"kind":"Field","name":{"kind":"Name","value":"transferWhen"}},{"kind":"Field","name":{"kind":"Name","value":"transferNumbers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"instructions"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"opens"}},{"kind":"Field","name":{"kind":"Name","value":"closes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"closedDates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}},{"kind":"Field","name":{"kind":"Name","value":"staffNames"}},{"kind":"Field","name":{"kind":"Name","value":"voice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"language"}},{"kind":"Field","name":{"kind":"Name","value":"otherLanguages"}},{"kind":"Field","name":{"kind":"Name","value":"ttsProvider"}},{"kind":"Field","name":{"kind":"Name","value":"voice"}},{"kind":"Field","name":{"kind":"Name","value":"transcriptionProvider"}},{"kind":"Field","name":{"kind":"Name","value":"speechModel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"idleRepromptSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxCallMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"missedCallTextBack"}},{"kind":"Field","name":{"kind":"Name","value":"recordCalls"}},{"kind":"Field","name":{"kind":"Name","value":"retentionDays"}},{"kind":"Field","name":{"kind":"Name","value":"currently"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"closesAt"}},{"kind":"Field","name":{"kind":"Name","value":"opensAt"}},{"kind":"Field","name":{"kind":"Name","value":"localTime"}},{"kind":"Field","name":{"kind":"Name","value":"spoken"}}]}}]}}]} as unknown as DocumentNode<BusinessSettingsQuery, BusinessSettingsQueryVariables>;
export const UpdateBusinessSettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateBusinessSettings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateSettingsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateSettings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BusinessSettingsFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BusinessSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Settings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"businessName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerName"}},{"kind":"Field","name":{"kind":"Name","value":"ownerPhone"}},{"kind":"Field","name":{"kind":"Name","value":"transferWhen"}},{"kind":"Field","name":{"kind":"Name","value":"transferNumbers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"instructions"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"opens"}},{"kind":"Field","name":{"kind":"Name","value":"closes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"closedDates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}},{"kind":"Field","name":{"kind":"Name","value":"staffNames"}},{"kind":"Field","name":{"kind":"Name","value":"voice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"language"}},{"kind":"Field","name":{"kind":"Name","value":"otherLanguages"}},{"kind":"Field","name":{"kind":"Name","value":"ttsProvider"}},{"kind":"Field","name":{"kind":"Name","value":"voice"}},{"kind":"Field","name":{"kind":"Name","value":"transcriptionProvider"}},{"kind":"Field","name":{"kind":"Name","value":"speechModel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"idleRepromptSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxCallMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"missedCallTextBack"}},{"kind":"Field","name":{"kind":"Name","value":"recordCalls"}},{"kind":"Field","name":{"kind":"Name","value":"retentionDays"}},{"kind":"Field","name":{"kind":"Name","value":"currently"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"closesAt"}},{"kind":"Field","name":{"kind":"Name","value":"opensAt"}},{"kind":"Field","name":{"kind":"Name","value":"localTime"}},{"kind":"Field","name":{"kind":"Name","value":"spoken"}}]}}]}}]} as unknown as DocumentNode<UpdateBusinessSettingsMutation, UpdateBusinessSettingsMutationVariables>;