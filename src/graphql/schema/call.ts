import { queryFromInfo } from "@pothos/plugin-prisma";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { $Enums, type Call as CallRow } from "@prisma/client";
import { type FieldNode, GraphQLError, type GraphQLObjectType, type GraphQLResolveInfo } from "graphql";
import {
  type CallColumns,
  type CallListFilter,
  callColumnsOf,
  countCalls,
  EVERY_CALL_COLUMN,
  listCalls,
} from "../../calls/call-list.js";
import { keptRecording } from "../../calls/call-recordings.js";
import { normalizeTypedPhoneNumber } from "../../spoken/phone-numbers.js";
import { builder } from "../builder.js";
import { resolveCallPage } from "../call-page.js";
import type { GraphQLContext } from "../context.js";
import { databaseId } from "../global-id.js";
import { perEventLoads } from "../per-event.js";
import { type CallRef, subscribeAllCalls } from "../pubsub.js";
import { selectedNodeColumns } from "../selected-columns.js";
import { CallerRule } from "./caller-rule.js";

export const CallStatus = builder.enumType($Enums.CallStatus, {
  name: "CallStatus",
  description:
    "The call's progress as Twilio reports it: RINGING, IN_PROGRESS, then one of the final statuses COMPLETED, BUSY, NO_ANSWER, CANCELED or FAILED. BLOCKED: the number was blocked (see `setCallerRule`) and the call rejected unanswered, with no conversation and no analysis.",
});

export const Urgency = builder.enumType($Enums.Urgency, {
  name: "Urgency",
  description: "How soon the owner should act on a call, from the post-call analysis.",
});

const AnalysisState = builder.enumType($Enums.AnalysisState, {
  name: "AnalysisState",
  description: "Where the post-call analysis stands. FAILED carries the reason in `analysisError`.",
});

const HandledBy = builder.enumType($Enums.HandledBy, {
  name: "HandledBy",
  description:
    "Who answered: CLAUDE when Claude answered every turn; OFFLINE when the scripted secretary answered the whole call (no API key) or at least one of its turns (Claude failed on that turn).",
});

const EndReason = builder.enumType($Enums.EndReason, {
  name: "EndReason",
  description:
    "Why the call's last session ended. After CONNECTION_LOST the call may resume; after TRANSFERRED_TO_OWNER it comes back if the owner does not answer. NO_END_REPORTED: nothing was heard of the call for a long time and it was closed at its last sign of life.",
});

const Recording = builder.simpleObject("Recording", {
  description:
    "The call's audio, recorded while `recordCalls` was on: both sides, one channel each. Deleted with the call (at Twilio too).",
  fields: (t) => ({
    durationSeconds: t.int({ nullable: true }),
    url: t.string({
      description:
        "Where the owner listens to it (MP3; byte ranges for seeking): this server's `/recordings/{call ID}`, with the API token as `Authorization: Bearer`.",
    }),
  }),
});

export const Call = builder.prismaNode("Call", {
  id: { field: "id" },
  fields: (t) => ({
    callSid: t.exposeString("callSid", { description: "Twilio's CallSid." }),
    from: t.exposeString("from", { description: "The caller's number." }),
    to: t.exposeString("to", { description: "The number that was called." }),
    status: t.expose("status", { type: CallStatus }),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    durationSeconds: t.exposeInt("durationSeconds", { nullable: true }),
    callerName: t.exposeString("callerName", { nullable: true }),
    summary: t.exposeString("summary", { nullable: true }),
    intent: t.exposeString("intent", { nullable: true }),
    urgency: t.expose("urgency", { type: Urgency, nullable: true }),
    notes: t.exposeString("notes", { nullable: true, description: "The owner's own notes on the call." }),
    handledBy: t.expose("handledBy", { type: HandledBy }),
    stirVerstat: t.exposeString("stirVerstat", {
      nullable: true,
      description:
        "Twilio's STIR/SHAKEN verdict on the caller ID (e.g. TN-Validation-Passed-A); null when the call carried none. A failed one (TN-Validation-Failed-*, No-TN-Validation) had the caller screened first.",
    }),
    afterHours: t.exposeBoolean("afterHours", { description: "The call came in outside opening hours." }),
    spam: t.exposeBoolean("spam", {
      description: "The post-call analysis took it for a sales pitch, a scam or a robocall.",
    }),
    callerRule: t.field({
      type: CallerRule,
      nullable: true,
      description: "The owner's rule for the caller's number as it stands now (BLOCK, VIP), if any.",
      select: { from: true },
      // Prisma batches the findUniques of one tick into one query: a page of calls costs one.
      resolve: (call, _args, context) => context.prisma.callerRule.findUnique({ where: { phone: call.from } }),
    }),
    endReason: t.expose("endReason", { type: EndReason, nullable: true }),
    analysisState: t.expose("analysisState", { type: AnalysisState }),
    analysisError: t.exposeString("analysisError", { nullable: true }),
    analyzedAt: t.expose("analyzedAt", { type: "DateTime", nullable: true }),
    caller: t.relation("caller", { nullable: true }),
    turns: t.relation("turns", { description: "What was said, in order.", query: { orderBy: { seq: "asc" } } }),
    actionItems: t.relation("actionItems", { query: { orderBy: { createdAt: "asc" } } }),
    recording: t.field({
      type: Recording,
      nullable: true,
      description: "The call's recording, once Twilio has it complete; null when the call was not recorded.",
      select: { id: true, callSid: true },
      resolve: async (call, _args, context) => {
        const recording = await keptRecording(context.prisma, call.callSid);
        if (!recording) return null;
        const callId = encodeGlobalID("Call", call.id);
        return { durationSeconds: recording.durationSeconds, url: `${context.publicUrl}/recordings/${callId}` };
      },
    }),
  }),
});

