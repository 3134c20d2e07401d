import type { Cache, CacheExchangeOpts } from "@urql/exchange-graphcache";
import { isLive } from "./live-status";

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
 * loads of one that may be on their way: that answer would land without the change, and nothing in
 * the cache would mark it stale (see late-answers.ts).
 */
export const droppedLists = new EventTarget();

function announceDropped(...fieldNames: string[]): void {
  droppedLists.dispatchEvent(new CustomEvent("dropped", { detail: fieldNames }));
}

/** Drops every cached page of a list, so the pages showing it load it again. */
function reloadLists(cache: Cache, ...fieldNames: string[]): void {
  for (const field of cache.inspectFields("Query")) {
    if (fieldNames.includes(field.fieldName)) cache.invalidate("Query", field.fieldName, field.arguments);
  }
  announceDropped(...fieldNames);
}

/** The entities a cached page of a list (its connection's key) holds. */
function pageNodes(cache: Cache, connection: string | null): string[] {
  const edges = connection ? ((cache.resolve(connection, "edges") as string[] | null) ?? []) : [];
  return edges.map((edge) => cache.resolve(edge, "node") as string | null).filter((node) => node !== null);
}

/** The entities the cached pages of a list hold (only the pages asked for with `done` as given, if given). */
function listed(cache: Cache, fieldName: string, done?: boolean): Set<string> {
  return new Set(
    cache
      .inspectFields("Query")
      .filter((field) => field.fieldName === fieldName && (done === undefined || field.arguments?.done === done))
      .flatMap((field) => pageNodes(cache, cache.resolve("Query", field.fieldKey) as string | null)),
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
  return items.some(
    (item) => item.done === open.has(cache.keyOfEntity({ __typename: "ActionItem", id: item.id }) ?? ""),
  );
}

interface CallFilterArgument {
  status?: string[] | null;
}

/**
 * Whether a call that a cached page of calls does not show may belong on it: its status is one the
 * page's filter asks for (or not known here), and its start falls within the page's span of the
 * newest-first order (above its first call when nothing is newer, below its last when nothing is
 * older). So a call that starts belongs at the top of the first pages, and a live one in the Live
 * list; an old call edited or analysed is below the first page of the log and in no Live list. The
 * other filters (urgency, intent…) are the server's to judge: a call that may match is reloaded for.
 */
function mayBelongOnPage(cache: Cache, callKey: string, field: { fieldKey: string; arguments?: unknown }): boolean {
  const args = (field.arguments ?? {}) as { filter?: CallFilterArgument | null; after?: unknown; before?: unknown };
  const status = cache.resolve(callKey, "status");
  if (typeof status === "string" && args.filter?.status && !args.filter.status.includes(status)) return false;
  const startedAt = cache.resolve(callKey, "startedAt");
  if (typeof startedAt !== "string") return true;
  const connection = cache.resolve("Query", field.fieldKey) as string | null;
  const shown = pageNodes(cache, connection)
    .map((node) => cache.resolve(node, "startedAt"))
    .filter((at): at is string => typeof at === "string")
    .sort();
  const oldest = shown[0];
  const newest = shown.at(-1);
  if (oldest === undefined || newest === undefined) return true;
  const pageInfo = connection ? (cache.resolve(connection, "pageInfo") as string | null) : null;
  const flag = (name: string) => (pageInfo ? cache.resolve(pageInfo, name) : undefined);
  // Paged forward (`first`, `after`), the first page is the top; paged back (`last`, `before`, "Newer"),
  // the top is where nothing is before it, and there are always older calls past its end.
  const top = args.before ? flag("hasPreviousPage") === false : !args.after;
  const end = args.before ? false : flag("hasNextPage") !== true;
  return (startedAt >= oldest || end) && (startedAt <= newest || top);
}

/**
 * Reloads the cached pages of calls a call may belong on and is missing from (a call that starts, a
 * call live again). A page that shows the call gets its changes through the normalized cache alone.
 * A live call is also announced to the loads of calls on their way, which may have been read before it.
 */
function reloadListsMissing(cache: Cache, callId: string): void {
  const callKey = cache.keyOfEntity({ __typename: "Call", id: callId });
  if (!callKey) return;
  let dropped = false;
  for (const field of cache.inspectFields("Query")) {
    if (field.fieldName !== "calls") continue;
    const connection = cache.resolve("Query", field.fieldKey) as string | null;
    if (!connection || pageNodes(cache, connection).includes(callKey) || !mayBelongOnPage(cache, callKey, field)) {
      continue;
    }
    cache.invalidate("Query", field.fieldName, field.arguments);
    dropped = true;
  }
  const status = cache.resolve(callKey, "status");
  if (dropped || typeof status !== "string" || isLive(status)) announceDropped("calls");
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
      // Runs for every event, however many a page's render takes in at once: a call that starts, or is
      // live again, is brought into the lists it belongs on (the Live list among them).
      callUpdated(result, _args, cache) {
        const call = result.callUpdated as { id: string; actionItems?: { id: string; done: boolean }[] } | undefined;
        if (call) reloadListsMissing(cache, call.id);
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
