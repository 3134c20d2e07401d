import type Anthropic from "@anthropic-ai/sdk";
import type { Tool } from "@anthropic-ai/sdk/resources/messages";
import { Urgency } from "@prisma/client";
import { z } from "zod";
import { type CallAnalysis, callAnalysisSchema } from "./call-analysis.js";
import type { TranscriptLine } from "./transcript.js";

const ANALYSIS_TOOL = "record_call_analysis";

const analysisTool: Tool = {
  name: ANALYSIS_TOOL,
  description: "Record the analysis of a finished phone call for the business owner.",
  input_schema: {
    type: "object",
    properties: {
      summary: { type: "string", description: "Two or three sentences: who called, what they want, what was agreed." },
      intent: {
        type: "string",
        description: "The caller's purpose as a short lowercase label, e.g. 'reschedule appointment'.",
      },
      urgency: { type: "string", enum: Object.values(Urgency), description: "How soon the owner should act." },
      callerName: { type: ["string", "null"], description: "The caller's name if they gave it, else null." },
      actionItems: {
        type: "array",
        items: { type: "string" },
        description:
          "Concrete things the owner should do, each one sentence with names and numbers, leaving out what a message recorded during the call already asks. Empty if none.",
      },
      spam: {
        type: "boolean",
        description:
          "True for a sales pitch nobody asked for, a scam or a robocall (a recorded message, 'press 1'); false for anyone with real business with the owner.",
      },
    },
    required: ["summary", "intent", "urgency", "callerName", "actionItems", "spam"],
  },
};

export interface AnalysisInput {
  history: readonly TranscriptLine[];
  callerPhone: string;
  businessName: string;
  ownerName: string;
  /** Messages the secretary already took during the call; the analysis should not repeat them. */
  messagesTaken: string[];
}

/** Who each line of the transcript is from, as the analysis reads it. */
const SPEAKERS: Record<TranscriptLine["role"], string> = {
  CALLER: "Caller",
  ASSISTANT: "Secretary",
  OWNER: "Owner (a note to the secretary during the call, not heard by the caller)",
};

/**
 * Post-call analysis by Claude with forced tool use: the answer arrives as a JSON object checked
 * against a schema, never as prose to parse.
 */
export async function analyzeWithClaude(client: Anthropic, model: string, input: AnalysisInput): Promise<CallAnalysis> {
  const transcript = input.history.map((line) => `${SPEAKERS[line.role]}: ${line.text}`).join("\n");
  const taken = input.messagesTaken.length
    ? `\n\nMessages already recorded during the call; they are on the owner's to-do list, so do not repeat them as action items:\n${input.messagesTaken.map((m) => `- ${m}`).join("\n")}`
    : "";
  const message = await client.messages.create({
    model,
    max_tokens: 1024,
    system: `You analyse phone calls answered by the AI secretary of ${input.businessName} for ${input.ownerName}. Be factual: only what was said. A sales pitch, a scam or a robocall is spam: its urgency is LOW and it has no action items.`,
    tools: [analysisTool],
    tool_choice: { type: "tool", name: ANALYSIS_TOOL },
    messages: [
      {
        role: "user",
        content: `Caller's number: ${input.callerPhone || "unknown"}\n\nTranscript:\n${transcript}${taken}`,
      },
    ],
  });
  const toolUse = message.content.find((block) => block.type === "tool_use" && block.name === ANALYSIS_TOOL);
  if (toolUse?.type !== "tool_use") throw new Error("Claude did not return the analysis tool call");
  const parsed = callAnalysisSchema.safeParse(toolUse.input);
  if (!parsed.success) throw new Error(`Claude's analysis did not match the schema: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
