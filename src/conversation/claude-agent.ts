import type Anthropic from "@anthropic-ai/sdk";
import type { MessageParam, Tool, ToolResultBlockParam } from "@anthropic-ai/sdk/resources/messages";
import { z } from "zod";
import type { CallAgent, HistoryEntry, ReplyEvent } from "./agent.js";
import { toClaudeMessages } from "./history.js";

const takeMessageInput = z.object({
  message: z.string().min(1),
  caller_name: z.string().optional(),
  callback_number: z.string().optional(),
});
const reasonInput = z.object({ reason: z.string().default("") });

const takeMessageTool: Tool = {
  name: "take_message",
  description:
    "Save a message for the owner: what the caller wants, in one or two sentences, with their name and callback number when known. It becomes an action item the owner sees.",
  input_schema: {
    type: "object",
    properties: {
      message: { type: "string", description: "What the caller wants the owner to know or do." },
      caller_name: { type: "string", description: "The caller's name, if they gave it." },
      callback_number: { type: "string", description: "Best number to call back, if given." },
    },
    required: ["message"],
  },
};

/** A tool that only needs a reason: ending or handing over the call. */
function reasonTool(name: string, description: string, reason: string): Tool {
  return {
    name,
    description,
    input_schema: { type: "object", properties: { reason: { type: "string", description: reason } }, required: ["reason"] },
  };
}

const endCallTool = reasonTool(
  "end_call",
  "Hang up after your goodbye has been spoken. Use only when the caller is done.",
  "Why the call is ending, in a few words.",
);

const transferTool = reasonTool(
  "transfer_to_owner",
  "Put the caller through to the owner's phone after telling them you are doing so.",
  "Why the caller needs the owner now.",
);

export class ClaudeUnavailableError extends Error {
  override name = "ClaudeUnavailableError";
}

export interface ClaudeAgentOptions {
  client: Anthropic;
  model: string;
  systemPrompt: string;
  canTransfer: boolean;
  /** Abort and report the model unavailable when it has not started answering by then. */
  firstTokenTimeoutMs: number;
}

// Enough for a spoken reply of a few sentences; a runaway answer is cut rather than read out for minutes.
const MAX_REPLY_TOKENS = 400;
// Tool rounds in one reply (e.g. take a message, then confirm it); more would be a loop.
const MAX_TOOL_ROUNDS = 3;

/** Answers with Claude, streaming text deltas as they arrive. */
export class ClaudeAgent implements CallAgent {
  readonly kind = "claude" as const;
  private readonly tools: Tool[];

  constructor(private readonly options: ClaudeAgentOptions) {
    this.tools = [takeMessageTool, endCallTool, ...(options.canTransfer ? [transferTool] : [])];
  }

  async *reply(history: readonly HistoryEntry[], signal: AbortSignal): AsyncIterable<ReplyEvent> {
    const messages: MessageParam[] = toClaudeMessages(history);
    for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
      const { content, stopReason } = yield* this.streamRound(messages, signal, round === 0);
      if (signal.aborted || stopReason !== "tool_use") return;

      const results: ToolResultBlockParam[] = [];
      let finished = false;
      for (const block of content) {
        if (block.type !== "tool_use") continue;
        const outcome = toolOutcome(block.name, block.input);
        if (outcome.event) yield outcome.event;
        finished ||= outcome.finishes;
        results.push({ type: "tool_result", tool_use_id: block.id, content: outcome.result, is_error: outcome.isError });
      }
      if (finished) return;
      messages.push({ role: "assistant", content }, { role: "user", content: results });
    }
  }

  /** One streamed request; yields text as it comes and returns the full content. */
  private async *streamRound(messages: MessageParam[], signal: AbortSignal, mustStartInTime: boolean) {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer = mustStartInTime
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, this.options.firstTokenTimeoutMs)
      : undefined;
    try {
      const stream = this.options.client.messages.stream(
        {
          model: this.options.model,
          max_tokens: MAX_REPLY_TOKENS,
          system: this.options.systemPrompt,
          messages,
          tools: this.tools,
        },
        { signal: controller.signal },
      );
      for await (const event of stream) {
        // The first delta (words, or a tool's input) is the model answering; a block start alone is not.
        if (event.type === "content_block_delta") clearTimeout(timer);
        if (event.type === "content_block_delta" && event.delta.type === "text_delta" && event.delta.text) {
          yield { type: "text", text: event.delta.text } satisfies ReplyEvent;
        }
      }
      const message = await stream.finalMessage();
      return { content: message.content, stopReason: message.stop_reason };
    } catch (error) {
      if (signal.aborted) return { content: [], stopReason: null };
      if (timedOut) throw new ClaudeUnavailableError(`no first token within ${this.options.firstTokenTimeoutMs} ms`);
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    }
  }
}

interface ToolOutcome {
  event?: ReplyEvent;
  result: string;
  isError: boolean;
  /** The call is ending or being transferred: no further model round. */
  finishes: boolean;
}

function toolOutcome(name: string, input: unknown): ToolOutcome {
  if (name === "take_message") {
    const parsed = takeMessageInput.safeParse(input);
    if (!parsed.success) return { result: "The message needs a `message` text.", isError: true, finishes: false };
    const { message, caller_name, callback_number } = parsed.data;
    return {
      event: { type: "takeMessage", message, callerName: caller_name, callbackNumber: callback_number },
      result: "Saved. The owner will see it.",
      isError: false,
      finishes: false,
    };
  }
  if (name === "end_call" || name === "transfer_to_owner") {
    const reason = reasonInput.safeParse(input).data?.reason ?? "";
    const type = name === "end_call" ? "end" : "transfer";
    return { event: { type, reason }, result: "Done.", isError: false, finishes: true };
  }
  return { result: `There is no tool called ${name}.`, isError: true, finishes: false };
}
