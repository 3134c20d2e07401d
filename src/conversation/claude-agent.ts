import type Anthropic from "@anthropic-ai/sdk";
import type {
  ContentBlockParam,
  MessageParam,
  RawMessageStreamEvent,
  StopReason,
  TextBlockParam,
  ToolResultBlockParam,
  ToolUseBlockParam,
} from "@anthropic-ai/sdk/resources/messages";
import type { TranscriptLine } from "../calls/transcript.js";
import type { Metrics } from "../metrics/metrics.js";
import { type CallAgent, type ReplyEvent, ReplyStalledError } from "./agent.js";
import { claudeErrorKind, ReplyCutOffError } from "./claude-errors.js";
import { toClaudeMessages } from "./claude-messages.js";
import { type ClaudeRequest, MessagesStreamer, StreamStop } from "./claude-stream.js";
import { secretaryTools, type ToolOptions, type ToolOutcome, useTool } from "./claude-tools.js";
import { languageName } from "./spoken-lines.js";
import { StreamDeadlines, type StreamTiming } from "./stream-deadlines.js";

export interface ClaudeAgentOptions {
  /** The SDK's client, as settled from the configuration: its base URL and key (claude-stream.ts). */
  client: Pick<Anthropic, "baseURL" | "apiKey" | "authToken">;
  /**
   * How the streamed requests go out: keepAliveRequest in app.ts, which says when a request has
   * been written, so that the stream's deadlines count from there rather than include the time it
   * waited in this process.
   */
  request: ClaudeRequest;
  model: string;
  /** The system blocks (system-prompt.ts), the same on every request of the call. */
  systemPrompt: TextBlockParam[];
  tools: ToolOptions;
  /** When a round counts as stalled: no first token, no next token, or no end in time. */
  timing: StreamTiming;
  /** Where each round's time to first token, and each failed request, is counted. */
  metrics: Pick<Metrics, "claudeFirstToken" | "claudeFailed">;
}

// Enough for a spoken reply of a few sentences; a runaway answer is cut rather than read out for minutes.
const MAX_REPLY_TOKENS = 400;
// Tool rounds in one reply (e.g. search the knowledge base, take a message, then confirm it); more
// would be a loop.
const MAX_TOOL_ROUNDS = 4;

/** Answers with Claude, streaming text deltas as they arrive. */
export class ClaudeAgent implements CallAgent {
  readonly kind = "claude" as const;
  private readonly claude: MessagesStreamer;

  /** What the call speaks now: the first of the tools' `languages` until switch_language changes it. */
  private language: string;
  /** The system prompt in the language switched to, kept while it lasts, so that it is serialised once. */
  private switched: { language: string; blocks: TextBlockParam[] } | undefined;

  constructor(private readonly options: ClaudeAgentOptions) {
    this.claude = new MessagesStreamer(options.client, options.request, {
      model: options.model,
      maxTokens: MAX_REPLY_TOKENS,
      tools: secretaryTools(options.tools),
    });
    this.language = options.tools.languages[0] ?? "";
  }

  async reply(
    history: readonly TranscriptLine[],
    signal: AbortSignal,
    out: (event: ReplyEvent) => void,
  ): Promise<void> {
    const messages: MessageParam[] = toClaudeMessages(history);
    for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
      const { content, stopReason } = await this.streamRound(messages, signal, out);
      if (signal.aborted || stopReason !== "tool_use") return;

      const results: ToolResultBlockParam[] = [];
      let finished = false;
      for (const block of content) {
        if (block.type !== "tool_use") continue;
        // The caller talked over the reply: what is left of it is not acted on.
        if (signal.aborted) return;
        const outcome = await this.useTool(block.name, block.input, out);
        finished ||= outcome.finishes;
        results.push({
          type: "tool_result",
          tool_use_id: block.id,
          content: outcome.result,
          is_error: outcome.isError,
        });
      }
      if (finished || signal.aborted) return;
      messages.push({ role: "assistant", content }, { role: "user", content: results });
    }
  }

  /** Uses a tool, and follows the call into the language a switch_language moved it to. */
  private async useTool(name: string, input: unknown, out: (event: ReplyEvent) => void): Promise<ToolOutcome> {
    const tool = useTool(name, input, this.options.tools);
    for (;;) {
      const next = await tool.next();
      if (next.done) return next.value;
      if (next.value.type === "switchLanguage") this.language = next.value.language;
      out(next.value);
    }
  }

  /**
   * The instructions, and after a switch_language the language the call speaks now: a block of its
   * own after the others, so that the cached head stays the same.
   */
  private systemPrompt(): TextBlockParam[] {
    if (this.language === this.options.tools.languages[0]) return this.options.systemPrompt;
    if (this.switched?.language !== this.language) {
      const name = languageName(this.language);
      const blocks: TextBlockParam[] = [
        ...this.options.systemPrompt,
        { type: "text", text: `The call has switched to ${name}: speak only ${name} from now on.` },
      ];
      this.switched = { language: this.language, blocks };
    }
    return this.switched.blocks;
  }

  /**
   * One streamed request; hands on its text as it comes and returns the full content. Throws
   * ReplyStalledError when a deadline of the stream is missed (see StreamDeadlines).
   */
  private async streamRound(
    messages: MessageParam[],
    signal: AbortSignal,
    out: (event: ReplyEvent) => void,
  ): Promise<{ content: ContentBlockParam[]; stopReason: StopReason | null }> {
    // A missed deadline stops the round, not the reply: the reply's signal is for the caller's barge-in.
    const stop = new StreamStop();
    const deadlines = new StreamDeadlines(this.options.timing, () => stop.stop());
    const reply = new ReplyAssembler();
    try {
      const options = { signal, stop, onRequestSent: () => deadlines.sent() };
      await this.claude.stream(this.systemPrompt(), messages, options, (event) => {
        // (The pings that keep a quiet stream open are left out: they are not the model answering.)
        deadlines.heard(event.type === "content_block_delta");
        const text = reply.add(event);
        if (text) out({ type: "text", text });
      });
      return reply.finish();
    } catch (caught) {
      if (signal.aborted) return { content: [], stopReason: null };
      const error = deadlines.missed ? new ReplyStalledError(`Claude stalled: ${deadlines.missed}`) : caught;
      this.options.metrics.claudeFailed(claudeErrorKind(error));
      throw error;
    } finally {
      deadlines.stop();
      if (deadlines.firstTokenMs !== undefined) this.options.metrics.claudeFirstToken(deadlines.firstTokenMs);
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
    if (!this.complete) throw new ReplyCutOffError("the reply stream ended before message_stop");
    const content = this.blocks.filter(Boolean).map((block): ContentBlockParam => {
      if (block.type !== "tool_use") return block;
      const { json: _json, ...toolUse } = block;
      return toolUse;
    });
    return { content, stopReason: this.stopReason };
  }
}
