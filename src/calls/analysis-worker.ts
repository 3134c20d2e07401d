import type { Call } from "@prisma/client";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import { WorkLoop } from "../work-loop.js";
import type { AnalysisQueue } from "./analysis-queue.js";
import type { CallAnalysis } from "./call-analysis.js";
import type { CallEvents } from "./call-events.js";
import type { CallStore } from "./call-store.js";
import type { MissedCallTextBack } from "./missed-call-text-back.js";
import { type TranscriptLine, transcriptLineOf } from "./transcript.js";
import type { WriteQueue } from "./write-queue.js";

export interface CallToAnalyse {
  callId: string;
  callerPhone: string;
  callerName: string | undefined;
  history: TranscriptLine[];
  messagesTaken: string[];
}

export type Analyze = (call: CallToAnalyse) => Promise<CallAnalysis>;

export interface AnalysisWorkerOptions {
  queue: AnalysisQueue;
  /** For the sweep of calls left open (see CallStore.closeAbandonedCalls). */
  store: CallStore;
  writes: WriteQueue;
  events: CallEvents;
  logger: Logger;
  metrics: Pick<Metrics, "analysisFailed">;
  analyze: Analyze;
  /** Texts a caller who hung up before saying anything, when texting is set up. */
  textBack?: MissedCallTextBack | undefined;
  pollMs: number;
  /** A call still open with nothing heard of it for this long is closed and analysed (see CallStore.closeAbandonedCalls). */
  abandonedAfterMs: number;
  /** A claimed analysis not finished by then is taken over by another worker (its process died). */
  leaseMs?: number;
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt. */
  retryBaseMs?: number;
}

/**
 * Runs the post-call analyses the queue holds (AnalysisQueue: durable, shared by every process),
 * one at a time; a failure is recorded on the call and retried with backoff rather than swallowed.
 */
export class AnalysisWorker {
  private readonly loop: WorkLoop;
  private nextSweepAt = 0;

  constructor(private readonly options: AnalysisWorkerOptions) {
    this.loop = new WorkLoop(() => this.runDue(), options.pollMs);
  }

  start(): void {
    this.loop.start();
  }

  /** Looks for due work now rather than at the next poll. */
  kick(): void {
    this.loop.kick();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async runDue(): Promise<void> {
    const { queue, store, events, logger } = this.options;
    try {
      // Once per poll interval, not on every kick: kicks come with every call that changes.
      if (Date.now() >= this.nextSweepAt) {
        this.nextSweepAt = Date.now() + this.options.pollMs;
        for (const callId of await store.closeAbandonedCalls(this.options.abandonedAfterMs)) {
          logger.warn(
            { callId },
            "closed a call still open with no sign of life: its session's process stopped, and no final status came from Twilio",
          );
          events.callChanged(callId);
        }
      }
      for (;;) {
        if (this.loop.stopped) return;
        const callId = await queue.claimDue(this.options.leaseMs ?? 120_000);
        if (!callId) return;
        await this.analyse(callId);
      }
    } catch (error) {
      logger.error({ err: error }, "analysis worker could not read its queue");
    }
  }

  private async analyse(callId: string): Promise<void> {
    const { queue, writes, events, logger } = this.options;
    const log = logger.child({ callId });
    let attempts = 1;
    // Claimed (RUNNING): the owner watching the call sees its analysis under way, not only when it lands.
    events.callChanged(callId);
    try {
      const first = await queue.load(callId);
      attempts = first.analysisAttempts;
      // Turns still queued in this process belong in the analysis.
      await writes.idle(first.callSid);
      const call = await queue.load(callId);
      const history = call.turns.map(transcriptLineOf);
      const callerSpoke = history.some((line) => line.role === "CALLER");
      if (!callerSpoke) await this.options.textBack?.afterSilentCall(call);
      const analysis = callerSpoke
        ? await this.options.analyze({
            callId,
            callerPhone: call.from,
            callerName: call.callerName ?? undefined,
            history,
            messagesTaken: call.actionItems.map((item) => item.description),
          })
        : silentCallAnalysis(call);
      await queue.complete(callId, analysis, { missed: !callerSpoke && !wasPutThrough(call) });
      log.info({ urgency: analysis.urgency }, "call analysed");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const maxAttempts = this.options.maxAttempts ?? 5;
      const retryAt =
        attempts < maxAttempts
          ? new Date(Date.now() + (this.options.retryBaseMs ?? 30_000) * 2 ** (attempts - 1))
          : undefined;
      this.options.metrics.analysisFailed(retryAt === undefined);
      log.warn(
        { err: error, attempts, retryAt },
        retryAt ? "call analysis failed; will retry" : "call analysis failed for good",
      );
      await queue.fail(callId, message, retryAt).catch((writeError: unknown) => {
        log.error({ err: writeError }, "could not record the analysis failure");
      });
    }
    events.callChanged(callId);
  }
}

/**
 * A call in which the caller said nothing to the secretary needs no model to describe it: a
 * missed call, a hang-up, or a VIP's put straight through to the owner (no session ever opened).
 */
function silentCallAnalysis(call: Pick<Call, "status" | "from" | "endReason" | "sessionCount">): CallAnalysis {
  const who = call.from || "An unknown number";
  const putThrough = wasPutThrough(call);
  const summary = putThrough
    ? `${who} called and was put straight through to the owner's phone.`
    : call.status === "COMPLETED" || call.status === "IN_PROGRESS"
      ? `${who} called and hung up without saying anything.`
      : `Missed call from ${who} (${call.status.toLowerCase().replace("_", " ")}).`;
  return {
    summary,
    intent: putThrough ? "put through to the owner" : "no message left",
    urgency: "LOW",
    callerName: null,
    actionItems: [],
    spam: false,
  };
}

/** A VIP's call put straight through to the owner: the owner took it, nobody missed it. */
function wasPutThrough(call: Pick<Call, "endReason" | "sessionCount">): boolean {
  return call.endReason === "TRANSFERRED_TO_OWNER" && call.sessionCount === 0;
}
