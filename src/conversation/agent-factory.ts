import type Anthropic from "@anthropic-ai/sdk";
import type { BusinessSettings } from "../business/settings.js";
import type { CallAgent, CallContext, CallerFacts } from "./agent.js";
import { ClaudeAgent, type ClaudeAgentOptions } from "./claude-agent.js";
import { FailoverAgent } from "./failover-agent.js";
import { createOfflineAgent } from "./offline-agent.js";
import { welcomeGreeting } from "./spoken-lines.js";
import { buildSystemPrompt } from "./system-prompt.js";

export interface AgentFactoryOptions {
  /** Absent when there is no ANTHROPIC_API_KEY: every call gets the offline secretary. */
  claude: { client: Anthropic; model: string } | undefined;
  timing: ClaudeAgentOptions["timing"];
  reportingSent?: ClaudeAgentOptions["reportingSent"];
}

/**
 * `business`: the owner's settings as the call started. `onFailover`: Claude could not answer a
 * turn, and the offline secretary answers it.
 */
export type AgentFactory = (
  caller: CallerFacts,
  business: BusinessSettings,
  onFailover: (error: unknown) => void,
) => CallAgent;

/** Claude with the offline secretary as failover, or the offline secretary alone. */
export function createAgentFactory(options: AgentFactoryOptions): AgentFactory {
  return (caller, business, onFailover) => {
    const context: CallContext = {
      ...caller,
      ownerName: business.ownerName,
      businessName: business.businessName,
      // After an unanswered transfer, offering another would ring the owner in a loop.
      canTransfer: Boolean(business.ownerPhone) && !caller.ownerUnavailable,
    };
    if (!options.claude) return createOfflineAgent(context, { takingOver: false });
    const { language } = business.voice;
    const otherLanguages = business.voice.otherLanguages.filter((other) => other !== language);
    const primary = new ClaudeAgent({
      client: options.claude.client,
      model: options.claude.model,
      systemPrompt: buildSystemPrompt(
        {
          businessName: business.businessName,
          ownerName: business.ownerName,
          instructions: business.instructions ?? undefined,
          language,
          otherLanguages,
        },
        context,
        welcomeGreeting(business, caller.knownCallerName),
      ),
      canTransfer: context.canTransfer,
      languages: [language, ...otherLanguages],
      timing: options.timing,
      reportingSent: options.reportingSent,
    });
    return new FailoverAgent({
      primary,
      createFallback: () => createOfflineAgent(context, { takingOver: true }),
      onFailover,
    });
  };
}
