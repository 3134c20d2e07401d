// The fake Claude of `bench:calls`, timed from the inside: when each caller's request reached it and
// when it wrote the first text delta. That interval is the fake's real time to first token
// (including its own timer lateness), which the bench takes off each turn.
import diagnostics_channel from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeAnthropic, FakeReply } from "../../test/support/fake-anthropic.js";
import { QUIET_ANALYSIS } from "./fixtures.js";
import { monotonicMs } from "./measure.js";

/** In monotonicMs(), comparable with the callers' timestamps. */
export interface FakeTiming {
  arrivedAt: number;
  firstDeltaAt: number;
  requests: number;
}

/**
 * Answers every streamed request with `reply`, and records, per caller prompt, when the request
 * reached the fake and when its first text delta was written. `stop` ends the recording.
 */
export function timeFakeReplies(
  fake: FakeAnthropic,
  reply: FakeReply,
): { timings: Map<string, FakeTiming>; stop(): void } {
  const timings = new Map<string, FakeTiming>();
  // The fake calls the responder and writes `message_start` in the same tick, so the next
  // response to write anything is the one this prompt belongs to.
  let promptOfNextStream: string | undefined;
  fake.respondWith((body) => {
    // Post-call analyses (not streamed, not measured): a valid analysis keeps the secretary's worker quiet.
    if (body.stream !== true) return QUIET_ANALYSIS;
    const last = body.messages.at(-1);
    promptOfNextStream = last?.role === "user" && typeof last.content === "string" ? last.content : undefined;
    return reply;
  });
  // The fake's HTTP server is internal to it; its requests are observed through Node's HTTP
  // diagnostics channel instead (the only HTTP server in this process is the fake).
  const onRequest = (message: unknown) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (request.method !== "POST" || !request.url?.startsWith("/v1/messages")) return;
    // The fake keeps every request it answered, for tests; nothing here reads them, and at a
    // thousand calls with 20 KB prompts they would be most of this process's memory.
    fake.requests.length = 0;
    const arrivedAt = monotonicMs();
    let bound = false;
    let prompt: string | undefined;
    let timed = false;
    const write = response.write;
    response.write = function (this: ServerResponse, ...args: unknown[]) {
      if (!bound) {
        bound = true;
        prompt = promptOfNextStream;
        promptOfNextStream = undefined;
      }
      const [chunk] = args;
      if (
        !timed &&
        prompt !== undefined &&
        typeof chunk === "string" &&
        chunk.startsWith("event: content_block_delta")
      ) {
        timed = true;
        const previous = timings.get(prompt);
        timings.set(prompt, { arrivedAt, firstDeltaAt: monotonicMs(), requests: (previous?.requests ?? 0) + 1 });
      }
      return (write as (...a: unknown[]) => boolean).apply(this, args);
    } as ServerResponse["write"];
  };
  diagnostics_channel.subscribe("http.server.request.start", onRequest);
  return { timings, stop: () => diagnostics_channel.unsubscribe("http.server.request.start", onRequest) };
}
