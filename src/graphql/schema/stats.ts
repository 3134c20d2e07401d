import { callStats, SHORT_HANG_UP_SECONDS } from "../../calls/call-stats.js";
import { builder } from "../builder.js";
import { Urgency } from "./call.js";

const CallsOnDay = builder.simpleObject("CallsOnDay", {
  fields: (t) => ({
    day: t.string({ description: "A UTC date, YYYY-MM-DD." }),
    calls: t.int(),
  }),
});

const IntentCount = builder.simpleObject("IntentCount", {
  fields: (t) => ({ intent: t.string(), calls: t.int() }),
});

const UrgencyCount = builder.simpleObject("UrgencyCount", {
  fields: (t) => ({ urgency: t.field({ type: Urgency }), calls: t.int() }),
});

const LatencyPercentiles = builder.simpleObject("LatencyPercentiles", {
  description: "Milliseconds from the caller's words to the first word of the reply; null without data.",
  fields: (t) => ({ p50: t.float({ nullable: true }), p95: t.float({ nullable: true }) }),
});

const CallStats = builder.simpleObject("CallStats", {
  fields: (t) => ({
    totalCalls: t.int({
      description: "Every call, whatever it was: realCalls + blockedCalls + spamCalls + shortHangUps.",
    }),
    realCalls: t.int({
      description: "Calls from people with business with the owner: not blocked, not spam, not a short hang-up.",
    }),
    blockedCalls: t.int({ description: "Calls from blocked numbers, rejected unanswered (status BLOCKED)." }),
    spamCalls: t.int({
      description:
        "Calls the post-call analysis took for a sales pitch, a scam or a robocall (`spam`), blocked ones aside.",
    }),
    shortHangUps: t.int({
      description: `Calls, neither blocked nor spam, over in under ${SHORT_HANG_UP_SECONDS} seconds that the secretary neither ended nor transferred: the caller hung up (end reason CALLER_HUNG_UP), or the call never reached the secretary (missed, no end reason). A call still in progress has no duration and is not one.`,
    }),
    afterHoursCalls: t.int({
      description: "Calls that came in outside opening hours (`afterHours`), whatever kind they were.",
    }),
    totalDurationSeconds: t.int(),
    averageDurationSeconds: t.float({ nullable: true }),
    callsPerDay: t.field({ type: [CallsOnDay] }),
    topIntents: t.field({ type: [IntentCount], description: "The ten most frequent intents." }),
    urgencyCounts: t.field({ type: [UrgencyCount] }),
    firstTokenLatencyMs: t.field({ type: LatencyPercentiles }),
  }),
});

builder.queryFields((t) => ({
  stats: t.field({
    type: CallStats,
    description: "Figures over the calls started in [since, until); both bounds optional.",
    args: {
      since: t.arg({ type: "DateTime", required: false }),
      until: t.arg({ type: "DateTime", required: false }),
    },
    resolve: (_parent, args, context) =>
      callStats(context.prisma, { since: args.since ?? undefined, until: args.until ?? undefined }),
  }),
}));
