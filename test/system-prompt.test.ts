import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { initialSettings } from "../src/business/settings-document.js";
import { welcomeGreeting } from "../src/conversation/spoken-lines.js";

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
