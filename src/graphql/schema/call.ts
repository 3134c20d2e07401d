import { encodeGlobalID } from "@pothos/plugin-relay";
import type { Prisma } from "@prisma/client";
import { GraphQLError } from "graphql";
import { normalizePhoneNumber } from "../../spoken/phone-numbers.js";
import { builder } from "../builder.js";
import { databaseId } from "../global-id.js";
import { subscribeAllCalls, type CallRef } from "../pubsub.js";

export const CallStatus = builder.enumType("CallStatus", {
  values: ["RINGING", "IN_PROGRESS", "COMPLETED", "BUSY", "NO_ANSWER", "CANCELED", "FAILED"] as const,
});

export const Urgency = builder.enumType("Urgency", {
  description: "How soon the owner should act on a call, from the post-call analysis.",
  values: ["LOW", "NORMAL", "HIGH", "URGENT"] as const,
});

const AnalysisState = builder.enumType("AnalysisState", {
  description: "Where the post-call analysis stands. FAILED carries the reason in `analysisError`.",
  values: ["NOT_STARTED", "PENDING", "RUNNING", "DONE", "FAILED"] as const,
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
    handledBy: t.exposeString("handledBy", {
      description: "`claude`, or `offline` when the scripted secretary answered (no API key, or Claude was down).",
    }),
    endReason: t.exposeString("endReason", { nullable: true }),
    analysisState: t.expose("analysisState", { type: AnalysisState }),
    analysisError: t.exposeString("analysisError", { nullable: true }),
    analyzedAt: t.expose("analyzedAt", { type: "DateTime", nullable: true }),
    caller: t.relation("caller", { nullable: true }),
    turns: t.relation("turns", { description: "What was said, in order.", query: { orderBy: { seq: "asc" } } }),
    actionItems: t.relation("actionItems", { query: { orderBy: { createdAt: "asc" } } }),
  }),
});

const CallFilter = builder.inputType("CallFilter", {
  fields: (t) => ({
    status: t.field({ type: [CallStatus], required: false, description: "Any of these statuses." }),
    phone: t.string({ required: false, description: "The caller's or the called number." }),
    intent: t.string({ required: false, description: "Exact intent label, case-insensitive." }),
    urgency: t.field({ type: [Urgency], required: false, description: "Any of these urgencies." }),
    since: t.field({ type: "DateTime", required: false, description: "Started at or after." }),
    until: t.field({ type: "DateTime", required: false, description: "Started before." }),
  }),
});

export const callIdFrom = (globalId: string | number) => databaseId("Call", globalId);

function callWhere(filter: typeof CallFilter.$inferInput | null | undefined): Prisma.CallWhereInput {
  if (!filter) return {};
  // "+1 (555) 123-4567" and "555-123-4567" both mean +15551234567: the API has no home country of
  // its own, so a number without a country code is read as North American.
  const phone = filter.phone ? normalizePhoneNumber(filter.phone, "+1") : undefined;
  return {
    ...(filter.status?.length ? { status: { in: filter.status } } : {}),
    ...(filter.urgency?.length ? { urgency: { in: filter.urgency } } : {}),
    ...(filter.intent ? { intent: { equals: filter.intent.trim(), mode: "insensitive" } } : {}),
    ...(phone ? { OR: [{ from: phone }, { to: phone }] } : {}),
    ...(filter.since || filter.until
      ? { startedAt: { ...(filter.since ? { gte: filter.since } : {}), ...(filter.until ? { lt: filter.until } : {}) } }
      : {}),
  };
}

builder.queryFields((t) => ({
  calls: t.prismaConnection(
    {
      type: "Call",
      cursor: "id",
      description: "Calls, newest first.",
      args: { filter: t.arg({ type: CallFilter, required: false }) },
      resolve: (query, _parent, args, context) =>
        context.prisma.call.findMany({
          ...query,
          where: callWhere(args.filter),
          orderBy: [{ startedAt: "desc" }, { id: "desc" }],
        }),
      totalCount: (_connection, args, context) => context.prisma.call.count({ where: callWhere(args.filter) }),
    },
    {},
  ),
  call: t.prismaField({
    type: "Call",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _parent, args, context) =>
      context.prisma.call.findUnique({ ...query, where: { id: callIdFrom(args.id) } }),
  }),
}));

const DeleteCallPayload = builder.simpleObject("DeleteCallPayload", {
  fields: (t) => ({
    deletedCallId: t.id({ description: "The global ID of the erased call." }),
  }),
});

builder.mutationFields((t) => ({
  updateCallNotes: t.prismaField({
    type: "Call",
    description: "Sets the owner's notes on a call (null clears them).",
    args: { callId: t.arg.id({ required: true }), notes: t.arg.string({ required: false }) },
    resolve: async (query, _parent, args, context) => {
      const id = callIdFrom(args.callId);
      await context.ownerEdits.setNotes(id, args.notes);
      return context.prisma.call.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  reanalyzeCall: t.prismaField({
    type: "Call",
    description: "Runs the post-call analysis again (e.g. after it FAILED, or with a better model).",
    args: { callId: t.arg.id({ required: true }) },
    resolve: async (query, _parent, args, context) => {
      const id = callIdFrom(args.callId);
      await context.ownerEdits.requestReanalysis(id);
      return context.prisma.call.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  deleteCall: t.field({
    type: DeleteCallPayload,
    description:
      "Erases a call with its turns and action items (a caller's right to erasure). A caller left with no calls is erased too.",
    args: { callId: t.arg.id({ required: true }) },
    resolve: async (_parent, args, context) => {
      await context.ownerEdits.eraseCall(callIdFrom(args.callId));
      return { deletedCallId: String(args.callId) };
    },
  }),
}));

builder.subscriptionFields((t) => ({
  callUpdated: t.prismaField({
    type: "Call",
    description: "Fires when a call starts, changes status, ends, or its analysis lands (all calls).",
    subscribe: (_parent, _args, context) => subscribeAllCalls(context.pubSub, "call:updated"),
    resolve: async (query, event: CallRef, _args, context) => {
      const call = await context.prisma.call.findUnique({ ...query, where: { id: event.callId } });
      if (!call) throw new GraphQLError("The call was deleted", { extensions: { code: "NOT_FOUND" } });
      return call;
    },
  }),
  callDeleted: t.field({
    type: "ID",
    description: "The global ID of a call just erased with `deleteCall` (all calls), so a list kept up to date from `callUpdated` can drop it.",
    subscribe: (_parent, _args, context) => subscribeAllCalls(context.pubSub, "call:deleted"),
    resolve: (event: CallRef) => encodeGlobalID("Call", event.callId),
  }),
}));
