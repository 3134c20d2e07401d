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
    "\n  query LiveTransferTargets {\n    settings {\n      ownerPhone\n      transferNumbers {\n        name\n        phone\n      }\n    }\n  }\n": typeof types.LiveTransferTargetsDocument,
    "\n  mutation LiveGuideCall($input: GuideCallInput!) {\n    guideCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": typeof types.LiveGuideCallDocument,
    "\n  mutation LiveSayOnCall($input: SayOnCallInput!) {\n    sayOnCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": typeof types.LiveSayOnCallDocument,
    "\n  mutation LiveTransferCall($input: TransferCallInput!) {\n    transferCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": typeof types.LiveTransferCallDocument,
    "\n  mutation LiveEndCall($input: EndCallInput!) {\n    endCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": typeof types.LiveEndCallDocument,
    "\n  query BusinessSettingsHistory($first: Int) {\n    settingsHistory(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          changedAt\n          changedBy\n          version\n          changes {\n            field\n            before\n            after\n          }\n        }\n      }\n    }\n  }\n": typeof types.BusinessSettingsHistoryDocument,
    "\n  fragment BusinessSettingsFields on Settings {\n    version\n    businessName\n    ownerName\n    ownerPhone\n    transferWhen\n    transferNumbers {\n      name\n      phone\n    }\n    instructions\n    timeZone\n    openingHours {\n      day\n      opens\n      closes\n    }\n    closedDates {\n      date\n      note\n    }\n    staffNames\n    voice {\n      language\n      otherLanguages\n      ttsProvider\n      voice\n      transcriptionProvider\n      speechModel\n    }\n    idleRepromptSeconds\n    maxCallMinutes\n    missedCallTextBack\n    recordCalls\n    retentionDays\n    currently {\n      open\n      closesAt\n      opensAt\n      localTime\n      spoken\n    }\n  }\n": typeof types.BusinessSettingsFieldsFragmentDoc,
    "\n  query BusinessSettings {\n    settings {\n      ...BusinessSettingsFields\n    }\n  }\n": typeof types.BusinessSettingsDocument,
    "\n  mutation UpdateBusinessSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      settings {\n        ...BusinessSettingsFields\n      }\n    }\n  }\n": typeof types.UpdateBusinessSettingsDocument,
    "\n  fragment CallerRuleItem on CallerRule {\n    id\n    phone\n    kind\n    note\n    updatedAt\n  }\n": typeof types.CallerRuleItemFragmentDoc,
    "\n  query CallerRulesSettings($kind: CallerRuleKind, $first: Int, $after: String) {\n    callerRules(kind: $kind, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...CallerRuleItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.CallerRulesSettingsDocument,
    "\n  mutation CallerRulesSettingsSet($input: SetCallerRuleInput!) {\n    setCallerRule(input: $input) {\n      callerRule {\n        ...CallerRuleItem\n      }\n    }\n  }\n": typeof types.CallerRulesSettingsSetDocument,
    "\n  mutation CallerRulesSettingsRemove($input: RemoveCallerRuleInput!) {\n    removeCallerRule(input: $input) {\n      removedCallerRuleId\n    }\n  }\n": typeof types.CallerRulesSettingsRemoveDocument,
    "\n  query CallerRulesSettingsCallerData($phone: String!) {\n    callerData(phone: $phone)\n  }\n": typeof types.CallerRulesSettingsCallerDataDocument,
    "\n  mutation CallerRulesSettingsErase($input: EraseCallerInput!) {\n    eraseCaller(input: $input) {\n      erasedCallCount\n    }\n  }\n": typeof types.CallerRulesSettingsEraseDocument,
    "\n  fragment KnowledgeEntryItem on KnowledgeEntry {\n    id\n    title\n    content\n    updatedAt\n  }\n": typeof types.KnowledgeEntryItemFragmentDoc,
    "\n  fragment KnowledgeGapItem on KnowledgeGap {\n    id\n    question\n    timesAsked\n    firstAskedAt\n    lastAskedAt\n    callerPhone\n    call {\n      id\n    }\n  }\n": typeof types.KnowledgeGapItemFragmentDoc,
    "\n  query KnowledgeSettingsEntries($search: String, $first: Int, $after: String) {\n    knowledgeEntries(search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...KnowledgeEntryItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.KnowledgeSettingsEntriesDocument,
    "\n  query KnowledgeSettingsOpenGaps($first: Int) {\n    knowledgeGaps(open: true, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...KnowledgeGapItem\n        }\n      }\n    }\n  }\n": typeof types.KnowledgeSettingsOpenGapsDocument,
    "\n  mutation KnowledgeSettingsCreateEntry($input: CreateKnowledgeEntryInput!) {\n    createKnowledgeEntry(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n    }\n  }\n": typeof types.KnowledgeSettingsCreateEntryDocument,
    "\n  mutation KnowledgeSettingsUpdateEntry($input: UpdateKnowledgeEntryInput!) {\n    updateKnowledgeEntry(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n    }\n  }\n": typeof types.KnowledgeSettingsUpdateEntryDocument,
    "\n  mutation KnowledgeSettingsDeleteEntry($input: DeleteKnowledgeEntryInput!) {\n    deleteKnowledgeEntry(input: $input) {\n      deletedKnowledgeEntryId\n    }\n  }\n": typeof types.KnowledgeSettingsDeleteEntryDocument,
    "\n  mutation KnowledgeSettingsAnswerGap($input: AnswerKnowledgeGapInput!) {\n    answerKnowledgeGap(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n      closedGaps {\n        id\n        answeredAt\n      }\n    }\n  }\n": typeof types.KnowledgeSettingsAnswerGapDocument,
    "\n  fragment NotificationChannelItem on NotificationChannel {\n    id\n    name\n    kind\n    enabled\n    events\n    minUrgency\n    digestTime\n    quietHours {\n      start\n      end\n    }\n    hasSecret\n    lastDeliveredAt\n    lastError\n    lastErrorAt\n    email {\n      host\n      port\n      secure\n      user\n      from\n      to\n    }\n    webhook {\n      url\n    }\n    sms {\n      from\n      to\n    }\n  }\n": typeof types.NotificationChannelItemFragmentDoc,
    "\n  query NotificationSettingsChannels {\n    notificationChannels(first: 20) {\n      edges {\n        node {\n          ...NotificationChannelItem\n        }\n      }\n    }\n  }\n": typeof types.NotificationSettingsChannelsDocument,
    "\n  mutation NotificationSettingsCreate($input: CreateNotificationChannelInput!) {\n    createNotificationChannel(input: $input) {\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n      webhookSecret\n    }\n  }\n": typeof types.NotificationSettingsCreateDocument,
    "\n  mutation NotificationSettingsUpdate($input: UpdateNotificationChannelInput!) {\n    updateNotificationChannel(input: $input) {\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n      webhookSecret\n    }\n  }\n": typeof types.NotificationSettingsUpdateDocument,
    "\n  mutation NotificationSettingsDelete($input: DeleteNotificationChannelInput!) {\n    deleteNotificationChannel(input: $input) {\n      deletedNotificationChannelId\n    }\n  }\n": typeof types.NotificationSettingsDeleteDocument,
    "\n  mutation NotificationSettingsSendTest($input: SendTestNotificationInput!) {\n    sendTestNotification(input: $input) {\n      delivered\n      error\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n    }\n  }\n": typeof types.NotificationSettingsSendTestDocument,
    "\n  query StatsFigures($since: DateTime, $until: DateTime) {\n    stats(since: $since, until: $until) {\n      totalCalls\n      realCalls\n      blockedCalls\n      spamCalls\n      shortHangUps\n      afterHoursCalls\n      averageDurationSeconds\n      callsPerDay {\n        day\n        calls\n      }\n      topIntents {\n        intent\n        calls\n      }\n      urgencyCounts {\n        urgency\n        calls\n      }\n      firstTokenLatencyMs {\n        p50\n        p95\n      }\n    }\n  }\n": typeof types.StatsFiguresDocument,
    "\n  fragment TodoItem on ActionItem {\n    id\n    description\n    done\n    createdAt\n    call {\n      id\n      from\n      callerName\n      startedAt\n      urgency\n    }\n  }\n": typeof types.TodoItemFragmentDoc,
    "\n  query TodoItems($first: Int, $after: String, $last: Int, $before: String) {\n    actionItems(done: false, orderBy: MOST_URGENT, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      edges {\n        node {\n          ...TodoItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.TodoItemsDocument,
    "\n  subscription TodoCallUpdates {\n    callUpdated {\n      id\n      urgency\n      actionItems {\n        id\n        done\n      }\n    }\n  }\n": typeof types.TodoCallUpdatesDocument,
    "\n  mutation TodoComplete($input: CompleteActionItemInput!) {\n    completeActionItem(input: $input) {\n      actionItem {\n        id\n        done\n        doneAt\n      }\n    }\n  }\n": typeof types.TodoCompleteDocument,
    "\n  mutation TodoReopen($input: ReopenActionItemInput!) {\n    reopenActionItem(input: $input) {\n      actionItem {\n        id\n        done\n        doneAt\n      }\n    }\n  }\n": typeof types.TodoReopenDocument,
};
const documents: Documents = {
    "\n  query LiveTranscriptTurns($callId: ID!) {\n    call(callId: $callId) {\n      id\n      turns {\n        ...TranscriptTurn\n      }\n    }\n  }\n": types.LiveTranscriptTurnsDocument,
    "\n  subscription LiveTranscriptEvents($callId: ID!) {\n    transcript(callId: $callId) {\n      turnId\n      role\n      kind\n      text\n      delta\n      final\n      interrupted\n    }\n  }\n": types.LiveTranscriptEventsDocument,
    "\n  fragment TranscriptTurn on Turn {\n    id\n    seq\n    role\n    kind\n    text\n    interrupted\n  }\n": types.TranscriptTurnFragmentDoc,
    "\n  fragment LiveCall on Call {\n    id\n    from\n    callerName\n    startedAt\n    status\n    endReason\n    endedAt\n    callerRule {\n      id\n      kind\n    }\n  }\n": types.LiveCallFragmentDoc,
    "\n  query LiveCalls($first: Int) {\n    calls(filter: { status: [RINGING, IN_PROGRESS] }, first: $first) {\n      edges {\n        node {\n          ...LiveCall\n        }\n      }\n    }\n  }\n": types.LiveCallsDocument,
    "\n  subscription LiveCallUpdates {\n    callUpdated {\n      ...LiveCall\n    }\n  }\n": types.LiveCallUpdatesDocument,
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
    "\n  query LiveTransferTargets {\n    settings {\n      ownerPhone\n      transferNumbers {\n        name\n        phone\n      }\n    }\n  }\n": types.LiveTransferTargetsDocument,
    "\n  mutation LiveGuideCall($input: GuideCallInput!) {\n    guideCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": types.LiveGuideCallDocument,
    "\n  mutation LiveSayOnCall($input: SayOnCallInput!) {\n    sayOnCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": types.LiveSayOnCallDocument,
    "\n  mutation LiveTransferCall($input: TransferCallInput!) {\n    transferCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": types.LiveTransferCallDocument,
    "\n  mutation LiveEndCall($input: EndCallInput!) {\n    endCall(input: $input) {\n      call {\n        ...LiveCall\n      }\n    }\n  }\n": types.LiveEndCallDocument,
    "\n  query BusinessSettingsHistory($first: Int) {\n    settingsHistory(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          changedAt\n          changedBy\n          version\n          changes {\n            field\n            before\n            after\n          }\n        }\n      }\n    }\n  }\n": types.BusinessSettingsHistoryDocument,
    "\n  fragment BusinessSettingsFields on Settings {\n    version\n    businessName\n    ownerName\n    ownerPhone\n    transferWhen\n    transferNumbers {\n      name\n      phone\n    }\n    instructions\n    timeZone\n    openingHours {\n      day\n      opens\n      closes\n    }\n    closedDates {\n      date\n      note\n    }\n    staffNames\n    voice {\n      language\n      otherLanguages\n      ttsProvider\n      voice\n      transcriptionProvider\n      speechModel\n    }\n    idleRepromptSeconds\n    maxCallMinutes\n    missedCallTextBack\n    recordCalls\n    retentionDays\n    currently {\n      open\n      closesAt\n      opensAt\n      localTime\n      spoken\n    }\n  }\n": types.BusinessSettingsFieldsFragmentDoc,
    "\n  query BusinessSettings {\n    settings {\n      ...BusinessSettingsFields\n    }\n  }\n": types.BusinessSettingsDocument,
    "\n  mutation UpdateBusinessSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      settings {\n        ...BusinessSettingsFields\n      }\n    }\n  }\n": types.UpdateBusinessSettingsDocument,
    "\n  fragment CallerRuleItem on CallerRule {\n    id\n    phone\n    kind\n    note\n    updatedAt\n  }\n": types.CallerRuleItemFragmentDoc,
    "\n  query CallerRulesSettings($kind: CallerRuleKind, $first: Int, $after: String) {\n    callerRules(kind: $kind, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...CallerRuleItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.CallerRulesSettingsDocument,
    "\n  mutation CallerRulesSettingsSet($input: SetCallerRuleInput!) {\n    setCallerRule(input: $input) {\n      callerRule {\n        ...CallerRuleItem\n      }\n    }\n  }\n": types.CallerRulesSettingsSetDocument,
    "\n  mutation CallerRulesSettingsRemove($input: RemoveCallerRuleInput!) {\n    removeCallerRule(input: $input) {\n      removedCallerRuleId\n    }\n  }\n": types.CallerRulesSettingsRemoveDocument,
    "\n  query CallerRulesSettingsCallerData($phone: String!) {\n    callerData(phone: $phone)\n  }\n": types.CallerRulesSettingsCallerDataDocument,
    "\n  mutation CallerRulesSettingsErase($input: EraseCallerInput!) {\n    eraseCaller(input: $input) {\n      erasedCallCount\n    }\n  }\n": types.CallerRulesSettingsEraseDocument,
    "\n  fragment KnowledgeEntryItem on KnowledgeEntry {\n    id\n    title\n    content\n    updatedAt\n  }\n": types.KnowledgeEntryItemFragmentDoc,
    "\n  fragment KnowledgeGapItem on KnowledgeGap {\n    id\n    question\n    timesAsked\n    firstAskedAt\n    lastAskedAt\n    callerPhone\n    call {\n      id\n    }\n  }\n": types.KnowledgeGapItemFragmentDoc,
    "\n  query KnowledgeSettingsEntries($search: String, $first: Int, $after: String) {\n    knowledgeEntries(search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...KnowledgeEntryItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.KnowledgeSettingsEntriesDocument,
    "\n  query KnowledgeSettingsOpenGaps($first: Int) {\n    knowledgeGaps(open: true, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...KnowledgeGapItem\n        }\n      }\n    }\n  }\n": types.KnowledgeSettingsOpenGapsDocument,
    "\n  mutation KnowledgeSettingsCreateEntry($input: CreateKnowledgeEntryInput!) {\n    createKnowledgeEntry(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n    }\n  }\n": types.KnowledgeSettingsCreateEntryDocument,
    "\n  mutation KnowledgeSettingsUpdateEntry($input: UpdateKnowledgeEntryInput!) {\n    updateKnowledgeEntry(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n    }\n  }\n": types.KnowledgeSettingsUpdateEntryDocument,
    "\n  mutation KnowledgeSettingsDeleteEntry($input: DeleteKnowledgeEntryInput!) {\n    deleteKnowledgeEntry(input: $input) {\n      deletedKnowledgeEntryId\n    }\n  }\n": types.KnowledgeSettingsDeleteEntryDocument,
    "\n  mutation KnowledgeSettingsAnswerGap($input: AnswerKnowledgeGapInput!) {\n    answerKnowledgeGap(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n      closedGaps {\n        id\n        answeredAt\n      }\n    }\n  }\n": types.KnowledgeSettingsAnswerGapDocument,
    "\n  fragment NotificationChannelItem on NotificationChannel {\n    id\n    name\n    kind\n    enabled\n    events\n    minUrgency\n    digestTime\n    quietHours {\n      start\n      end\n    }\n    hasSecret\n    lastDeliveredAt\n    lastError\n    lastErrorAt\n    email {\n      host\n      port\n      secure\n      user\n      from\n      to\n    }\n    webhook {\n      url\n    }\n    sms {\n      from\n      to\n    }\n  }\n": types.NotificationChannelItemFragmentDoc,
    "\n  query NotificationSettingsChannels {\n    notificationChannels(first: 20) {\n      edges {\n        node {\n          ...NotificationChannelItem\n        }\n      }\n    }\n  }\n": types.NotificationSettingsChannelsDocument,
    "\n  mutation NotificationSettingsCreate($input: CreateNotificationChannelInput!) {\n    createNotificationChannel(input: $input) {\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n      webhookSecret\n    }\n  }\n": types.NotificationSettingsCreateDocument,
    "\n  mutation NotificationSettingsUpdate($input: UpdateNotificationChannelInput!) {\n    updateNotificationChannel(input: $input) {\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n      webhookSecret\n    }\n  }\n": types.NotificationSettingsUpdateDocument,
    "\n  mutation NotificationSettingsDelete($input: DeleteNotificationChannelInput!) {\n    deleteNotificationChannel(input: $input) {\n      deletedNotificationChannelId\n    }\n  }\n": types.NotificationSettingsDeleteDocument,
    "\n  mutation NotificationSettingsSendTest($input: SendTestNotificationInput!) {\n    sendTestNotification(input: $input) {\n      delivered\n      error\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n    }\n  }\n": types.NotificationSettingsSendTestDocument,
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CallerRuleItem on CallerRule {\n    id\n    phone\n    kind\n    note\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment CallerRuleItem on CallerRule {\n    id\n    phone\n    kind\n    note\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CallerRulesSettings($kind: CallerRuleKind, $first: Int, $after: String) {\n    callerRules(kind: $kind, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...CallerRuleItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query CallerRulesSettings($kind: CallerRuleKind, $first: Int, $after: String) {\n    callerRules(kind: $kind, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...CallerRuleItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallerRulesSettingsSet($input: SetCallerRuleInput!) {\n    setCallerRule(input: $input) {\n      callerRule {\n        ...CallerRuleItem\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CallerRulesSettingsSet($input: SetCallerRuleInput!) {\n    setCallerRule(input: $input) {\n      callerRule {\n        ...CallerRuleItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallerRulesSettingsRemove($input: RemoveCallerRuleInput!) {\n    removeCallerRule(input: $input) {\n      removedCallerRuleId\n    }\n  }\n"): (typeof documents)["\n  mutation CallerRulesSettingsRemove($input: RemoveCallerRuleInput!) {\n    removeCallerRule(input: $input) {\n      removedCallerRuleId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CallerRulesSettingsCallerData($phone: String!) {\n    callerData(phone: $phone)\n  }\n"): (typeof documents)["\n  query CallerRulesSettingsCallerData($phone: String!) {\n    callerData(phone: $phone)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CallerRulesSettingsErase($input: EraseCallerInput!) {\n    eraseCaller(input: $input) {\n      erasedCallCount\n    }\n  }\n"): (typeof documents)["\n  mutation CallerRulesSettingsErase($input: EraseCallerInput!) {\n    eraseCaller(input: $input) {\n      erasedCallCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment KnowledgeEntryItem on KnowledgeEntry {\n    id\n    title\n    content\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment KnowledgeEntryItem on KnowledgeEntry {\n    id\n    title\n    content\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment KnowledgeGapItem on KnowledgeGap {\n    id\n    question\n    timesAsked\n    firstAskedAt\n    lastAskedAt\n    callerPhone\n    call {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment KnowledgeGapItem on KnowledgeGap {\n    id\n    question\n    timesAsked\n    firstAskedAt\n    lastAskedAt\n    callerPhone\n    call {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KnowledgeSettingsEntries($search: String, $first: Int, $after: String) {\n    knowledgeEntries(search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...KnowledgeEntryItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query KnowledgeSettingsEntries($search: String, $first: Int, $after: String) {\n    knowledgeEntries(search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        node {\n          ...KnowledgeEntryItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KnowledgeSettingsOpenGaps($first: Int) {\n    knowledgeGaps(open: true, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...KnowledgeGapItem\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query KnowledgeSettingsOpenGaps($first: Int) {\n    knowledgeGaps(open: true, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...KnowledgeGapItem\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation KnowledgeSettingsCreateEntry($input: CreateKnowledgeEntryInput!) {\n    createKnowledgeEntry(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation KnowledgeSettingsCreateEntry($input: CreateKnowledgeEntryInput!) {\n    createKnowledgeEntry(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation KnowledgeSettingsUpdateEntry($input: UpdateKnowledgeEntryInput!) {\n    updateKnowledgeEntry(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation KnowledgeSettingsUpdateEntry($input: UpdateKnowledgeEntryInput!) {\n    updateKnowledgeEntry(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation KnowledgeSettingsDeleteEntry($input: DeleteKnowledgeEntryInput!) {\n    deleteKnowledgeEntry(input: $input) {\n      deletedKnowledgeEntryId\n    }\n  }\n"): (typeof documents)["\n  mutation KnowledgeSettingsDeleteEntry($input: DeleteKnowledgeEntryInput!) {\n    deleteKnowledgeEntry(input: $input) {\n      deletedKnowledgeEntryId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation KnowledgeSettingsAnswerGap($input: AnswerKnowledgeGapInput!) {\n    answerKnowledgeGap(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n      closedGaps {\n        id\n        answeredAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation KnowledgeSettingsAnswerGap($input: AnswerKnowledgeGapInput!) {\n    answerKnowledgeGap(input: $input) {\n      knowledgeEntry {\n        ...KnowledgeEntryItem\n      }\n      closedGaps {\n        id\n        answeredAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationChannelItem on NotificationChannel {\n    id\n    name\n    kind\n    enabled\n    events\n    minUrgency\n    digestTime\n    quietHours {\n      start\n      end\n    }\n    hasSecret\n    lastDeliveredAt\n    lastError\n    lastErrorAt\n    email {\n      host\n      port\n      secure\n      user\n      from\n      to\n    }\n    webhook {\n      url\n    }\n    sms {\n      from\n      to\n    }\n  }\n"): (typeof documents)["\n  fragment NotificationChannelItem on NotificationChannel {\n    id\n    name\n    kind\n    enabled\n    events\n    minUrgency\n    digestTime\n    quietHours {\n      start\n      end\n    }\n    hasSecret\n    lastDeliveredAt\n    lastError\n    lastErrorAt\n    email {\n      host\n      port\n      secure\n      user\n      from\n      to\n    }\n    webhook {\n      url\n    }\n    sms {\n      from\n      to\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationSettingsChannels {\n    notificationChannels(first: 20) {\n      edges {\n        node {\n          ...NotificationChannelItem\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query NotificationSettingsChannels {\n    notificationChannels(first: 20) {\n      edges {\n        node {\n          ...NotificationChannelItem\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation NotificationSettingsCreate($input: CreateNotificationChannelInput!) {\n    createNotificationChannel(input: $input) {\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n      webhookSecret\n    }\n  }\n"): (typeof documents)["\n  mutation NotificationSettingsCreate($input: CreateNotificationChannelInput!) {\n    createNotificationChannel(input: $input) {\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n      webhookSecret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation NotificationSettingsUpdate($input: UpdateNotificationChannelInput!) {\n    updateNotificationChannel(input: $input) {\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n      webhookSecret\n    }\n  }\n"): (typeof documents)["\n  mutation NotificationSettingsUpdate($input: UpdateNotificationChannelInput!) {\n    updateNotificationChannel(input: $input) {\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n      webhookSecret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation NotificationSettingsDelete($input: DeleteNotificationChannelInput!) {\n    deleteNotificationChannel(input: $input) {\n      deletedNotificationChannelId\n    }\n  }\n"): (typeof documents)["\n  mutation NotificationSettingsDelete($input: DeleteNotificationChannelInput!) {\n    deleteNotificationChannel(input: $input) {\n      deletedNotificationChannelId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation NotificationSettingsSendTest($input: SendTestNotificationInput!) {\n    sendTestNotification(input: $input) {\n      delivered\n      error\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation NotificationSettingsSendTest($input: SendTestNotificationInput!) {\n    sendTestNotification(input: $input) {\n      delivered\n      error\n      notificationChannel {\n        ...NotificationChannelItem\n      }\n    }\n  }\n"];
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