import type Anthropic from "@anthropic-ai/sdk";
import type {
  ContentBlockParam,
  MessageParam,
  RawMessageStreamEvent,
  StopReason,
  TextBlockParam,
  Tool,
  ToolResultBlockParam,
  ToolUseBlockParam,
} from "@anthropic-ai/sdk/resources/messages";
import { z } from "zod";
import type { TranscriptLine } from "../calls/transcript.js";
import { type CallAgent, type ReplyEvent, ReplyStalledError } from "./agent.js";
import { toClaudeMessages } from "./claude-messages.js";
import { languageName } from "./spoken-lines.js";
import { StreamDeadlines, type StreamTiming } from "./stream-deadlines.js";

const takeMessageInput = z.object({
  message: z.string().min(1),
  caller_name: z.string().optional(),
  callback_number: z.string().optional(),
});
const reasonInput = z.object({ reason: z.string().default("") });
const languageInput = z.object({ language: z.string() });

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
    input_schema: {
      type: "object",
      properties: { reason: { type: "string", description: reason } },
      required: ["reason"],
    },
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

/** Offered when the call may change language: the one it started in, and the others allowed. */
function switchLanguageTool(languages: readonly string[]): Tool {
  return {
    name: "switch_language",
    description:
      "Switch the call to the language the caller speaks: from then on they hear your words spoken, and are understood, in it. Then answer in that language.",
    input_schema: {
      type: "object",
      properties: { language: { type: "string", enum: [...languages], description: "The language's code." } },
      required: ["language"],
    },
  };
}

type ClaudeRequestOptions = NonNullable<Parameters<Anthropic["messages"]["create"]>[1]>;
/** What one request to Claude may pass on to the SDK's `fetch`. */
export type ClaudeFetchOptions = NonNullable<ClaudeRequestOptions["fetchOptions"]>;

export interface ClaudeAgentOptions {
  client: Anthropic;
  model: string;
  systemPrompt: string;
  canTransfer: boolean;
  /** BCP-47: the language the call starts in, then the others it may switch to. */
  languages: readonly string[];
  /** When a round counts as stalled: no first token, no next token, or no end in time. */
  timing: StreamTiming;
  /**
   * Fetch options for one request under which the HTTP client calls `onSent` once the request has
   * been written (app.ts wires keepAliveFetch's): the deadlines then count from there. Without it
   * they count from the moment the request is made, time it waits in this process included.
   */
  reportingSent?: ((onSent: () => void) => ClaudeFetchOptions) | undefined;
}

// Enough for a spoken reply of a few sentences; a runaway answer is cut rather than read out for minutes.
const MAX_REPLY_TOKENS = 400;
// Tool rounds in one reply (e.g. take a message, then confirm it); more would be a loop.
const MAX_TOOL_ROUNDS = 3;

/** Answers with Claude, streaming text deltas as they arrive. */
export class ClaudeAgent implements CallAgent {
  readonly kind = "claude" as const;
  private readonly tools: Tool[];
  /** What the call speaks now: the first of `languages` until switch_language changes it. */
  private language: string;

  constructor(private readonly options: ClaudeAgentOptions) {
    this.language = options.languages[0] ?? "";
    this.tools = [
      takeMessageTool,
      endCallTool,
      ...(options.canTransfer ? [transferTool] : []),
      ...(options.languages.length > 1 ? [switchLanguageTool(options.languages)] : []),
    ];
  }

