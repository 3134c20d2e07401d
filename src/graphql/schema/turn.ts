import { $Enums } from "@prisma/client";
import { GraphQLError } from "graphql";
import { builder } from "../builder.js";
import { perEventLoads } from "../per-event.js";
import type { CallRef } from "../pubsub.js";
import { type CallEnd, transcriptUntilCallOver } from "../transcript-subscription.js";
import { callIdFrom } from "./call.js";

export const TurnRole = builder.enumType($Enums.TurnRole, {
  name: "TurnRole",
  description:
    "Who spoke: the CALLER, or the ASSISTANT (the secretary); OWNER is a note from the owner to the secretary during the call (`guideCall`), which the caller never hears.",
});

const TurnKind = builder.enumType($Enums.TurnKind, {
  name: "TurnKind",
  description:
    "SPEECH, DTMF for keys pressed on the keypad, or SMS for a text message the secretary sent to the caller's phone (`text` is the message).",
});

builder.prismaObject("Turn", {
  description: "One utterance on a call.",
  fields: (t) => ({
    id: t.exposeID("id"),
    seq: t.exposeInt("seq", { description: "Position in the call, from 1." }),
    role: t.expose("role", { type: TurnRole }),
    kind: t.expose("kind", { type: TurnKind }),
    text: t.exposeString("text", {
      description: "What was said; for an interrupted reply, only what the caller heard.",
    }),
    interrupted: t.exposeBoolean("interrupted", {
      description:
        "The reply was cut short: the caller talked over it, or it broke off (Claude failed mid-reply, and the next turn is the scripted secretary's).",
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    firstTokenMs: t.exposeInt("firstTokenMs", {
      nullable: true,
      description: "Assistant turns: ms from the caller's words to the first word of the reply.",
    }),
    responseMs: t.exposeInt("responseMs", { nullable: true, description: "Assistant turns: ms to the whole reply." }),
  }),
});

const TranscriptEvent = builder.simpleObject("TranscriptEvent", {
  description:
    "A live change to a call's transcript: a caller's turn, a note of the owner's (role OWNER, `guideCall`), or an assistant turn as it streams (`text` is the turn so far, `delta` what this event added), closed by an event with `final: true`. A turn already closed may have its text replaced by a later event: a reply the caller cut in on (`interrupted: true`), or a caller's turn in which a card number they finished in a later turn began (that part becomes `[card number]`; the stored turn is corrected the same way shortly after).",
  fields: (t) => ({
    turnId: t.id(),
    role: t.field({ type: TurnRole }),
    kind: t.field({ type: TurnKind }),
    text: t.string(),
    delta: t.string(),
    final: t.boolean(),
    interrupted: t.boolean(),
  }),
});

const callEndPerEvent = perEventLoads<CallRef, CallEnd | null>();

builder.subscriptionFields((t) => ({
  transcript: t.field({
    type: TranscriptEvent,
    description:
      "The live transcript of one call. Load the turns so far with `call`, then subscribe; events may repeat a turn already loaded (match on `turnId`). Completes once the call is over (at once for a call already over); a call that does not exist is an error (NOT_FOUND).",
    args: { callId: t.arg.id({ required: true }) },
    subscribe: async (_parent, args, context) => {
      const callId = callIdFrom(args.callId);
      const readEnd = () =>
        context.prisma.call.findUnique({
          where: { id: callId },
          select: { endedAt: true, status: true, endReason: true },
        });
      // After each change, whether the call is over is read once for all who watch its transcript.
      const events = await transcriptUntilCallOver(context.pubSub, callId, (update) =>
        update ? callEndPerEvent(update, callId, readEnd) : readEnd(),
      );
      if (!events) throw new GraphQLError("No such call", { extensions: { code: "NOT_FOUND" } });
      return events;
    },
    resolve: (event) => ({ ...event, kind: event.kind ?? "SPEECH" }),
  }),
}));
