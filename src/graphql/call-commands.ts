import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { CallCommand, LiveCalls } from "../conversation/live-calls.js";
import type { Logger } from "../logger.js";
import type { LivePubSub } from "./pubsub.js";

/** What became of a command sent to a live call. */
export type CommandResult =
  /** The session holding the call applied it. */
  | "applied"
  /** The session holding the call refused it: the call is ending (a goodbye or a transfer under way). */
  | "call-ending"
  /** No process answered in time: none holds the call, or the one that does is gone. */
  | "no-answer";

export interface CallCommandTiming {
  /** How long a sender waits for the holder's answer. */
  answerTimeoutMs: number;
  /** How often it sends the command again meanwhile: the pub/sub may lose a message (Redis is at-most-once). */
  resendMs: number;
}

// The answer's timeout is a setting (Timing.callControlTimeoutMs); how often to resend is not.
const RESEND_MS = 1000;
// How long a process remembers what it did with a command, so that a copy sent again is answered,
// not applied twice: well past the sender's last copy.
const REMEMBER_MS = 30_000;

const commandSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("guide"), note: z.string() }),
  z.object({ kind: z.literal("say"), text: z.string() }),
  z.object({ kind: z.literal("transfer") }),
  z.object({ kind: z.literal("end"), farewell: z.string().optional() }),
]);

const commandMessage = z.object({
  /** The command's own id: each copy of it carries the same, and it is applied once. */
  id: z.string().min(1),
  callSid: z.string().min(1),
  /** The process that waits for the answer. */
  replyTo: z.string().min(1),
  command: commandSchema,
});
type CommandMessage = z.infer<typeof commandMessage>;

const answerMessage = z.object({
  id: z.string().min(1),
  result: z.enum(["applied", "call-ending"]),
});
type AnswerMessage = z.infer<typeof answerMessage>;

/**
 * Commands for live calls, between processes. A call's session lives on one process, and the API
 * request about it may reach another: the command goes out on the pub/sub (Redis when set) to
 * every process, the one holding the call (LiveCalls) applies it and answers the sender on a topic
 * of the sender's own. The sender sends it again every `resendMs` until answered, for at most
 * `answerTimeoutMs`; a process answers every copy of a command but applies it once.
 */
export class CallCommands {
  /** This process's name on the answers topic. */
  private readonly processId = randomUUID();
  private readonly timing: CallCommandTiming;
  /** Commands this process sent and waits on, by id. */
  private readonly waiting = new Map<string, (result: CommandResult) => void>();
  /** What this process did with the commands it applied or refused lately, by id, oldest first. */
  private readonly handled = new Map<string, { result: AnswerMessage["result"]; at: number }>();
  private readonly subscriptions: AsyncIterator<unknown>[] = [];

  constructor(
    private readonly pubSub: LivePubSub,
    private readonly liveCalls: LiveCalls,
    private readonly logger: Logger,
    timing: Pick<CallCommandTiming, "answerTimeoutMs"> & Partial<CallCommandTiming>,
  ) {
    this.timing = { resendMs: RESEND_MS, ...timing };
  }

  /** Takes the commands for the calls this process holds, and the answers to the commands it sends. */
  start(): void {
    this.follow(this.pubSub.subscribe("call:command"), (payload) => this.received(payload));
    this.follow(this.pubSub.subscribe("call:command-ack", this.processId), (payload) => this.answered(payload));
  }

  stop(): void {
    for (const subscription of this.subscriptions.splice(0)) void subscription.return?.();
    for (const finish of [...this.waiting.values()]) finish("no-answer");
  }

  /** Sends `command` to whichever process holds the call `callSid`, and resolves with what became of it. */
  send(callSid: string, command: CallCommand): Promise<CommandResult> {
    const message: CommandMessage = { id: randomUUID(), callSid, replyTo: this.processId, command };
    return new Promise((resolve) => {
      const publish = () => {
        try {
          this.pubSub.publish("call:command", message);
        } catch (error) {
          this.logger.warn({ err: error, callSid }, "could not send a command for a live call");
        }
      };
      const resend = setInterval(publish, this.timing.resendMs);
      const timeout = setTimeout(() => finish("no-answer"), this.timing.answerTimeoutMs);
      const finish = (result: CommandResult) => {
        clearInterval(resend);
        clearTimeout(timeout);
        this.waiting.delete(message.id);
        resolve(result);
      };
      this.waiting.set(message.id, finish);
      publish();
    });
  }

  private follow(events: AsyncIterableIterator<unknown>, handle: (payload: unknown) => void): void {
    this.subscriptions.push(events);
    void (async () => {
      for await (const payload of events) handle(payload);
    })();
  }

  private received(payload: unknown): void {
    const parsed = commandMessage.safeParse(payload);
    if (!parsed.success) {
      this.logger.warn("ignored a malformed command for a live call");
      return;
    }
    const { id, callSid, replyTo, command } = parsed.data;
    let result = this.handled.get(id)?.result;
    if (!result) {
      const outcome = this.liveCalls.apply(callSid, command);
      // Not here: another process holds the call, or none does. Only a holder answers.
      if (outcome === "not-held") return;
      result = outcome;
      this.remember(id, result);
    }
    try {
      this.pubSub.publish("call:command-ack", replyTo, { id, result } satisfies AnswerMessage);
    } catch (error) {
      this.logger.warn({ err: error, callSid }, "could not answer a command for a live call");
    }
  }

  private answered(payload: unknown): void {
    const parsed = answerMessage.safeParse(payload);
    // An answer to a command no longer waited on (a copy answered twice, or too late) is dropped.
    if (parsed.success) this.waiting.get(parsed.data.id)?.(parsed.data.result);
  }

  private remember(id: string, result: AnswerMessage["result"]): void {
    const now = Date.now();
    for (const [oldId, { at }] of this.handled) {
      if (now - at < REMEMBER_MS) break;
      this.handled.delete(oldId);
    }
    this.handled.set(id, { result, at: now });
  }
}
