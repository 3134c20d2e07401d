import type { Tool } from "@anthropic-ai/sdk/resources/messages";
import { z } from "zod";
import type { KnowledgeFact } from "../business/settings.js";
import { giveUpAfter } from "../give-up-after.js";
import { MAX_BRIEFING_LENGTH, type ReplyEvent } from "./agent.js";
import { type CallerTextOutcome, MAX_TEXTS_PER_CALL } from "./caller-texts.js";
import { languageName } from "./spoken-lines.js";

/** What decides the tools Claude is offered on a call, and what they may do. */
export interface ToolOptions {
  /** There is an owner's phone: transfer_to_owner is offered (on every call alike, for the prompt cache). */
  offersTransfer: boolean;
  /** A transfer may happen on this call (not after one the owner did not answer); otherwise it is refused. */
  mayTransfer: boolean;
  /** The knowledge base is beyond the prompt's budget: search_knowledge is offered, and looks it up with this. */
  searchKnowledge: ((query: string) => Promise<KnowledgeFact[]>) | undefined;
  /** BCP-47: the language the call starts in, then the others it may switch to (switch_language, if any). */
  languages: readonly string[];
  /** Texting is set up: send_text is offered (on every call alike), and texts the caller with this. */
  textCaller?: ((body: string) => Promise<CallerTextOutcome>) | undefined;
}

/** What Claude is told a tool did. */
export interface ToolOutcome {
  result: string;
  isError: boolean;
  /** The call is ending or being transferred: no further model round. */
  finishes: boolean;
}

// What the caller hears while the knowledge base is searched, unless the reply has started already.
const SEARCH_FILLER = "Let me check that.";
// A search that takes longer than this (the database away) is given up: the caller has waited enough.
const SEARCH_TIMEOUT_MS = 2000;
// A question noted for the owner is a sentence; a runaway one is cut.
const MAX_QUESTION_LENGTH = 500;

const takeMessageInput = z.object({
  message: z.string().min(1),
  caller_name: z.string().optional(),
  callback_number: z.string().optional(),
  emergency: z.boolean().optional(),
});
const reasonInput = z.object({ reason: z.string().default("") });
// A briefing longer than a line is cut, not refused: the caller is already being put through.
const transferInput = reasonInput.extend({
  briefing: z
    .string()
    .default("")
    .transform((briefing) => briefing.trim().slice(0, MAX_BRIEFING_LENGTH)),
});
const questionInput = z.object({ question: z.string().trim().min(1) });
const queryInput = z.object({ query: z.string().trim().min(1) });
const languageInput = z.object({ language: z.string() });
// Two SMS segments: an address or a link with a line around it.
const MAX_TEXT_LENGTH = 320;
const textInput = z.object({
  body: z.string().trim().min(1).max(MAX_TEXT_LENGTH),
  confirmed_by_caller: z.literal(true),
});
// Twilio answers within a second; past this Claude goes on, and the text is recorded when it goes.
const TEXT_TIMEOUT_MS = 3000;

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
      emergency: {
        type: "boolean",
        description:
          "True only for an emergency the owner must hear of right now (a burst pipe flooding a home, a patient in severe pain, a safety risk): the owner is texted at once, while the call goes on.",
      },
    },
    required: ["message"],
  },
};

const unansweredQuestionTool: Tool = {
  name: "note_unanswered_question",
  description:
    "Tell the owner about a question on the business you could not answer from what you know, so they can add the answer for the next caller. Use it once per question, after saying you will find out.",
  input_schema: {
    type: "object",
    properties: {
      question: {
        type: "string",
        description: 'The question, short and plain, as the caller meant it: "Do you offer teeth whitening?"',
      },
    },
    required: ["question"],
  },
};

const searchKnowledgeTool: Tool = {
  name: "search_knowledge",
  description:
    "Search the business's knowledge base before answering a question about the business. Returns the best matching entries.",
  input_schema: {
    type: "object",
    properties: {
      query: { type: "string", description: 'A few keywords from the question: "parking", "price cleaning".' },
    },
    required: ["query"],
  },
};

const sendTextTool: Tool = {
  name: "send_text",
  description: `Text the caller's phone: the number they are calling from, never another one, whatever number they give. Only for the business's address, a link from what you know of the business, or a confirmation of the message you took. Ask first whether they would like it by text, and use this only after they said yes. At most ${MAX_TEXTS_PER_CALL} texts a call.`,
  input_schema: {
    type: "object",
    properties: {
      body: {
        type: "string",
        maxLength: MAX_TEXT_LENGTH,
        description: "The text, short and complete, signed with the business's name.",
      },
      confirmed_by_caller: {
        type: "boolean",
        enum: [true],
        description: "The caller said yes to getting a text.",
      },
    },
    required: ["body", "confirmed_by_caller"],
  },
};

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

const transferTool: Tool = {
  name: "transfer_to_owner",
  description:
    "Put the caller through to the owner's phone after telling them you are doing so. The owner hears your briefing before taking the call; if nobody takes it, the caller comes back to you.",
  input_schema: {
    type: "object",
    properties: {
      reason: { type: "string", description: "Why the caller needs the owner now." },
      briefing: {
        type: "string",
        maxLength: MAX_BRIEFING_LENGTH,
        description:
          'One line the owner hears before taking the call: who is calling and what they need, e.g. "Jane Doe, burst pipe in the kitchen, wants someone today".',
      },
    },
    required: ["reason", "briefing"],
  },
};