  async *reply(history: readonly TranscriptLine[], signal: AbortSignal): AsyncIterable<ReplyEvent> {
    const messages: MessageParam[] = toClaudeMessages(history);
    for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
      const { content, stopReason } = yield* this.streamRound(messages, signal);
      if (signal.aborted || stopReason !== "tool_use") return;

      const results: ToolResultBlockParam[] = [];
      let finished = false;
      for (const block of content) {
        if (block.type !== "tool_use") continue;
        const outcome =
          block.name === "switch_language" ? this.switchLanguage(block.input) : toolOutcome(block.name, block.input);
        if (outcome.event) yield outcome.event;
        finished ||= outcome.finishes;
        results.push({
          type: "tool_result",
          tool_use_id: block.id,
          content: outcome.result,
          is_error: outcome.isError,
        });
      }
      if (finished) return;
      messages.push({ role: "assistant", content }, { role: "user", content: results });
    }
  }

  /** The instructions, and after a switch_language the language the call speaks now. */
  private systemPrompt(): string {
    if (this.language === this.options.languages[0]) return this.options.systemPrompt;
    const name = languageName(this.language);
    return `${this.options.systemPrompt}\n\nThe call has switched to ${name}: speak only ${name} from now on.`;
  }

  private switchLanguage(input: unknown): ToolOutcome {
    const language = languageInput.safeParse(input).data?.language;
    if (!language || !this.options.languages.includes(language)) {
      const allowed = this.options.languages.join(", ");
      return { result: `The language must be one of ${allowed}.`, isError: true, finishes: false };
    }
    this.language = language;
    return {
      event: { type: "switchLanguage", language },
      result: `Switched. Answer in ${languageName(language)}.`,
      isError: false,
      finishes: false,
    };
  }

  /**
   * One streamed request; yields text as it comes and returns the full content. Throws
   * ReplyStalledError when a deadline of the stream is missed (see StreamDeadlines).
   */
  private async *streamRound(messages: MessageParam[], signal: AbortSignal) {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    const deadlines = new StreamDeadlines(this.options.timing, () => controller.abort());
    const reportingSent = this.options.reportingSent;
    try {
      // The raw event stream rather than `messages.stream()`: that helper rebuilds a snapshot of the
      // whole message on every token, which is most of the SDK's cost per token and is not needed here.
      const stream = await this.options.client.messages.create(
        {
          model: this.options.model,
          max_tokens: MAX_REPLY_TOKENS,
          system: this.systemPrompt(),
          messages,
          tools: this.tools,
          stream: true,
        },
        { signal: controller.signal, ...(reportingSent && { fetchOptions: reportingSent(() => deadlines.sent()) }) },
      );
      const reply = new ReplyAssembler();
      for await (const event of stream) {
        // (The SDK drops the pings that keep a quiet stream open: they are not the model answering.)
        deadlines.heard(event.type === "content_block_delta");
        const text = reply.add(event);
        if (text) yield { type: "text", text } satisfies ReplyEvent;
      }
      return reply.finish();
    } catch (error) {
      if (signal.aborted) return { content: [], stopReason: null };
      if (deadlines.missed) throw new ReplyStalledError(`Claude stalled: ${deadlines.missed}`);
      throw error;
    } finally {
      deadlines.stop();
      signal.removeEventListener("abort", onAbort);
    }
  }
}

type AssembledBlock = TextBlockParam | (ToolUseBlockParam & { json: string });

/** Builds the reply's content blocks from the stream's events, as the next request needs them. */
class ReplyAssembler {
  private readonly blocks: AssembledBlock[] = [];
  private stopReason: StopReason | null = null;
  private complete = false;

  /** Returns the words the event adds, if any. */
  add(event: RawMessageStreamEvent): string | undefined {
    switch (event.type) {
      case "content_block_start": {
        const block = event.content_block;
        if (block.type === "text") this.blocks[event.index] = { type: "text", text: block.text };
        else if (block.type === "tool_use")
          this.blocks[event.index] = { type: "tool_use", id: block.id, name: block.name, input: {}, json: "" };
        return block.type === "text" ? block.text : undefined;
      }
      case "content_block_delta": {
        const block = this.blocks[event.index];
        if (event.delta.type === "text_delta" && block?.type === "text") {
          block.text += event.delta.text;
          return event.delta.text;
        }
        if (event.delta.type === "input_json_delta" && block?.type === "tool_use")
          block.json += event.delta.partial_json;
        return undefined;
      }
      case "content_block_stop": {
        const block = this.blocks[event.index];
        if (block?.type === "tool_use") block.input = block.json ? JSON.parse(block.json) : {};
        return undefined;
      }
      case "message_delta":
        this.stopReason = event.delta.stop_reason ?? this.stopReason;
        return undefined;
      case "message_stop":
        this.complete = true;
        return undefined;
      default:
        return undefined;
    }
  }

  finish(): { content: ContentBlockParam[]; stopReason: StopReason | null } {
    // A connection that drops mid-reply ends the event stream without an error.
    if (!this.complete) throw new Error("the reply stream ended before message_stop");
    const content = this.blocks.filter(Boolean).map((block): ContentBlockParam => {
      if (block.type !== "tool_use") return block;
      const { json: _json, ...toolUse } = block;
      return toolUse;
    });
    return { content, stopReason: this.stopReason };
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
