// `tsx bench/card-numbers.ts`: what taking card numbers out of a caller's turn costs on the hot path
// (CardNumberRedactor.redact, once per caller turn, before the turn goes to Claude). Each shape of
// turn is redacted 20,000 times in this process, after the turn before it where one is given (not
// timed); the figures are per turn, in microseconds.
import { performance } from "node:perf_hooks";
import { CardNumberRedactor } from "../src/spoken/card-numbers.js";
import { summarize } from "./support/measure.js";

const RUNS = 20_000;
const TURNS: [string, string, string?][] = [
  ["an ordinary turn", "Hi, this is Maria Lopez, I need to reschedule my appointment for Tuesday afternoon"],
  ["a phone number said as words", "my number is five five five, one two three, four five six seven"],
  [
    "a card number said as words, with its code",
    "sure, it's four one one one one one one one one one one one one one one one and the code is one two three",
  ],
  ["a card number written", "the card is 4111 1111 1111 1111, CVV 737"],
  ["the longest turn (5,000 characters) of words", "and so ".repeat(714)],
  [
    "the rest of a card number begun in the turn before, which is corrected",
    "1111, and the code is 737",
    "the card is 4111 1111 1111",
  ],
  ["a short number after a phone number (read, in case it goes on)", "extension 1234", "call me on 555 123 4567"],
];

for (const [name, turn, before] of TURNS) {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A fresh redactor each time: the turn is redacted as the first of a call, or the second.
    const redactor = new CardNumberRedactor<number>();
    if (before) redactor.redact(before, 0);
    const started = performance.now();
    redactor.redact(turn, 1);
    times.push((performance.now() - started) * 1000);
  }
  const { p50, p99, max } = summarize(times)!;
  console.log(`${name}: p50 ${p50.toFixed(1)} µs, p99 ${p99.toFixed(1)} µs, max ${max.toFixed(0)} µs`);
}
