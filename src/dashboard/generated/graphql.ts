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

export type CompleteActionItemInput = {
  actionItemId: string | number;
};

export type DeleteCallInput = {
  callId: string | number;
};

/** PENDING: to be sent (retried with backoff after a failure, or held for quiet hours). DELIVERED: the mail server or the webhook took it. FAILED: given up after 8 attempts, or the channel was turned off first. */
export type DeliveryStatus =
  | 'DELIVERED'
  | 'FAILED'
  | 'PENDING';

/** Why the call's last session ended. After CONNECTION_LOST the call may resume; after TRANSFERRED_TO_OWNER it comes back if the owner does not answer. NO_END_REPORTED: nothing was heard of the call for a long time and it was closed at its last sign of life. */
export type EndReason =
  | 'CALLER_HUNG_UP'
  | 'CONNECTION_LOST'
  | 'ENDED_BY_ASSISTANT'
  | 'NO_END_REPORTED'
  | 'TRANSFERRED_TO_OWNER';

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

export type SetCallerRuleInput = {
  kind: CallerRuleKind;
  /** Why; null or blank for none. At most 500 characters. */
  note?: string | null | undefined;
  /** The number in any format; without a country code it is read as North American. Block a call's caller with its `from`. */
  phone: string;
};

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

/** How soon the owner should act on a call, from the post-call analysis. */
export type Urgency =
  | 'HIGH'
  | 'LOW'
  | 'NORMAL'
  | 'URGENT';

export type TranscriptTurnFragment = { id: string, seq: number, role: TurnRole, kind: TurnKind, text: string, interrupted: boolean };

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

export const TranscriptTurnFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TranscriptTurn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Turn"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"interrupted"}}]}}]} as unknown as DocumentNode<TranscriptTurnFragment, unknown>;
export const CallPageActionItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageActionItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActionItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"doneAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]} as unknown as DocumentNode<CallPageActionItemFragment, unknown>;
export const CallPageLiveFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageLive"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"endReason"}},{"kind":"Field","name":{"kind":"Name","value":"handledBy"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}},{"kind":"Field","name":{"kind":"Name","value":"analysisState"}},{"kind":"Field","name":{"kind":"Name","value":"analysisError"}},{"kind":"Field","name":{"kind":"Name","value":"analyzedAt"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"actionItems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CallPageActionItem"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageActionItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ActionItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"doneAt"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]} as unknown as DocumentNode<CallPageLiveFragment, unknown>;
export const CallPageCallerFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageCaller"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Caller"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"callCount"}},{"kind":"Field","name":{"kind":"Name","value":"calls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"6"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CallPageCallerFragment, unknown>;
export const CallPageCallerRuleFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageCallerRule"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CallerRule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}}]} as unknown as DocumentNode<CallPageCallerRuleFragment, unknown>;
export const CallPageDeliveryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallPageDelivery"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotificationDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"event"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"channel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<CallPageDeliveryFragment, unknown>;
export const CallListItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CallListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Call"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"callerName"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"intent"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"afterHours"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}}]}}]} as unknown as DocumentNode<CallListItemFragment, unknown>;
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