/** One connection type for every list of calls (`Query.calls`, `Caller.calls`), so a frontend has one shape to render. */
export const CallConnection = builder.connectionObject(
  {
    type: Call,
    name: "CallConnection",
    fields: (t) => ({
      totalCount: t.int({
        description:
          "How many calls the list has over all its pages (with its filter, if any), exactly, and cheap at any size of the call log: `Query.calls` with no filter, or a filter on `status`, `urgency`, `afterHours` and `spam` only, reads it from a tally the database keeps in step with the calls, in the same transactions; a filter on `intent`, `phone`, `since` or `until` counts the calls it keeps through an index (about 1 ms per 10,000 of them); a caller's `calls` counts that caller's.",
        // Tells the Prisma plugin (a caller's `calls`) this is the count, so a query asking for nothing else loads no rows.
        extensions: { pothosPrismaTotalCount: true },
        resolve: ({ totalCount }) => {
          if (totalCount === undefined) throw new Error("This call list has no totalCount loader");
          return typeof totalCount === "function" ? totalCount() : totalCount;
        },
      }),
    }),
  },
  { name: "CallEdge" },
);

const CallFilter = builder.inputType("CallFilter", {
  fields: (t) => ({
    status: t.field({ type: [CallStatus], required: false, description: "Any of these statuses." }),
    phone: t.string({ required: false, description: "The caller's or the called number." }),
    intent: t.string({ required: false, description: "Exact intent label, case-insensitive." }),
    urgency: t.field({ type: [Urgency], required: false, description: "Any of these urgencies." }),
    afterHours: t.boolean({
      required: false,
      description: "Only calls that came in outside opening hours (true), or inside them (false).",
    }),
    spam: t.boolean({ required: false, description: "Only spam (true), or only calls that are not (false)." }),
    since: t.field({ type: "DateTime", required: false, description: "Started at or after." }),
    until: t.field({ type: "DateTime", required: false, description: "Started before." }),
  }),
});

export const callIdFrom = (globalId: string | number) => databaseId("Call", globalId);

/** The call list's filter as `Query.calls` takes it (bench/search.ts EXPLAINs the statements it makes). */
export function callListFilter(filter: typeof CallFilter.$inferInput | null | undefined): CallListFilter {
  if (!filter) return {};
  const phone = filter.phone ? normalizeTypedPhoneNumber(filter.phone) : undefined;
  return {
    ...(filter.status?.length ? { status: filter.status } : {}),
    ...(filter.urgency?.length ? { urgency: filter.urgency } : {}),
    ...(typeof filter.afterHours === "boolean" ? { afterHours: filter.afterHours } : {}),
    ...(typeof filter.spam === "boolean" ? { spam: filter.spam } : {}),
    ...(filter.intent ? { intent: filter.intent.trim() } : {}),
    ...(phone ? { phone } : {}),
    ...(filter.since ? { since: filter.since } : {}),
    ...(filter.until ? { until: filter.until } : {}),
  };
}

// A client sends the same few documents again and again, parsed once (Yoga's cache): the columns
// their `calls` and `searchCalls` fields read are worked out once per field of a document.
const listColumns = new WeakMap<FieldNode, CallColumns>();

/** The columns of "Call" the nodes of this connection of calls (`calls`, `searchCalls`) read. */
export function callListColumns(info: GraphQLResolveInfo): CallColumns {
  const [field] = info.fieldNodes;
  const known = field && info.fieldNodes.length === 1 ? listColumns.get(field) : undefined;
  if (known) return known;
  const selected = selectedNodeColumns(info, info.schema.getType("Call") as GraphQLObjectType);
  const columns = selected ? callColumnsOf(selected) : EVERY_CALL_COLUMN;
  if (field && info.fieldNodes.length === 1) listColumns.set(field, columns);
  return columns;
}