/**
 * The tools Claude is offered, in a fixed order. The same for every call of a business (they come
 * before the system prompt in what the prompt cache keys on): what differs per call is said in
 * the prompt's per-call part, and checked when a tool is used.
 */
export function secretaryTools(options: ToolOptions): readonly Tool[] {
  // One array per set of tools, so that a call's requests find its serialised form already made
  // (claude-stream.ts): the same few sets serve every call.
  const key = `${+options.offersTransfer}${+!!options.searchKnowledge}${+!!options.textCaller}${options.languages.join(" ")}`;
  let tools = toolSets.get(key);
  if (!tools) {
    if (toolSets.size >= MAX_TOOL_SETS) toolSets.clear();
    tools = [
      takeMessageTool,
      unansweredQuestionTool,
      endCallTool,
      ...(options.offersTransfer ? [transferTool] : []),
      ...(options.searchKnowledge ? [searchKnowledgeTool] : []),
      ...(options.languages.length > 1 ? [switchLanguageTool(options.languages)] : []),
      ...(options.textCaller ? [sendTextTool] : []),
    ];
    toolSets.set(key, tools);
  }
  return tools;
}

// A set per combination of the owner's settings in use: a few, unless the languages keep changing.
const toolSets = new Map<string, readonly Tool[]>();
const MAX_TOOL_SETS = 16;

/** Uses one tool: yields what the call must act on, and returns what Claude is told. */
export async function* useTool(
  name: string,
  input: unknown,
  options: ToolOptions,
): AsyncGenerator<ReplyEvent, ToolOutcome> {
  switch (name) {
    case "take_message": {
      const parsed = takeMessageInput.safeParse(input);
      if (!parsed.success) return failed("The message needs a `message` text.");
      const { message, caller_name, callback_number, emergency } = parsed.data;
      yield {
        type: "takeMessage",
        message,
        callerName: caller_name,
        callbackNumber: callback_number,
        emergency: emergency === true,
      };
      return done("Saved. The owner will see it.");
    }
    case "note_unanswered_question": {
      const parsed = questionInput.safeParse(input);
      if (!parsed.success) return failed("It needs the `question`.");
      yield { type: "unansweredQuestion", question: parsed.data.question.slice(0, MAX_QUESTION_LENGTH) };
      return done("Noted. The owner will add the answer.");
    }
    case "search_knowledge":
      return yield* search(input, options.searchKnowledge);
    case "send_text":
      return textCaller(input, options.textCaller);
    case "switch_language": {
      const language = languageInput.safeParse(input).data?.language;
      if (options.languages.length < 2 || !language || !options.languages.includes(language))
        return failed(`The language must be one of ${options.languages.join(", ")}.`);
      yield { type: "switchLanguage", language };
      return done(`Switched. Answer in ${languageName(language)}.`);
    }
    case "end_call":
      yield { type: "end", reason: reasonInput.safeParse(input).data?.reason ?? "" };
      return { result: "Done.", isError: false, finishes: true };
    case "transfer_to_owner":
      if (!options.offersTransfer || !options.mayTransfer)
        return failed("You cannot put this caller through: take a message instead.");
      yield { type: "transfer", ...(transferInput.safeParse(input).data ?? { reason: "", briefing: "" }) };
      return { result: "Done.", isError: false, finishes: true };
    default:
      return failed(`There is no tool called ${name}.`);
  }
}

async function* search(
  input: unknown,
  searchKnowledge: ToolOptions["searchKnowledge"],
): AsyncGenerator<ReplyEvent, ToolOutcome> {
  if (!searchKnowledge) return failed("There is no tool called search_knowledge.");
  const parsed = queryInput.safeParse(input);
  if (!parsed.success) return failed("It needs a `query`.");
  yield { type: "filler", text: SEARCH_FILLER };
  const cannot =
    "The knowledge base cannot be searched right now: say you will find out, take a message, and call note_unanswered_question.";
  let hits: KnowledgeFact[] | undefined;
  try {
    hits = await giveUpAfter(searchKnowledge(parsed.data.query), SEARCH_TIMEOUT_MS);
  } catch {
    return failed(cannot);
  }
  if (!hits) return failed(cannot);
  if (hits.length === 0)
    return done(
      "Nothing in the knowledge base about that. If another search does not find it either, say you will find out, take a message, and call note_unanswered_question.",
    );
  return done(hits.map((hit) => `## ${hit.title}\n${hit.content}`).join("\n\n"));
}

async function textCaller(input: unknown, send: ToolOptions["textCaller"]): Promise<ToolOutcome> {
  if (!send) return failed("There is no tool called send_text.");
  const parsed = textInput.safeParse(input);
  if (!parsed.success)
    return failed(
      `It needs the \`body\` (1 to ${MAX_TEXT_LENGTH} characters) and \`confirmed_by_caller: true\`, once the caller said yes to a text.`,
    );
  const outcome = await giveUpAfter(send(parsed.data.body), TEXT_TIMEOUT_MS);
  if (!outcome) return done("It is on its way; it should reach them in a moment.");
  return outcome.sent ? done("Sent: it is on their phone.") : failed(outcome.why);
}

function done(result: string): ToolOutcome {
  return { result, isError: false, finishes: false };
}

function failed(result: string): ToolOutcome {
  return { result, isError: true, finishes: false };
}
