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
    "\n  query LiveTranscriptTurns($callId: ID!) {\n    call(callId: $callId) {\n      id\n      turns {\n        ...TranscriptTurn\n      }\n    }\n  }\n": typeof types.LiveTranscriptTurnsDocument,
    "\n  subscription LiveTranscriptEvents($callId: ID!) {\n    transcript(callId: $callId) {\n      turnId\n      role\n      kind\n      text\n      delta\n      final\n      interrupted\n    }\n  }\n": typeof types.LiveTranscriptEventsDocument,
    "\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n": typeof types.TranscriptTurnFragmentDoc,
    "\n  fragment LiveCall on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    endReason\n    endedAt\n    callerRule {\n      id\n      kind\n    }\n  }\n": typeof types.LiveCallFragmentDoc,
    "\n  query LiveCalls($first: Int) {\n    calls(filter: { status: [RINGING, IN_PROGRESS] }, first: $first) {\n      edges {\n        node {\n          ...LiveCall\n        }\n      }\n    }\n  }\n": typeof types.LiveCallsDocument,
    "\n  subscription LiveCallUpdates {\n    callUpdated {\n      ...LiveCall\n    }\n  }\n": typeof types.LiveCallUpdatesDocument,
    "\n  fragment CallListItem on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    urgency\n    intent\n    summary\n    afterHours\n    spam\n  }\n": typeof types.CallListItemFragmentDoc,
    "\n  query Calls($filter: CallFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    calls(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.CallsDocument,
    "\n  query SearchCalls($query: String!, $first: Int, $after: String) {\n    searchCalls(query: $query, first: $first, after: $after) {\n      edges {\n        snippet\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SearchCallsDocument,
    "\n  subscription CallListUpdates {\n    callUpdated {\n      ...CallListItem\n    }\n  }\n": typeof types.CallListUpdatesDocument,
    "\n  subscription CallListDeletions {\n    callDeleted\n  }\n": typeof types.CallListDeletionsDocument,
    "\n  query LiveTransferTargets {\n    settings {\n      ownerPhone\n      transferNumbers {\n        name\n        phone\n      }\n    }\n  }\n": typeof types.LiveTransferTargetsDocument,
    "\n  mutation LiveGuideCall($input: GuideCallInput!) {\n    guideCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": typeof types.LiveGuideCallDocument,
    "\n  mutation LiveSayOnCall($input: SayOnCallInput!) {\n    sayOnCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": typeof types.LiveSayOnCallDocument,
    "\n  mutation LiveTransferCall($input: TransferCallInput!) {\n    transferCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": typeof types.LiveTransferCallDocument,
    "\n  mutation LiveEndCall($input: EndCallInput!) {\n    endCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": typeof types.LiveEndCallDocument,
};
const documents: Documents = {
    "\n  query LiveTranscriptTurns($callId: ID!) {\n    call(callId: $callId) {\n      id\n      turns {\n        ...TranscriptTurn\n      }\n    }\n  }\n": types.LiveTranscriptTurnsDocument,
    "\n  subscription LiveTranscriptEvents($callId: ID!) {\n    transcript(callId: $callId) {\n      turnId\n      role\n      kind\n      text\n      delta\n      final\n      interrupted\n    }\n  }\n": types.LiveTranscriptEventsDocument,
    "\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n": types.TranscriptTurnFragmentDoc,
    "\n  fragment LiveCall on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    endReason\n    endedAt\n    callerRule {\n      id\n      kind\n    }\n  }\n": types.LiveCallFragmentDoc,
    "\n  query LiveCalls($first: Int) {\n    calls(filter: { status: [RINGING, IN_PROGRESS] }, first: $first) {\n      edges {\n        node {\n          ...LiveCall\n        }\n      }\n    }\n  }\n": types.LiveCallsDocument,
    "\n  subscription LiveCallUpdates {\n    callUpdated {\n      ...LiveCall\n    }\n  }\n": types.LiveCallUpdatesDocument,
    "\n  fragment CallListItem on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    urgency\n    intent\n    summary\n    afterHours\n    spam\n  }\n": types.CallListItemFragmentDoc,
    "\n  query Calls($filter: CallFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    calls(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.CallsDocument,
    "\n  query SearchCalls($query: String!, $first: Int, $after: String) {\n    searchCalls(query: $query, first: $first, after: $after) {\n      edges {\n        snippet\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SearchCallsDocument,
    "\n  subscription CallListUpdates {\n    callUpdated {\n      ...CallListItem\n    }\n  }\n": types.CallListUpdatesDocument,
    "\n  subscription CallListDeletions {\n    callDeleted\n  }\n": types.CallListDeletionsDocument,
    "\n  query LiveTransferTargets {\n    settings {\n      ownerPhone\n      transferNumbers {\n        name\n        phone\n      }\n    }\n  }\n": types.LiveTransferTargetsDocument,
    "\n  mutation LiveGuideCall($input: GuideCallInput!) {\n    guideCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": types.LiveGuideCallDocument,
    "\n  mutation LiveSayOnCall($input: SayOnCallInput!) {\n    sayOnCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": types.LiveSayOnCallDocument,
    "\n  mutation LiveTransferCall($input: TransferCallInput!) {\n    transferCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": types.LiveTransferCallDocument,
    "\n  mutation LiveEndCall($input: EndCallInput!) {\n    endCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": types.LiveEndCallDocument,
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
export function graphql(source: "\n  query LiveTranscriptTurns($callId: ID!) {\n    call(callId: $callId) {\n      id\n      turns {\n        ...TranscriptTurn\n      }\n    }\n  }\n"): (typeof documents)["\n  query LiveTranscriptTurns($callId: ID!) {\n    call(callId: $callId) {\n      id\n      turns {\n        ...TranscriptTurn\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveTranscriptEvents($callId: ID!) {\n    transcript(callId: $callId) {\n      turnId\n      role\n      kind\n      text\n      delta\n      final\n      interrupted\n    }\n  }\n"): (typeof documents)["\n  subscription LiveTranscriptEvents($callId: ID!) {\n    transcript(callId: $callId) {\n      turnId\n      role\n      kind\n      text\n      delta\n      final\n      interrupted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n"): (typeof documents)["\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LiveCall on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    endReason\n    endedAt\n    callerRule {\n      id\n      kind\n    }\n  }\n"): (typeof documents)["\n  fragment LiveCall on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    endReason\n    endedAt\n    callerRule {\n      id\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LiveCalls($first: Int) {\n    calls(filter: { status: [RINGING, IN_PROGRESS] }, first: $first) {\n      edges {\n        node {\n          ...LiveCall\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LiveCalls($first: Int) {\n    calls(filter: { status: [RINGING, IN_PROGRESS] }, first: $first) {\n      edges {\n        node {\n          ...LiveCall\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveCallUpdates {\n    callUpdated {\n      ...LiveCall\n    }\n  }\n"): (typeof documents)["\n  subscription LiveCallUpdates {\n    callUpdated {\n      ...LiveCall\n    }\n  }\n"];
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
export function graphql(source: "\n  query LiveTransferTargets {\n    settings {\n      ownerPhone\n      transferNumbers {\n        name\n        phone\n      }\n    }\n  }\n"): (typeof documents)["\n  query LiveTransferTargets {\n    settings {\n      ownerPhone\n      transferNumbers {\n        name\n        phone\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LiveGuideCall($input: GuideCallInput!) {\n    guideCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation LiveGuideCall($input: GuideCallInput!) {\n    guideCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LiveSayOnCall($input: SayOnCallInput!) {\n    sayOnCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation LiveSayOnCall($input: SayOnCallInput!) {\n    sayOnCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LiveTransferCall($input: TransferCallInput!) {\n    transferCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation LiveTransferCall($input: TransferCallInput!) {\n    transferCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LiveEndCall($input: EndCallInput!) {\n    endCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation LiveEndCall($input: EndCallInput!) {\n    endCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;