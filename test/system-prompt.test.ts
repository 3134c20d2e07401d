import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { initialSettings } from "../src/business/settings-document.js";
import { welcomeGreeting } from "../src/conversation/spoken-lines.js";
import { buildSystemPrompt, KNOWLEDGE_PROMPT_BUDGET, knowledgeFitsPrompt } from "../src/conversation/system-prompt.js";

const settings = initialSettings({
  businessName: "Harbor Dental",
  ownerName: "Dr. Reyes",
  ownerPhone: undefined,
  secretaryInstructions: undefined,
});

describe("welcomeGreeting", () => {
  test("greets a returning caller by first name", () => {
    assert.equal(
      welcomeGreeting(settings, "Maria Lopez"),
      "Hello Maria, you've reached Harbor Dental. This call is recorded. How can I help you today?",
    );
  });

  test('keeps a title with the surname, never a bare "Dr."', () => {
    assert.match(welcomeGreeting(settings, "Dr. Smith"), /^Hello Dr\. Smith, you've reached Harbor Dental\./);
    assert.match(welcomeGreeting(settings, "Mrs. Maria Lopez"), /^Hello Mrs\. Lopez, you've reached/);
  });

  test("greets an unknown caller without a name", () => {
    assert.match(welcomeGreeting(settings, undefined), /^Hello, you've reached Harbor Dental\./);
  });
});

describe("buildSystemPrompt", () => {
  const entry = (title: string, size: number) => ({ title, content: "x".repeat(size - title.length) });
  const head = (knowledge: { title: string; content: string }[]) =>
    buildSystemPrompt({ settings, knowledge, offersTransfer: false }, ["Today is Thursday."])[0]?.text ?? "";

  test(`the whole knowledge base is in the prompt up to ${KNOWLEDGE_PROMPT_BUDGET.toLocaleString("en-US")} characters; past them, its titles only`, () => {
    const atBudget = [entry("Prices", KNOWLEDGE_PROMPT_BUDGET / 2), entry("Parking", KNOWLEDGE_PROMPT_BUDGET / 2)];
    assert.equal(knowledgeFitsPrompt(atBudget), true);
    assert.match(head(atBudget), /## Parking\nx+$/);

    const over = [...atBudget, entry("Insurance", 10)];
    assert.equal(knowledgeFitsPrompt(over), false);
    assert.match(head(over), /Its entries are about: Prices; Parking; Insurance\.$/);
    assert.doesNotMatch(head(over), /xxx/);
  });

  test("only the head is cached, and it holds nothing of the call: the facts follow it", () => {
    const blocks = buildSystemPrompt({ settings, knowledge: [], offersTransfer: true }, ["Today is Thursday."]);
    assert.deepEqual(
      blocks.map((block) => [block.cache_control ?? null, block.text.includes("Thursday")]),
      [
        [{ type: "ephemeral" }, false],
        [null, true],
      ],
    );
    assert.match(blocks[0]?.text ?? "", /What you know about the business:\nNothing yet\.$/);
  });
});
