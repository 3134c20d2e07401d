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
    "\n  query BusinessSettingsHistory($first: Int) {\n    settingsHistory(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          changedAt\n          changedBy\n          version\n          changes {\n            field\n            before\n            after\n          }\n        }\n      }\n    }\n  }\n": typeof types.BusinessSettingsHistoryDocument,
    "\n  fragment BusinessSettingsFields on Settings {\n    version\n    businessName\n    ownerName\n    ownerPhone\n    transferWhen\n    transferNumbers {\n      name\n      phone\n    }\n    instructions\n    timeZone\n    openingHours {\n      day\n      opens\n      closes\n    }\n    closedDates {\n      date\n      note\n    }\n    staffNames\n    voice {\n      language\n      otherLanguages\n      ttsProvider\n      voice\n      transcriptionProvider\n      speechModel\n    }\n    idleRepromptSeconds\n    maxCallMinutes\n    missedCallTextBack\n    recordCalls\n    retentionDays\n    currently {\n      open\n      closesAt\n      opensAt\n      localTime\n      spoken\n    }\n  }\n": typeof types.BusinessSettingsFieldsFragmentDoc,
    "\n  query BusinessSettings {\n    settings {\n      ...BusinessSettingsFields\n    }\n  }\n": typeof types.BusinessSettingsDocument,
    "\n  mutation UpdateBusinessSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      settings {\n        ...BusinessSettingsFields\n      }\n    }\n  }\n": typeof types.UpdateBusinessSettingsDocument,
};
const documents: Documents = {
    "\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n": types.TranscriptTurnFragmentDoc,
    "\n  fragment CallListItem on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    urgency\n    intent\n    summary\n    afterHours\n    spam\n  }\n": types.CallListItemFragmentDoc,
    "\n  query Calls($filter: CallFilter, $first: Int, $after: String, $last: Int, $before: String) {\n    calls(filter: $filter, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.CallsDocument,
    "\n  query SearchCalls($query: String!, $first: Int, $after: String) {\n    searchCalls(query: $query, first: $first, after: $after) {\n      edges {\n        snippet\n        node {\n          ...CallListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SearchCallsDocument,
    "\n  subscription CallListUpdates {\n    callUpdated {\n      ...CallListItem\n    }\n  }\n": types.CallListUpdatesDocument,
    "\n  subscription CallListDeletions {\n    callDeleted\n  }\n": types.CallListDeletionsDocument,
    "\n  query BusinessSettingsHistory($first: Int) {\n    settingsHistory(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          changedAt\n          changedBy\n          version\n          changes {\n            field\n            before\n            after\n          }\n        }\n      }\n    }\n  }\n": types.BusinessSettingsHistoryDocument,
    "\n  fragment BusinessSettingsFields on Settings {\n    version\n    businessName\n    ownerName\n    ownerPhone\n    transferWhen\n    transferNumbers {\n      name\n      phone\n    }\n    instructions\n    timeZone\n    openingHours {\n      day\n      opens\n      closes\n    }\n    closedDates {\n      date\n      note\n    }\n    staffNames\n    voice {\n      language\n      otherLanguages\n      ttsProvider\n      voice\n      transcriptionProvider\n      speechModel\n    }\n    idleRepromptSeconds\n    maxCallMinutes\n    missedCallTextBack\n    recordCalls\n    retentionDays\n    currently {\n      open\n      closesAt\n      opensAt\n      localTime\n      spoken\n    }\n  }\n": types.BusinessSettingsFieldsFragmentDoc,
    "\n  query BusinessSettings {\n    settings {\n      ...BusinessSettingsFields\n    }\n  }\n": types.BusinessSettingsDocument,
    "\n  mutation UpdateBusinessSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      settings {\n        ...BusinessSettingsFields\n      }\n    }\n  }\n": types.UpdateBusinessSettingsDocument,
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
export function graphql(source: "\n  query BusinessSettingsHistory($first: Int) {\n    settingsHistory(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          changedAt\n          changedBy\n          version\n          changes {\n            field\n            before\n            after\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BusinessSettingsHistory($first: Int) {\n    settingsHistory(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          changedAt\n          changedBy\n          version\n          changes {\n            field\n            before\n            after\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BusinessSettingsFields on Settings {\n    version\n    businessName\n    ownerName\n    ownerPhone\n    transferWhen\n    transferNumbers {\n      name\n      phone\n    }\n    instructions\n    timeZone\n    openingHours {\n      day\n      opens\n      closes\n    }\n    closedDates {\n      date\n      note\n    }\n    staffNames\n    voice {\n      language\n      otherLanguages\n      ttsProvider\n      voice\n      transcriptionProvider\n      speechModel\n    }\n    idleRepromptSeconds\n    maxCallMinutes\n    missedCallTextBack\n    recordCalls\n    retentionDays\n    currently {\n      open\n      closesAt\n      opensAt\n      localTime\n      spoken\n    }\n  }\n"): (typeof documents)["\n  fragment BusinessSettingsFields on Settings {\n    version\n    businessName\n    ownerName\n    ownerPhone\n    transferWhen\n    transferNumbers {\n      name\n      phone\n    }\n    instructions\n    timeZone\n    openingHours {\n      day\n      opens\n      closes\n    }\n    closedDates {\n      date\n      note\n    }\n    staffNames\n    voice {\n      language\n      otherLanguages\n      ttsProvider\n      voice\n      transcriptionProvider\n      speechModel\n    }\n    idleRepromptSeconds\n    maxCallMinutes\n    missedCallTextBack\n    recordCalls\n    retentionDays\n    currently {\n      open\n      closesAt\n      opensAt\n      localTime\n      spoken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BusinessSettings {\n    settings {\n      ...BusinessSettingsFields\n    }\n  }\n"): (typeof documents)["\n  query BusinessSettings {\n    settings {\n      ...BusinessSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateBusinessSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      settings {\n        ...BusinessSettingsFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateBusinessSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      settings {\n        ...BusinessSettingsFields\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;