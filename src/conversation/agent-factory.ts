import type Anthropic from "@anthropic-ai/sdk";
import type { CallAgent, CallContext, CallerFacts } from "./agent.js";
import { ClaudeAgent, type ClaudeAgentOptions } from "./claude-agent.js";
import { FailoverAgent } from "./failover-agent.js";
import { createOfflineAgent } from "./offline-agent.js";
import { buildSystemPrompt, greetingFor, type SecretarySettings } from "./system-prompt.js";

export interface AgentFactoryOptions {
  /** Absent when there is no ANTHROPIC_API_KEY: every call gets the offline secretary. */
  claude: { client: Anthropic; model: string } | undefined;
  settings: SecretarySettings;
  canTransfer: boolean;
  timing: ClaudeAgentOptions["timing"];
  reportingSent?: ClaudeAgentOptions["reportingSent"];
}

/** `onFailover`: Claude could not answer a turn, and the offline secretary answers it. */
export type AgentFactory = (caller: CallerFacts, onFailover: (error: unknown) => void) => CallAgent;

/** Claude with the offline secretary as failover, or the offline secretary alone. */
export function createAgentFactory(options: AgentFactoryOptions): AgentFactory {
  return (caller, onFailover) => {
    const context: CallContext = {
      ...caller,
      ownerName: options.settings.ownerName,
      businessName: options.settings.businessName,
      // After an unanswered transfer, offering another would ring the owner in a loop.
      canTransfer: options.canTransfer && !caller.ownerUnavailable,
    };
    if (!options.claude) return createOfflineAgent(context, { takingOver: false });
    const primary = new ClaudeAgent({
      client: options.claude.client,
      model: options.claude.model,
      systemPrompt: buildSystemPrompt(options.settings, context, greetingFor(options.settings, caller)),
      canTransfer: context.canTransfer,
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