builder.queryFields((t) => ({
  calls: t.connection(
    {
      type: Call,
      description: "Calls, newest first.",
      args: { filter: t.arg({ type: CallFilter, required: false }) },
      resolve: (_parent, args, context, info) => {
        const filter = callListFilter(args.filter);
        return resolveCallPage(args, {
          page: (page) => listCalls(context.driverQuery, filter, page, callListColumns(info)),
          count: () => countCalls(context.driverQuery, filter),
        });
      },
    },
    CallConnection,
  ),
  call: t.prismaField({
    type: "Call",
    nullable: true,
    description: "One call, or null if there is none with this ID.",
    args: { callId: t.arg.id({ required: true }) },
    resolve: (query, _parent, args, context) =>
      context.prisma.call.findUnique({ ...query, where: { id: callIdFrom(args.callId) } }),
  }),
}));

/** A mutation payload's `call`, loaded with what the client selected under it. */
export function payloadCall(context: GraphQLContext, info: GraphQLResolveInfo, id: string) {
  return context.prisma.call.findUniqueOrThrow({ ...queryFromInfo({ context, info, path: ["call"] }), where: { id } });
}

builder.relayMutationField(
  "updateCallNotes",
  {
    inputFields: (t) => ({
      callId: t.id({ required: true }),
      notes: t.string({ required: false, description: "The new notes; null or blank clears them." }),
    }),
  },
  {
    description: "Sets the owner's notes on a call (null clears them).",
    resolve: async (_parent, { input }, context, info) => {
      const id = callIdFrom(input.callId);
      await context.ownerEdits.setNotes(id, input.notes);
      return { call: await payloadCall(context, info, id) };
    },
  },
  { outputFields: (t) => ({ call: t.field({ type: Call, resolve: (payload) => payload.call }) }) },
);

builder.relayMutationField(
  "reanalyzeCall",
  { inputFields: (t) => ({ callId: t.id({ required: true }) }) },
  {
    description: "Runs the post-call analysis again (e.g. after it FAILED, or with a better model).",
    resolve: async (_parent, { input }, context, info) => {
      const id = callIdFrom(input.callId);
      await context.ownerEdits.requestReanalysis(id);
      return { call: await payloadCall(context, info, id) };
    },
  },
  {
    outputFields: (t) => ({
      call: t.field({
        type: Call,
        description: "The call, its analysis PENDING again.",
        resolve: (payload) => payload.call,
      }),
    }),
  },
);

builder.relayMutationField(
  "deleteCall",
  { inputFields: (t) => ({ callId: t.id({ required: true }) }) },
  {
    description:
      "Erases a call with its turns and action items (a caller's right to erasure). A caller left with no calls is erased too.",
    resolve: async (_parent, { input }, context) => {
      await context.ownerEdits.eraseCall(callIdFrom(input.callId));
      return { deletedCallId: String(input.callId) };
    },
  },
  {
    outputFields: (t) => ({
      deletedCallId: t.id({
        description: "The global ID of the erased call.",
        resolve: (payload) => payload.deletedCallId,
      }),
    }),
  },
);

/** Each change to a call is read once for all the subscribers that selected the same fields. */
const callPerEvent = perEventLoads<CallRef, CallRow | null>();

builder.subscriptionFields((t) => ({
  callUpdated: t.prismaField({
    type: "Call",
    description:
      "Fires when a call starts, changes status, ends, its analysis starts or lands, or the owner edits it (all calls).",
    subscribe: (_parent, _args, context) => subscribeAllCalls(context.pubSub, "call:updated"),
    resolve: async (query, event: CallRef, _args, context) => {
      const call = await callPerEvent(event, JSON.stringify(query), () =>
        context.prisma.call.findUnique({ ...query, where: { id: event.callId } }),
      );
      if (!call) throw new GraphQLError("The call was deleted", { extensions: { code: "NOT_FOUND" } });
      return call;
    },
  }),
  callDeleted: t.field({
    type: "ID",
    description:
      "The global ID of a call just erased (all calls): by `deleteCall`, `eraseCaller` or the retention period (`retentionDays`), so a list kept up to date from `callUpdated` can drop it.",
    subscribe: (_parent, _args, context) => subscribeAllCalls(context.pubSub, "call:deleted"),
    resolve: (event: CallRef) => encodeGlobalID("Call", event.callId),
  }),
}));
