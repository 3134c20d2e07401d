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
  // A card number read out over several turns (speech recognition ends a turn at a pause): the
  // turns it began in are corrected once it is complete.
  [
    "read over two turns (a pause between groups)",
    ["the card is 4111 1111 1111", "1111, and the code is 737"],
    ["the card is [card number]", "[card number], and the code is [security code]"],
  ],
  [
    "read over two turns, as words",
    ["five five oh oh, oh oh oh oh, oh oh oh oh", "zero zero zero four"],
    ["[card number]", "[card number]"],
  ],
  [
    "read over four turns, a group at a time",
    ["my card number is 4111", "1111", "1111.", "and 1111"],
    ["my card number is [card number]", "[card number]", "[card number].", "and [card number]"],
  ],
  ["Amex over two turns, 4-6 then 5", ["Amex 3782 822463", "10005"], ["Amex [card number]", "[card number]"]],
  ["keyed in two goes", ["Keypad: 41111111", "Keypad: 11111111"], ["Keypad: [card number]", "Keypad: [card number]"]],
  [
    "begun after a card number said whole in the same turn",
    ["4111 1111 1111 1111 was declined, so try my other card, it's 5500", "0000 0000 0004"],
    ["[card number] was declined, so try my other card, it's [card number]", "[card number]"],
  ],
  [
    "begun, then said again whole",
    ["the card is 4111 1111 1111", "sorry, 4111 1111 1111 1111"],
    ["the card is [card number]", "sorry, [card number]"],
  ],
  [
    "begun, then something else: the start stays",
    ["the card is 4111 1111 1111", "actually, can I pay by check?", "1111"],
    ["the card is 4111 1111 1111", "actually, can I pay by check?", "1111"],
  ],
  // What must survive.
  [
    "a phone number, then an extension",
    ["call 555 123 4567", "extension 1234"],
    ["call 555 123 4567", "extension 1234"],
  ],
  ["a phone number, then a short number", ["it's 555 123 4567", "4321"], ["it's 555 123 4567", "4321"]],
  // In the cases below the digits of the two turns together would pass the Luhn check.
  [
    "a phone number, then an extension that would complete a card",
    ["call 555 123 4567", "extension 1232"],
    ["call 555 123 4567", "extension 1232"],
  ],
  [
    "a phone number in one piece, then an extension",
    ["call me at 5551234567", "extension 1232"],
    ["call me at 5551234567", "extension 1232"],
  ],
  [
    "a phone number said as words, then a short number",
    ["it's five five five, one two three, four five six seven", "4327"],
    ["it's five five five, one two three, four five six seven", "4327"],
  ],
  [
    "a unit number, then a phone number",
    ["I'm in unit 4512", "call me on 555 123 4562"],
    ["I'm in unit 4512", "call me on 555 123 4562"],
  ],
  [
    "a year, then an account number",
    ["we signed up in 2024", "the account is 123456780"],
    ["we signed up in 2024", "the account is 123456780"],
  ],
  [
    "an amount, then an order number",
    ["it came to $3,500", "order 123456788"],
    ["it came to $3,500", "order 123456788"],
  ],
  [
    "an address, then a phone number",
    ["I'm at 4100 Main Street", "555 123 4567"],
    ["I'm at 4100 Main Street", "555 123 4567"],
  ],
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
    "a card number, then a phone number: no code follows",
    ["4111 1111 1111 1111, call me on 555 123 4567", "4321"],
    ["[card number], call me on 555 123 4567", "4321"],
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
      const redactor = new CardNumberRedactor<number>();
      // Each turn as kept, corrected when a later turn finishes a card number begun in it.
      const turns: string[] = [];
      for (const [index, turn] of said.entries()) {
        const { text, earlier } = redactor.redact(turn, index);
        turns[index] = text;
        for (const corrected of earlier) turns[corrected.key] = corrected.text;
      }
      assert.deepEqual(turns, kept);
    });
  }
});

describe("card numbers are redacted the same after a dropped connection", () => {
  // The connection drops before turn `drop`: a new redactor recalls the turns as the call log kept
  // them (corrected where a card number was completed), then redacts the rest.
  for (const [name, said, kept] of cases) {
    for (let drop = 1; drop < said.length; drop++) {
      test(`${name}, dropped before turn ${drop + 1}`, () => {
        const turns: string[] = [];
        const redact = (redactor: CardNumberRedactor<number>, index: number) => {
          const { text, earlier } = redactor.redact(said[index]!, index);
          turns[index] = text;
          for (const corrected of earlier) turns[corrected.key] = corrected.text;
        };
        const before = new CardNumberRedactor<number>();
        for (let index = 0; index < drop; index++) redact(before, index);
        const resumed = new CardNumberRedactor<number>();
        for (const [index, text] of turns.entries()) resumed.recall(text, index);
        for (let index = drop; index < said.length; index++) redact(resumed, index);
        assert.deepEqual(turns, kept);
      });
    }
  }
});

describe("passesLuhn", () => {
  test("card numbers pass, one digit off fails", () => {
    assert.equal(passesLuhn("4111111111111111"), true);
    assert.equal(passesLuhn("378282246310005"), true);
    assert.equal(passesLuhn("4111111111111112"), false);
  });
});
