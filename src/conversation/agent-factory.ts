import {
  type BusinessClock,
  businessClock,
  clockSentences,
  describeOpeningHours,
  statusSentence,
} from "../business/opening-hours.js";
import type { BusinessSettings, KnowledgeFact } from "../business/settings.js";
import { transfersNow } from "../business/transfer-policy.js";
import type { Metrics } from "../metrics/metrics.js";
import type { CallAgent, CallContext, CallerFacts } from "./agent.js";
import type { CallerTexts } from "./caller-texts.js";
import { ClaudeAgent, type ClaudeAgentOptions } from "./claude-agent.js";
import { claudeErrorKind } from "./claude-errors.js";
import { FailoverAgent } from "./failover-agent.js";
import { createOfflineAgent } from "./offline-agent.js";
import { welcomeGreeting } from "./spoken-lines.js";
import { buildSystemPrompt, callFacts, knowledgeFitsPrompt } from "./system-prompt.js";

export interface AgentFactoryOptions {
  /** Absent when there is no ANTHROPIC_API_KEY: every call gets the offline secretary. */
  claude: Pick<ClaudeAgentOptions, "client" | "request" | "model"> | undefined;
  /**
   * The knowledge base as this process holds it in memory, read as each call starts: a call never
   * waits on the database for it.
   */
  knowledge: () => readonly KnowledgeFact[];
  /** Searches the knowledge base, for a call whose base is beyond the prompt's budget (search_knowledge). */
  searchKnowledge: (query: string) => Promise<KnowledgeFact[]>;
  timing: ClaudeAgentOptions["timing"];
  metrics: Metrics;
}

/**
 * `business`: the owner's settings as the call started. `onFailover`: Claude could not answer a
 * turn, and the offline secretary answers it. `texts`: the caller may be texted (send_text), when
 * texting is set up.
 */
export type AgentFactory = (
  caller: CallerFacts,
  business: BusinessSettings,
  onFailover: (error: unknown) => void,
  texts?: CallerTexts,
) => CallAgent;

/**
 * Claude with the offline secretary as failover, or the offline secretary alone, knowing the
 * business as its settings are when the call's session opens: a change applies to the next call.
 */
export function createAgentFactory(options: AgentFactoryOptions): AgentFactory {
  return (caller, settings, onFailover, texts) => {
    const clock = businessClock(settings, new Date());
    const context = callContext(settings, caller, clock);
    if (!options.claude) return createOfflineAgent(context, { takingOver: false });
    const { language, otherLanguages } = settings.voice;
    const afterHours = clock.hasOpeningHours && !clock.open;
    const knowledge = options.knowledge();
    const greeting = welcomeGreeting(settings, {
      name: caller.knownCallerName,
      afterHours,
      screening: caller.screening,
    });
    // Offered whenever there is a number, so that the tools (part of the cached head) are the same on
    // every call; whether it may be used now is the per-call part's to say.
    const offersTransfer = Boolean(settings.ownerPhone);
    const primary = new ClaudeAgent({
      ...options.claude,
      systemPrompt: buildSystemPrompt({ settings, knowledge, offersTransfer }, callFacts(settings, context, greeting)),
      tools: {
        offersTransfer,
        mayTransfer: context.canTransfer,
        searchKnowledge: knowledgeFitsPrompt(knowledge) ? undefined : options.searchKnowledge,
        languages: [language, ...otherLanguages.filter((other) => other !== language)],
        textCaller: texts && ((body) => texts.send(body)),
      },
      timing: options.timing,
      metrics: options.metrics,
    });
    return new FailoverAgent({
      primary,
      createFallback: () => createOfflineAgent(context, { takingOver: true }),
      onFailover: (error) => {
        options.metrics.failedOver(claudeErrorKind(error));
        onFailover(error);
      },
    });
  };
}

/** What the agents know when the call starts: the facts of the moment are worked out here, never by the model. */
function callContext(settings: BusinessSettings, caller: CallerFacts, clock: BusinessClock): CallContext {
  // After an unanswered transfer, offering another would ring the owner in a loop.
  const transfers = caller.ownerUnavailable ? "NONE" : transfersNow(settings, clock);
  const weekly = describeOpeningHours(settings.openingHours);
  return {
    ...caller,
    ownerName: settings.ownerName,
    businessName: settings.businessName,
    canTransfer: transfers !== "NONE",
    transfers,
    businessHours: weekly
      ? {
          now: statusSentence(clock) ?? "",
          weekly: `Our hours are: ${weekly.replace(/^(Every|Closed)/, (word) => word.toLowerCase())}`,
        }
      : undefined,
    now: clockSentences(clock),
  };
}
