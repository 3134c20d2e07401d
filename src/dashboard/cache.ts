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

/** Drops every cached page of a list, so the pages showing it load it again. */
function reloadLists(cache: Cache, ...fieldNames: string[]): void {
  for (const field of cache.inspectFields("Query")) {
    if (fieldNames.includes(field.fieldName)) cache.invalidate("Query", field.fieldName, field.arguments);
  }
}

/** Whether any cached page of a list holds the entity. */
function listsHold(cache: Cache, fieldName: string, key: string | null): boolean {
  return cache.inspectFields("Query").some((field) => {
    if (field.fieldName !== fieldName) return false;
    const connection = cache.resolve("Query", field.fieldKey) as string | null;
    const edges = connection ? ((cache.resolve(connection, "edges") as string[] | null) ?? []) : [];
    return edges.some((edge) => cache.resolve(edge, "node") === key);
  });
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
        const call = result.callUpdated as { id: string } | undefined;
        if (call && !listsHold(cache, "calls", cache.keyOfEntity({ __typename: "Call", id: call.id }))) {
          reloadLists(cache, "calls");
        }
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
    },
  },
};
