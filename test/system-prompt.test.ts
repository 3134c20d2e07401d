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
      welcomeGreeting(settings, { name: "Maria Lopez" }),
      "Hello Maria, you've reached Harbor Dental. This call is transcribed. How can I help you today?",
    );
  });

  test('keeps a title with the surname, never a bare "Dr."', () => {
    assert.match(welcomeGreeting(settings, { name: "Dr. Smith" }), /^Hello Dr\. Smith, you've reached Harbor Dental\./);
    assert.match(welcomeGreeting(settings, { name: "Mrs. Maria Lopez" }), /^Hello Mrs\. Lopez, you've reached/);
  });

  test("says at once when the office is closed, and screens a caller ID that failed verification", () => {
    assert.equal(
      welcomeGreeting(settings, { afterHours: true }),
      "Hello, you've reached Harbor Dental. We're closed right now, but I can take a message. This call is transcribed. How can I help you today?",
    );
    assert.equal(
      welcomeGreeting(settings, { screening: true }),
      "Hello, you've reached Harbor Dental. This call is transcribed. May I ask who's calling and what it's about?",
    );
    const spanish = { ...settings, voice: { ...settings.voice, language: "es-MX" } };
    assert.match(
      welcomeGreeting(spanish, { afterHours: true }),
      /^Hola, ha llamado a Harbor Dental\. Ahora mismo estamos cerrados/,
    );
  });

  test("greets an unknown caller without a name", () => {
    assert.match(welcomeGreeting(settings, {}), /^Hello, you've reached Harbor Dental\./);
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
