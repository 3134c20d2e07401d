import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CardNumberRedactor, passesLuhn } from "../src/spoken/card-numbers.js";

// Each case is one call: the caller's turns as speech recognition (or the keypad) wrote them, and
// what must be kept of each.
const cases: [string, string[], string[]][] = [
  // Card numbers as callers give them.
  ["written in groups", ["My card is 4111 1111 1111 1111."], ["My card is [card number]."]],
  ["written with dashes", ["it's 5500-0000-0000-0004 thanks"], ["it's [card number] thanks"]],
  ["written in one piece", ["4111111111111111"], ["[card number]"]],
  ["Amex, 15 digits in 4-6-5", ["Amex 3782 822463 10005"], ["Amex [card number]"]],
  ["spoken digit by digit", ["four one one one one one one one one one one one one one one one"], ["[card number]"]],
  [
    "spoken with oh and double",
    ["yeah it's six oh one one, double one one one, one one one one, one one one seven"],
    ["yeah it's [card number]"],
  ],
  ["digits and words mixed", ["Sure, 4111 one one one one, 1111 eleven eleven, OK?"], ["Sure, [card number], OK?"]],
  ["on the keypad", ["Keypad: 6011111111111117"], ["Keypad: [card number]"]],
  // The security code with it.
  [
    "the CVV in the same turn",
    ["card 4111 1111 1111 1111 and the CVV is 123"],
    ["card [card number] and the CVV is [security code]"],
  ],
  ["bare code right after", ["4111 1111 1111 1111, 737"], ["[card number], [security code]"]],
  [
    "the code in the next turn, as words",
    ["my card number is 4111 1111 1111 1111", "and the security code is seven three seven"],
    ["my card number is [card number]", "and the security code is [security code]"],
  ],
  [
    "the code keyed in next",
    ["Keypad: 4111111111111111", "Keypad: 1234"],
    ["Keypad: [card number]", "Keypad: [security code]"],
  ],
  [
    "an expiry date before the code",
    ["5500 0000 0000 0004 expires twelve twenty seven", "security code 456"],
    ["[card number] expires twelve twenty seven", "security code [security code]"],
  ],
  [
    "read over two turns (a pause between groups)",
    ["the card is 4111 1111 1111", "1111, and the code is 737"],
    // The first part was kept before the rest was said; the rest, which completes it, is not.
    ["the card is 4111 1111 1111", "[card number], and the code is [security code]"],
  ],
  [
    "read over two turns, as words",
    ["five five oh oh, oh oh oh oh, oh oh oh oh", "zero zero zero four"],
    ["five five oh oh, oh oh oh oh, oh oh oh oh", "[card number]"],
  ],
  // What must survive.
  [
    "a phone number, then an extension",
    ["call 555 123 4567", "extension 1234"],
    ["call 555 123 4567", "extension 1234"],
  ],
  ["a phone number, then a short number", ["it's 555 123 4567", "4321"], ["it's 555 123 4567", "4321"]],
  ["a phone number", ["call me back on +1 555 123 4567"], ["call me back on +1 555 123 4567"]],
  [
    "a phone number said as words",
    ["it's five five five, one two three, four five six seven"],
    ["it's five five five, one two three, four five six seven"],
  ],
  ["two phone numbers", ["555 123 4567 or my wife's 555 987 6543"], ["555 123 4567 or my wife's 555 987 6543"]],
  ["an order number that fails Luhn", ["order 4111 1111 1111 1112"], ["order 4111 1111 1111 1112"]],
  ["a long reference number", ["reference 12345678901234567"], ["reference 12345678901234567"]],
  ["a date", ["on 12/04/2026 at 10:30"], ["on 12/04/2026 at 10:30"]],
  ["an amount", ["I was charged $1,234.56 twice"], ["I was charged $1,234.56 twice"]],
  [
    "a short number after a phone number",
    ["555 123 4567", "I'm at 123 Main Street"],
    ["555 123 4567", "I'm at 123 Main Street"],
  ],
  [
    "a code only right after a card",
    ["4111 1111 1111 1111", "thanks", "the code is 123"],
    ["[card number]", "thanks", "the code is 123"],
  ],
];

describe("card numbers are redacted", () => {
  for (const [name, said, kept] of cases) {
    test(name, () => {
      const redactor = new CardNumberRedactor();
      assert.deepEqual(
        said.map((turn) => redactor.redact(turn)),
        kept,
      );
    });
  }
});

describe("passesLuhn", () => {
  test("card numbers pass, one digit off fails", () => {
    assert.equal(passesLuhn("4111111111111111"), true);
    assert.equal(passesLuhn("378282246310005"), true);
    assert.equal(passesLuhn("4111111111111112"), false);
  });
});
