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
    "\n  fragment CallListItem on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    urgency\n    intent\n    summary\n    afterHours\n    spam\n  }\n": typeof types.CallListItemFragmentDoc,
    "\n  query Calls($filter: CallFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    calls(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.CallsDocument,
    "\n  query SearchCalls($query: String!, $first: Int, $after: String) {\n    searchCalls(query: $query, first: $first, after: $after) {\n      edges {\n        snippet\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SearchCallsDocument,
    "\n  subscription CallListUpdates {\n    callUpdated {\n      ...CallListItem\n    }\n  }\n": typeof types.CallListUpdatesDocument,
    "\n  subscription CallListDeletions {\n    callDeleted\n  }\n": typeof types.CallListDeletionsDocument,
    "\n  query StatsFigures($since: DateTime, $until: DateTime) {\n    stats(since: $since, until: $until) {\n      totalCalls\n      realCalls\n      blockedCalls\n      spamCalls\n      shortHangUps\n      afterHoursCalls\n      averageDurationSeconds\n      callsPerDay {\n        day\n        calls\n      }\n      topIntents {\n        intent\n        calls\n      }\n      urgencyCounts {\n        urgency\n        calls\n      }\n      firstTokenLatencyMs {\n        p50\n        p95\n      }\n    }\n  }\n": typeof types.StatsFiguresDocument,
    "\n  fragment TodoItem on ActionItem {\n    id\n    description\n    done\n    createdAt\n    call {\n      id\n      from\n      callerName\n      startedAt\n      urgency\n    }\n  }\n": typeof types.TodoItemFragmentDoc,
    "\n  query TodoItems($first: Int, $after: String, $last: Int, $before: String) {\n    actionItems(done: false, orderBy: MOST_URGENT, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...TodoItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.TodoItemsDocument,
    "\n  subscription TodoCallUpdates {\n    callUpdated {\n      id\n      urgency\n      actionItems {\n        id\n        done\n      }\n    }\n  }\n": typeof types.TodoCallUpdatesDocument,
    "\n  mutation TodoComplete($input: CompleteActionItemInput!) {\n    completeActionItem(input: $input) {\n      actionItem {\n        id\n        done\n        doneAt\n      }\n    }\n  }\n": typeof types.TodoCompleteDocument,
    "\n  mutation TodoReopen($input: ReopenActionItemInput!) {\n    reopenActionItem(input: $input) {\n      actionItem {\n        id\n        done\n        doneAt\n      }\n    }\n  }\n": typeof types.TodoReopenDocument,
};
const documents: Documents = {
    "\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n": types.TranscriptTurnFragmentDoc,
    "\n  fragment CallListItem on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    urgency\n    intent\n    summary\n    afterHours\n    spam\n  }\n": types.CallListItemFragmentDoc,
    "\n  query Calls($filter: CallFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    calls(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.CallsDocument,
    "\n  query SearchCalls($query: String!, $first: Int, $after: String) {\n    searchCalls(query: $query, first: $first, after: $after) {\n      edges {\n        snippet\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SearchCallsDocument,
    "\n  subscription CallListUpdates {\n    callUpdated {\n      ...CallListItem\n    }\n  }\n": types.CallListUpdatesDocument,
    "\n  subscription CallListDeletions {\n    callDeleted\n  }\n": types.CallListDeletionsDocument,
    "\n  query StatsFigures($since: DateTime, $until: DateTime) {\n    stats(since: $since, until: $until) {\n      totalCalls\n      realCalls\n      blockedCalls\n      spamCalls\n      shortHangUps\n      afterHoursCalls\n      averageDurationSeconds\n      callsPerDay {\n        day\n        calls\n      }\n      topIntents {\n        intent\n        calls\n      }\n      urgencyCounts {\n        urgency\n        calls\n      }\n      firstTokenLatencyMs {\n        p50\n        p95\n      }\n    }\n  }\n": types.StatsFiguresDocument,
    "\n  fragment TodoItem on ActionItem {\n    id\n    description\n    done\n    createdAt\n    call {\n      id\n      from\n      callerName\n      startedAt\n      urgency\n    }\n  }\n": types.TodoItemFragmentDoc,
    "\n  query TodoItems($first: Int, $after: String, $last: Int, $before: String) {\n    actionItems(done: false, orderBy: MOST_URGENT, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...TodoItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.TodoItemsDocument,
    "\n  subscription TodoCallUpdates {\n    callUpdated {\n      id\n      urgency\n      actionItems {\n        id\n        done\n      }\n    }\n  }\n": types.TodoCallUpdatesDocument,
    "\n  mutation TodoComplete($input: CompleteActionItemInput!) {\n    completeActionItem(input: $input) {\n      actionItem {\n        id\n        done\n        doneAt\n      }\n    }\n  }\n": types.TodoCompleteDocument,
    "\n  mutation TodoReopen($input: ReopenActionItemInput!) {\n    reopenActionItem(input: $input) {\n      actionItem {\n        id\n        done\n        doneAt\n      }\n    }\n  }\n": types.TodoReopenDocument,
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatsFigures($since: DateTime, $until: DateTime) {\n    stats(since: $since, until: $until) {\n      totalCalls\n      realCalls\n      blockedCalls\n      spamCalls\n      shortHangUps\n      afterHoursCalls\n      averageDurationSeconds\n      callsPerDay {\n        day\n        calls\n      }\n      topIntents {\n        intent\n        calls\n      }\n      urgencyCounts {\n        urgency\n        calls\n      }\n      firstTokenLatencyMs {\n        p50\n        p95\n      }\n    }\n  }\n"): (typeof documents)["\n  query StatsFigures($since: DateTime, $until: DateTime) {\n    stats(since: $since, until: $until) {\n      totalCalls\n      realCalls\n      blockedCalls\n      spamCalls\n      shortHangUps\n      afterHoursCalls\n      averageDurationSeconds\n      callsPerDay {\n        day\n        calls\n      }\n      topIntents {\n        intent\n        calls\n      }\n      urgencyCounts {\n        urgency\n        calls\n      }\n      firstTokenLatencyMs {\n        p50\n        p95\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TodoItem on ActionItem {\n    id\n    description\n    done\n    createdAt\n    call {\n      id\n      from\n      callerName\n      startedAt\n      urgency\n    }\n  }\n"): (typeof documents)["\n  fragment TodoItem on ActionItem {\n    id\n    description\n    done\n    createdAt\n    call {\n      id\n      from\n      callerName\n      startedAt\n      urgency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TodoItems($first: Int, $after: String, $last: Int, $before: String) {\n    actionItems(done: false, orderBy: MOST_URGENT, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...TodoItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query TodoItems($first: Int, $after: String, $last: Int, $before: String) {\n    actionItems(done: false, orderBy: MOST_URGENT, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...TodoItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TodoCallUpdates {\n    callUpdated {\n      id\n      urgency\n      actionItems {\n        id\n        done\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TodoCallUpdates {\n    callUpdated {\n      id\n      urgency\n      actionItems {\n        id\n        done\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TodoComplete($input: CompleteActionItemInput!) {\n    completeActionItem(input: $input) {\n      actionItem {\n        id\n        done\n        doneAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TodoComplete($input: CompleteActionItemInput!) {\n    completeActionItem(input: $input) {\n      actionItem {\n        id\n        done\n        doneAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TodoReopen($input: ReopenActionItemInput!) {\n    reopenActionItem(input: $input) {\n      actionItem {\n        id\n        done\n        doneAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TodoReopen($input: ReopenActionItemInput!) {\n    reopenActionItem(input: $input) {\n      actionItem {\n        id\n        done\n        doneAt\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;