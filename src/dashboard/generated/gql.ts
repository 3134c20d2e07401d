/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n": typeof types.TranscriptTurnFragmentDoc,
    "\n  fragment CallPageLive on Call {\n    id\n    status\n    endedAt\n    durationSeconds\n    endReason\n    handledBy\n    callerName\n    summary\n    intent\n    urgency\n    afterHours\n    spam\n    analysisState\n    analysisError\n    analyzedAt\n    notes\n    actionItems {\n      ...CallPageActionItem\n    }\n  }\n": typeof types.CallPageLiveFragmentDoc,
    "\n  query CallPage($callId: ID!) {\n    call(callId: $callId) {\n      ...CallPageLive\n      from\n      to\n      startedAt\n      turns {\n        ...TranscriptTurn\n      }\n      recording {\n        url\n        durationSeconds\n      }\n      caller {\n        ...CallPageCaller\n      }\n      callerRule {\n        ...CallPageCallerRule\n      }\n      deliveries {\n        ...CallPageDelivery\n      }\n    }\n  }\n": typeof types.CallPageDocument,
    "\n  subscription CallPageUpdates {\n    callUpdated {\n      ...CallPageLive\n    }\n  }\n": typeof types.CallPageUpdatesDocument,
    "\n  subscription CallPageDeletions {\n    callDeleted\n  }\n": typeof types.CallPageDeletionsDocument,
    "\n  fragment CallPageActionItem on ActionItem {\n    id\n    description\n    done\n    doneAt\n    source\n  }\n": typeof types.CallPageActionItemFragmentDoc,
    "\n  mutation CallPageCompleteActionItem($input: CompleteActionItemInput!) {\n    completeActionItem(input: $input) {\n      actionItem {\n        ...CallPageActionItem\n      }\n    }\n  }\n": typeof types.CallPageCompleteActionItemDocument,
    "\n  mutation CallPageReopenActionItem($input: ReopenActionItemInput!) {\n    reopenActionItem(input: $input) {\n      actionItem {\n        ...CallPageActionItem\n      }\n    }\n  }\n": typeof types.CallPageReopenActionItemDocument,
    "\n  mutation CallPageReanalyze($input: ReanalyzeCallInput!) {\n    reanalyzeCall(input: $input) {\n      call {\n        id\n        analysisState\n        analysisError\n      }\n    }\n  }\n": typeof types.CallPageReanalyzeDocument,
    "\n  fragment CallPageCaller on Caller {\n    id\n    name\n    phone\n    callCount\n    calls(first: 6) {\n      edges {\n        node {\n          id\n          startedAt\n          status\n          intent\n        }\n      }\n    }\n  }\n": typeof types.CallPageCallerFragmentDoc,
    "\n  fragment CallPageCallerRule on CallerRule {\n    id\n    kind\n    note\n    phone\n  }\n": typeof types.CallPageCallerRuleFragmentDoc,
    "\n  mutation CallPageBlockCaller($input: SetCallerRuleInput!) {\n    setCallerRule(input: $input) {\n      callerRule {\n        ...CallPageCallerRule\n      }\n    }\n  }\n": typeof types.CallPageBlockCallerDocument,
    "\n  mutation CallPageUnblockCaller($input: RemoveCallerRuleInput!) {\n    removeCallerRule(input: $input) {\n      removedCallerRuleId\n    }\n  }\n": typeof types.CallPageUnblockCallerDocument,
    "\n  fragment CallPageDelivery on NotificationDelivery {\n    id\n    event\n    status\n    createdAt\n    deliveredAt\n    nextAttemptAt\n    lastError\n    channel {\n      id\n      name\n      kind\n    }\n  }\n": typeof types.CallPageDeliveryFragmentDoc,
    "\n  mutation CallPageDeleteCall($input: DeleteCallInput!) {\n    deleteCall(input: $input) {\n      deletedCallId\n    }\n  }\n": typeof types.CallPageDeleteCallDocument,
    "\n  mutation CallPageUpdateNotes($input: UpdateCallNotesInput!) {\n    updateCallNotes(input: $input) {\n      call {\n        id\n        notes\n      }\n    }\n  }\n": typeof types.CallPageUpdateNotesDocument,
    "\n  fragment CallListItem on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    urgency\n    intent\n    summary\n    afterHours\n    spam\n  }\n": typeof types.CallListItemFragmentDoc,
    "\n  query Calls($filter: CallFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    calls(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.CallsDocument,
    "\n  query SearchCalls($query: String!, $first: Int, $after: String) {\n    searchCalls(query: $query, first: $first, after: $after) {\n      edges {\n        snippet\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SearchCallsDocument,
    "\n  subscription CallListUpdates {\n    callUpdated {\n      ...CallListItem\n    }\n  }\n": typeof types.CallListUpdatesDocument,
    "\n  subscription CallListDeletions {\n    callDeleted\n  }\n": typeof types.CallListDeletionsDocument,
};
const documents: Documents = {
    "\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n": types.TranscriptTurnFragmentDoc,
    "\n  fragment CallPageLive on Call {\n    id\n    status\n    endedAt\n    durationSeconds\n    endReason\n    handledBy\n    callerName\n    summary\n    intent\n    urgency\n    afterHours\n    spam\n    analysisState\n    analysisError\n    analyzedAt\n    notes\n    actionItems {\n      ...CallPageActionItem\n    }\n  }\n": types.CallPageLiveFragmentDoc,
    "\n  query CallPage($callId: ID!) {\n    call(callId: $callId) {\n      ...CallPageLive\n      from\n      to\n      startedAt\n      turns {\n        ...TranscriptTurn\n      }\n      recording {\n        url\n        durationSeconds\n      }\n      caller {\n        ...CallPageCaller\n      }\n      callerRule {\n        ...CallPageCallerRule\n      }\n      deliveries {\n        ...CallPageDelivery\n      }\n    }\n  }\n": types.CallPageDocument,
    "\n  subscription CallPageUpdates {\n    callUpdated {\n      ...CallPageLive\n    }\n  }\n": types.CallPageUpdatesDocument,
    "\n  subscription CallPageDeletions {\n    callDeleted\n  }\n": types.CallPageDeletionsDocument,
    "\n  fragment CallPageActionItem on ActionItem {\n    id\n    description\n    done\n    doneAt\n    source\n  }\n": types.CallPageActionItemFragmentDoc,
    "\n  mutation CallPageCompleteActionItem($input: CompleteActionItemInput!) {\n    completeActionItem(input: $input) {\n      actionItem {\n        ...CallPageActionItem\n      }\n    }\n  }\n": types.CallPageCompleteActionItemDocument,
    "\n  mutation CallPageReopenActionItem($input: ReopenActionItemInput!) {\n    reopenActionItem(input: $input) {\n      actionItem {\n        ...CallPageActionItem\n      }\n    }\n  }\n": types.CallPageReopenActionItemDocument,
    "\n  mutation CallPageReanalyze($input: ReanalyzeCallInput!) {\n    reanalyzeCall(input: $input) {\n      call {\n        id\n        analysisState\n        analysisError\n      }\n    }\n  }\n": types.CallPageReanalyzeDocument,
    "\n  fragment CallPageCaller on Caller {\n    id\n    name\n    phone\n    callCount\n    calls(first: 6) {\n      edges {\n        node {\n          id\n          startedAt\n          status\n          intent\n        }\n      }\n    }\n  }\n": types.CallPageCallerFragmentDoc,
    "\n  fragment CallPageCallerRule on CallerRule {\n    id\n    kind\n    note\n    phone\n  }\n": types.CallPageCallerRuleFragmentDoc,
    "\n  mutation CallPageBlockCaller($input: SetCallerRuleInput!) {\n    setCallerRule(input: $input) {\n      callerRule {\n        ...CallPageCallerRule\n      }\n    }\n  }\n": types.CallPageBlockCallerDocument,
    "\n  mutation CallPageUnblockCaller($input: RemoveCallerRuleInput!) {\n    removeCallerRule(input: $input) {\n      removedCallerRuleId\n    }\n  }\n": types.CallPageUnblockCallerDocument,
    "\n  fragment CallPageDelivery on NotificationDelivery {\n    id\n    event\n    status\n    createdAt\n    deliveredAt\n    nextAttemptAt\n    lastError\n    channel {\n      id\n      name\n      kind\n    }\n  }\n": types.CallPageDeliveryFragmentDoc,
    "\n  mutation CallPageDeleteCall($input: DeleteCallInput!) {\n    deleteCall(input: $input) {\n      deletedCallId\n    }\n  }\n": types.CallPageDeleteCallDocument,
    "\n  mutation CallPageUpdateNotes($input: UpdateCallNotesInput!) {\n    updateCallNotes(input: $input) {\n      call {\n        id\n        notes\n      }\n    }\n  }\n": types.CallPageUpdateNotesDocument,
    "\n  fragment CallListItem on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    urgency\n    intent\n    summary\n    afterHours\n    spam\n  }\n": types.CallListItemFragmentDoc,
    "\n  query Calls($filter: CallFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    calls(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.CallsDocument,
    "\n  query SearchCalls($query: String!, $first: Int, $after: String) {\n    searchCalls(query: $query, first: $first, after: $after) {\n      edges {\n        snippet\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SearchCallsDocument,
    "\n  subscription CallListUpdates {\n    callUpdated {\n      ...CallListItem\n    }\n  }\n": types.CallListUpdatesDocument,
    "\n  subscription CallListDeletions {\n    callDeleted\n  }\n": types.CallListDeletionsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n"): (typeof documents)["\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CallPageLive on Call {\n    id\n    status\n    endedAt\n    durationSeconds\n    endReason\n    handledBy\n    callerName\n    summary\n    intent\n    urgency\n    afterHours\n    spam\n    analysisState\n    analysisError\n    analyzedAt\n    notes\n    actionItems {\n      ...CallPageActionItem\n    }\n  }\n"): (typeof documents)["\n  fragment CallPageLive on Call {\n    id\n    status\n    endedAt\n    durationSeconds\n    endReason\n    handledBy\n    callerName\n    summary\n    intent\n    urgency\n    afterHours\n    spam\n    analysisState\n    analysisError\n    analyzedAt\n    notes\n    actionItems {\n      ...CallPageActionItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CallPage($callId: ID!) {\n    call(callId: $callId) {\n      ...CallPageLive\n      from\n      to\n      startedAt\n      turns {\n        ...TranscriptTurn\n      }\n      recording {\n        url\n        durationSeconds\n      }\n      caller {\n        ...CallPageCaller\n      }\n      callerRule {\n        ...CallPageCallerRule\n      }\n      deliveries {\n        ...CallPageDelivery\n      }\n    }\n  }\n"): (typeof documents)["\n  query CallPage($callId: ID!) {\n    call(callId: $callId) {\n      ...CallPageLive\n      from\n      to\n      startedAt\n      turns {\n        ...TranscriptTurn\n      }\n      recording {\n        url\n        durationSeconds\n      }\n      caller {\n        ...CallPageCaller\n      }\n      callerRule {\n        ...CallPageCallerRule\n      }\n      deliveries {\n        ...CallPageDelivery\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CallPageUpdates {\n    callUpdated {\n      ...CallPageLive\n    }\n  }\n"): (typeof documents)["\n  subscription CallPageUpdates {\n    callUpdated {\n      ...CallPageLive\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CallPageDeletions {\n    callDeleted\n  }\n"): (typeof documents)["\n  subscription CallPageDeletions {\n    callDeleted\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CallPageActionItem on ActionItem {\n    id\n    description\n    done\n    doneAt\n    source\n  }\n"): (typeof documents)["\n  fragment CallPageActionItem on ActionItem {\n    id\n    description\n    done\n    doneAt\n    source\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallPageCompleteActionItem($input: CompleteActionItemInput!) {\n    completeActionItem(input: $input) {\n      actionItem {\n        ...CallPageActionItem\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CallPageCompleteActionItem($input: CompleteActionItemInput!) {\n    completeActionItem(input: $input) {\n      actionItem {\n        ...CallPageActionItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallPageReopenActionItem($input: ReopenActionItemInput!) {\n    reopenActionItem(input: $input) {\n      actionItem {\n        ...CallPageActionItem\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CallPageReopenActionItem($input: ReopenActionItemInput!) {\n    reopenActionItem(input: $input) {\n      actionItem {\n        ...CallPageActionItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallPageReanalyze($input: ReanalyzeCallInput!) {\n    reanalyzeCall(input: $input) {\n      call {\n        id\n        analysisState\n        analysisError\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CallPageReanalyze($input: ReanalyzeCallInput!) {\n    reanalyzeCall(input: $input) {\n      call {\n        id\n        analysisState\n        analysisError\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CallPageCaller on Caller {\n    id\n    name\n    phone\n    callCount\n    calls(first: 6) {\n      edges {\n        node {\n          id\n          startedAt\n          status\n          intent\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment CallPageCaller on Caller {\n    id\n    name\n    phone\n    callCount\n    calls(first: 6) {\n      edges {\n        node {\n          id\n          startedAt\n          status\n          intent\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CallPageCallerRule on CallerRule {\n    id\n    kind\n    note\n    phone\n  }\n"): (typeof documents)["\n  fragment CallPageCallerRule on CallerRule {\n    id\n    kind\n    note\n    phone\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallPageBlockCaller($input: SetCallerRuleInput!) {\n    setCallerRule(input: $input) {\n      callerRule {\n        ...CallPageCallerRule\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CallPageBlockCaller($input: SetCallerRuleInput!) {\n    setCallerRule(input: $input) {\n      callerRule {\n        ...CallPageCallerRule\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallPageUnblockCaller($input: RemoveCallerRuleInput!) {\n    removeCallerRule(input: $input) {\n      removedCallerRuleId\n    }\n  }\n"): (typeof documents)["\n  mutation CallPageUnblockCaller($input: RemoveCallerRuleInput!) {\n    removeCallerRule(input: $input) {\n      removedCallerRuleId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CallPageDelivery on NotificationDelivery {\n    id\n    event\n    status\n    createdAt\n    deliveredAt\n    nextAttemptAt\n    lastError\n    channel {\n      id\n      name\n      kind\n    }\n  }\n"): (typeof documents)["\n  fragment CallPageDelivery on NotificationDelivery {\n    id\n    event\n    status\n    createdAt\n    deliveredAt\n    nextAttemptAt\n    lastError\n    channel {\n      id\n      name\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallPageDeleteCall($input: DeleteCallInput!) {\n    deleteCall(input: $input) {\n      deletedCallId\n    }\n  }\n"): (typeof documents)["\n  mutation CallPageDeleteCall($input: DeleteCallInput!) {\n    deleteCall(input: $input) {\n      deletedCallId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallPageUpdateNotes($input: UpdateCallNotesInput!) {\n    updateCallNotes(input: $input) {\n      call {\n        id\n        notes\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CallPageUpdateNotes($input: UpdateCallNotesInput!) {\n    updateCallNotes(input: $input) {\n      call {\n        id\n        notes\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CallListItem on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    urgency\n    intent\n    summary\n    afterHours\n    spam\n  }\n"): (typeof documents)["\n  fragment CallListItem on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    urgency\n    intent\n    summary\n    afterHours\n    spam\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Calls($filter: CallFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    calls(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Calls($filter: CallFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    calls(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchCalls($query: String!, $first: Int, $after: String) {\n    searchCalls(query: $query, first: $first, after: $after) {\n      edges {\n        snippet\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchCalls($query: String!, $first: Int, $after: String) {\n    searchCalls(query: $query, first: $first, after: $after) {\n      edges {\n        snippet\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CallListUpdates {\n    callUpdated {\n      ...CallListItem\n    }\n  }\n"): (typeof documents)["\n  subscription CallListUpdates {\n    callUpdated {\n      ...CallListItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CallListDeletions {\n    callDeleted\n  }\n"): (typeof documents)["\n  subscription CallListDeletions {\n    callDeleted\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;