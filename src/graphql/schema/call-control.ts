import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { hasOpenSession } from "../../calls/call-over.js";
import { type CallCommand, MAX_OWNER_NOTE_LENGTH, MAX_SPOKEN_LINE_LENGTH } from "../../conversation/live-calls.js";
import { checkedText } from "../../input-error.js";
import { builder } from "../builder.js";
import type { GraphQLContext } from "../context.js";
import { Call, callIdFrom, payloadCall } from "./call.js";

/**
 * Applies `command` to a live call, through whichever process holds it (call-commands.ts), and
 * returns the call. The input has been checked already; each way the call cannot take the
 * command is an error with its own code, and nothing is done.
 */
async function controlCall(
  context: GraphQLContext,
  info: GraphQLResolveInfo,
  callId: string,
  command: CallCommand,
): Promise<{ call: Awaited<ReturnType<typeof payloadCall>> }> {
  const call = await context.prisma.call.findUnique({
    where: { id: callId },
    select: { callSid: true, sessionCount: true, endReason: true, status: true },
  });
  if (!call) throw new GraphQLError("No such call", { extensions: { code: "NOT_FOUND" } });
  if (!hasOpenSession(call))
    throw new GraphQLError(
      "The call is not live: it is over, or not with the secretary right now (ringing, being put through, or reconnecting).",
      { extensions: { code: "CALL_NOT_LIVE" } },
    );
  if (command.kind === "transfer" && !(await context.settings.read()).settings.ownerPhone)
    throw new GraphQLError("There is no owner phone number in the settings to put the caller through to.", {
      extensions: { code: "NO_OWNER_PHONE" },
    });
  const result = await context.callCommands.send(call.callSid, command);
  if (result === "call-ending")
    throw new GraphQLError("The call is ending: a goodbye or a transfer is already under way.", {
      extensions: { code: "CALL_NOT_LIVE" },
    });
  if (result === "no-answer")
    throw new GraphQLError(
      "The process holding the call did not answer in time (it may have just ended, or stopped); nothing was done.",
      { extensions: { code: "CALL_CONTROL_TIMEOUT" } },
    );
  return { call: await payloadCall(context, info, callId) };
}

const LIVE_ERRORS =
  "Errors: NOT_FOUND (no such call), CALL_NOT_LIVE (the call is over, not with the secretary right now, or already ending), CALL_CONTROL_TIMEOUT (the process holding the call did not answer within 3 s), BAD_USER_INPUT (the input, named in `field`).";

builder.relayMutationField(
  "guideCall",
  {
    inputFields: (t) => ({
      callId: t.id({ required: true }),
      note: t.string({
        required: true,
        description: `What the secretary should know or do, e.g. "Tell her Tuesday 3 pm is fine". At most ${MAX_OWNER_NOTE_LENGTH} characters.`,
      }),
    }),
  },
  {
    description: `A note from the owner to the secretary on a live call: Claude reads it before its next reply. It is kept in the transcript as a turn of role OWNER, and never spoken. ${LIVE_ERRORS}`,
    resolve: (_parent, { input }, context, info) => {
      const callId = callIdFrom(input.callId);
      const note = checkedText(input.note, "note", MAX_OWNER_NOTE_LENGTH);
      return controlCall(context, info, callId, { kind: "guide", note });
    },
  },
  { outputFields: (t) => ({ call: t.field({ type: Call, resolve: (payload) => payload.call }) }) },
);

builder.relayMutationField(
  "sayOnCall",
  {
    inputFields: (t) => ({
      callId: t.id({ required: true }),
      text: t.string({
        required: true,
        description: `The words the caller hears, in the call's language. At most ${MAX_SPOKEN_LINE_LENGTH} characters.`,
      }),
    }),
  },
  {
    description: `The secretary says this line next on a live call: at once, or right after the reply it is giving. ${LIVE_ERRORS}`,
    resolve: (_parent, { input }, context, info) => {
      const callId = callIdFrom(input.callId);
      const text = checkedText(input.text, "text", MAX_SPOKEN_LINE_LENGTH);
      return controlCall(context, info, callId, { kind: "say", text });
    },
  },
  { outputFields: (t) => ({ call: t.field({ type: Call, resolve: (payload) => payload.call }) }) },
);

builder.relayMutationField(
  "transferCall",
  { inputFields: (t) => ({ callId: t.id({ required: true }) }) },
  {
    description: `Puts the caller through to the owner's phone now, as the secretary does when it transfers a call: the caller is told, then the owner's phone rings (an unanswered transfer comes back to the secretary). NO_OWNER_PHONE when the settings have no owner phone number. ${LIVE_ERRORS}`,
    resolve: (_parent, { input }, context, info) =>
      controlCall(context, info, callIdFrom(input.callId), { kind: "transfer" }),
  },
  { outputFields: (t) => ({ call: t.field({ type: Call, resolve: (payload) => payload.call }) }) },
);

builder.relayMutationField(
  "endCall",
  {
    inputFields: (t) => ({
      callId: t.id({ required: true }),
      farewell: t.string({
        required: false,
        description: `The goodbye the caller hears; null: the secretary's own ("Thank you for calling. Goodbye!"). At most ${MAX_SPOKEN_LINE_LENGTH} characters.`,
      }),
    }),
  },
  {
    description: `Ends a live call politely: a reply under way stops, the caller hears the farewell, and the call ends. ${LIVE_ERRORS}`,
    resolve: (_parent, { input }, context, info) => {
      const callId = callIdFrom(input.callId);
      const farewell =
        input.farewell === null || input.farewell === undefined
          ? undefined
          : checkedText(input.farewell, "farewell", MAX_SPOKEN_LINE_LENGTH);
      return controlCall(context, info, callId, { kind: "end", farewell });
    },
  },
  { outputFields: (t) => ({ call: t.field({ type: Call, resolve: (payload) => payload.call }) }) },
);
