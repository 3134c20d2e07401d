import type { Cache, CacheExchangeOpts } from "@urql/exchange-graphcache";

// Objects without an `id` are kept inside the object that holds them (graphcache's "embedded"
// entities), except the settings, of which there is one.
const embedded = () => null;
const EMBEDDED_TYPES = [
  "ActionItemConnection",
  "ActionItemEdge",
  "BusinessStatus",
  "CallConnection",
  "CallEdge",
  "CallSearchConnection",
  "CallSearchEdge",
  "CallStats",
  "CallerConnection",
  "CallerEdge",
  "CallerRuleConnection",
  "CallerRuleEdge",
  "CallsOnDay",
  "ClosedDate",
  "EmailChannelSettings",
  "IntentCount",
  "KnowledgeEntryConnection",
  "KnowledgeEntryEdge",
  "KnowledgeGapConnection",
  "KnowledgeGapEdge",
  "LatencyPercentiles",
  "NotificationChannelConnection",
  "NotificationChannelEdge",
  "OpeningHours",
  "PageInfo",
  "QuietHours",
  "Recording",
  "SettingValueChange",
  "SettingsChangeConnection",
  "SettingsChangeEdge",
  "SmsChannelSettings",
  "TranscriptEvent",
  "TransferNumber",
  "UrgencyCount",
  "VoiceSettings",
  "WebhookChannelSettings",
];

/**
 * Where the lists a change dropped are announced (the detail is their root fields' names), for the
 * pages whose first load of one may still be on its way: that answer would land without the change,
 * and nothing in the cache would mark it stale (see `useFreshQuery`).
 */
export const droppedLists = new EventTarget();

/** Drops every cached page of a list, so the pages showing it load it again. */
function reloadLists(cache: Cache, ...fieldNames: string[]): void {
  for (const field of cache.inspectFields("Query")) {
    if (fieldNames.includes(field.fieldName)) cache.invalidate("Query", field.fieldName, field.arguments);
  }
  droppedLists.dispatchEvent(new CustomEvent("dropped", { detail: fieldNames }));
}

/** The entities the cached pages of a list hold (only the pages asked for with `done` as given, if given). */
function listed(cache: Cache, fieldName: string, done?: boolean): Set<string | null> {
  return new Set(
    cache
      .inspectFields("Query")
      .filter((field) => field.fieldName === fieldName && (done === undefined || field.arguments?.done === done))
      .flatMap((field) => {
        const connection = cache.resolve("Query", field.fieldKey) as string | null;
        const edges = connection ? ((cache.resolve(connection, "edges") as string[] | null) ?? []) : [];
        return edges.map((edge) => cache.resolve(edge, "node") as string | null);
      }),
  );
}

/**
 * Whether the cached to-do lists (`actionItems(done: false)`) are out of step with a call's action
 * items: one of them done but still listed, or open but in no list (new, or reopened).
 */
function todoListsMiss(cache: Cache, items: { id: string; done: boolean }[]): boolean {
  const shown = cache
    .inspectFields("Query")
    .some((field) => field.fieldName === "actionItems" && field.arguments?.done === false);
  if (!shown) return false;
  const open = listed(cache, "actionItems", false);
  return items.some((item) => item.done === open.has(cache.keyOfEntity({ __typename: "ActionItem", id: item.id })));
}

function dropCall(cache: Cache, callId: string): void {
  cache.invalidate({ __typename: "Call", id: callId });
  // The to-do list holds the call's action items by reference: reloaded without them.
  reloadLists(cache, "actionItems");
}

export const cacheConfig: CacheExchangeOpts = {
  keys: { ...Object.fromEntries(EMBEDDED_TYPES.map((type) => [type, embedded])), Settings: () => "settings" },
  updates: {
    Subscription: {
      // A call no cached list holds is new: the lists it belongs at the top of are reloaded. A listed
      // call's changes reach every page showing it through the normalized cache alone.
      callUpdated(result, _args, cache) {
        const call = result.callUpdated as { id: string; actionItems?: { id: string; done: boolean }[] } | undefined;
        if (call && !listed(cache, "calls").has(cache.keyOfEntity({ __typename: "Call", id: call.id }))) {
          reloadLists(cache, "calls");
        }
        // Selected by the to-do page: an item done or added anywhere changes its list and its count.
        if (call?.actionItems && todoListsMiss(cache, call.actionItems)) reloadLists(cache, "actionItems");
      },
      callDeleted(result, _args, cache) {
        if (typeof result.callDeleted === "string") dropCall(cache, result.callDeleted);
      },
    },
    Mutation: {
      deleteCall(result, _args, cache) {
        const payload = result.deleteCall as { deletedCallId?: string } | undefined;
        if (payload?.deletedCallId) dropCall(cache, payload.deletedCallId);
      },
      completeActionItem(_result, _args, cache) {
        reloadLists(cache, "actionItems");
      },
      reopenActionItem(_result, _args, cache) {
        reloadLists(cache, "actionItems");
      },
      createKnowledgeEntry(_result, _args, cache) {
        reloadLists(cache, "knowledgeEntries");
      },
      deleteKnowledgeEntry(_result, _args, cache) {
        reloadLists(cache, "knowledgeEntries");
      },
      // The answer is a new entry, and it closes every open gap that asked the same question.
      answerKnowledgeGap(_result, _args, cache) {
        reloadLists(cache, "knowledgeEntries", "knowledgeGaps");
      },
      setCallerRule(_result, _args, cache) {
        reloadLists(cache, "callerRules");
      },
      removeCallerRule(result, _args, cache) {
        const payload = result.removeCallerRule as { removedCallerRuleId?: string } | undefined;
        // Calls hold the rule by reference: they show none once it is gone.
        if (payload?.removedCallerRuleId)
          cache.invalidate({ __typename: "CallerRule", id: payload.removedCallerRuleId });
        reloadLists(cache, "callerRules");
      },
      // Its calls are dropped one by one through `callDeleted`; what else held the number goes too.
      eraseCaller(_result, _args, cache) {
        reloadLists(cache, "callerRules", "callers", "callerData", "knowledgeGaps");
      },
      createNotificationChannel(_result, _args, cache) {
        reloadLists(cache, "notificationChannels");
      },
      deleteNotificationChannel(result, _args, cache) {
        const payload = result.deleteNotificationChannel as { deletedNotificationChannelId?: string } | undefined;
        if (payload?.deletedNotificationChannelId) {
          cache.invalidate({ __typename: "NotificationChannel", id: payload.deletedNotificationChannelId });
        }
        reloadLists(cache, "notificationChannels");
      },
    },
  },
};
