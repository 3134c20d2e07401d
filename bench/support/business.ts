// The business a bench's secretary answers for, set up through the API as an owner would: opening
// hours, a knowledge base of about 20 KB (it all goes into the prompt) and caller rules. What a
// call reads of them when it starts is then what a real one reads; the bench shows that none of it
// is read on a turn.

const KNOWLEDGE_ENTRIES = 40;
// 40 entries of about 500 characters: 20 KB, inside the prompt's budget.
const ENTRY_LENGTH = 500;
const CALLER_RULES = 100;

export interface LoadedBusiness {
  knowledgeCharacters: number;
  knowledgeEntries: number;
  callerRules: number;
}

/** One GraphQL operation as the owner (API_TOKEN); throws on any error the API reports. */
async function asOwner(
  serverUrl: string,
  apiToken: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<unknown> {
  const response = await fetch(`${serverUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiToken}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (!response.ok || body.errors) throw new Error(`setting the business up failed: ${JSON.stringify(body)}`);
  return body.data;
}

/** Sets the business up on the secretary at `serverUrl`; throws on any error the API reports. */
export async function loadBusiness(serverUrl: string, apiToken: string): Promise<LoadedBusiness> {
  const graphql = (query: string, variables: Record<string, unknown>) => asOwner(serverUrl, apiToken, query, variables);
  const weekdays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
  await graphql("mutation ($input: UpdateSettingsInput!) { updateSettings(input: $input) { settings { version } } }", {
    input: {
      businessName: "Harbor Dental",
      ownerName: "Dr. Reyes",
      timeZone: "America/New_York",
      openingHours: weekdays.map((day) => ({ day, opens: "00:00", closes: "24:00" })),
      staffNames: ["Priya", "Tom", "Alex"],
    },
  });
  let knowledgeCharacters = 0;
  for (let entry = 0; entry < KNOWLEDGE_ENTRIES; entry++) {
    const title = `Service ${entry + 1}`;
    const sentence = `Service ${entry + 1} takes about forty minutes and costs ${80 + entry} dollars; book it by phone. `;
    const content = sentence
      .repeat(Math.ceil(ENTRY_LENGTH / sentence.length))
      .slice(0, ENTRY_LENGTH)
      .trim();
    knowledgeCharacters += title.length + content.length;
    await graphql(
      "mutation ($input: CreateKnowledgeEntryInput!) { createKnowledgeEntry(input: $input) { knowledgeEntry { id } } }",
      { input: { title, content } },
    );
  }
  for (let rule = 0; rule < CALLER_RULES; rule++) {
    // Numbers the bench's callers never call from (theirs are +1555000xxxx).
    await graphql("mutation ($input: SetCallerRuleInput!) { setCallerRule(input: $input) { callerRule { id } } }", {
      input: { phone: `+1555900${String(rule).padStart(4, "0")}`, kind: rule % 2 ? "VIP" : "BLOCK", note: "bench" },
    });
  }
  return { knowledgeCharacters, knowledgeEntries: KNOWLEDGE_ENTRIES, callerRules: CALLER_RULES };
}

/**
 * Sets how long the secretary waits in silence before "Are you still there?" (idleRepromptSeconds,
 * through the API as an owner would) and returns what the settings now say.
 */
export async function setSilenceReprompt(serverUrl: string, apiToken: string, seconds: number): Promise<number> {
  const data = (await asOwner(
    serverUrl,
    apiToken,
    "mutation ($input: UpdateSettingsInput!) { updateSettings(input: $input) { settings { idleRepromptSeconds } } }",
    { input: { idleRepromptSeconds: seconds } },
  )) as { updateSettings: { settings: { idleRepromptSeconds: number } } };
  return data.updateSettings.settings.idleRepromptSeconds;
}
