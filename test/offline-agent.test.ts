import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyzeTranscriptOffline } from "../src/calls/offline-analysis.js";
import type { TranscriptLine } from "../src/calls/transcript.js";
import type { CallAgent, CallContext, ReplyEvent } from "../src/conversation/agent.js";
import { createOfflineAgent } from "../src/conversation/offline-agent.js";
import { intentLabel } from "../src/spoken/intent.js";

const GREETING = "Hello, you've reached Acme Plumbing. This call is transcribed. How can I help you today?";

const context: CallContext = {
  callerPhone: "+15551234567",
  calledNumber: "+15559990000",
  knownCallerName: undefined,
  lastCallSummary: undefined,
  ownerName: "Sam",
  businessName: "Acme Plumbing",
  canTransfer: false,
  transfers: "NONE",
  ownerUnavailable: false,
  businessHours: undefined,
  now: "It is 10 am on Thursday, December 3.",
  screening: false,
};

interface Turn {
  said: string;
  events: ReplyEvent[];
}

async function collect(agent: CallAgent, history: readonly TranscriptLine[], signal = new AbortController().signal) {
  const events: ReplyEvent[] = [];
  await agent.reply(history, signal, (event) => events.push(event));
  return events;
}

function spoken(events: readonly ReplyEvent[]): string {
  return events.flatMap((event) => (event.type === "text" ? [event.text] : [])).join("");
}

/** Plays the caller's lines one by one, as the call session would, and checks no reply is silent. */
async function converse(
  agent: CallAgent,
  lines: readonly string[],
  history: TranscriptLine[] = [{ role: "ASSISTANT", text: GREETING }],
) {
  const turns: Turn[] = [];
  for (const line of lines) {
    history.push({ role: "CALLER", text: line });
    const events = await collect(agent, history);
    const said = spoken(events);
    assert.ok(said.trim().length > 0, `silence after the caller said ${JSON.stringify(line)}`);
    assert.doesNotMatch(said, /technical|please repeat|error/i);
    history.push({ role: "ASSISTANT", text: said });
    turns.push({ said, events });
  }
  return turns;
}

function last<T>(items: readonly T[]): T {
  assert.ok(items.length > 0);
  return items.at(-1)!;
}

function withoutText(events: readonly ReplyEvent[]): ReplyEvent[] {
  return events.filter((event) => event.type !== "text");
}

describe("offline secretary", () => {
  test("takes a message from a caller who gives name and reason up front", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    assert.equal(agent.kind, "offline");
    const [first, second, third] = await converse(agent, [
      "Hi, this is Maria Lopez, I need to reschedule my appointment.",
      "Yes, that's my cell.",
      "Yes, that's right.",
    ]);

    assert.deepEqual(withoutText(first!.events), [{ type: "callerName", name: "Maria Lopez" }]);
    assert.equal(
      first!.said,
      "Thanks, Maria. I can take a message for Sam. Is 555 123 4567 the best number to reach you?",
    );
    assert.equal(
      second!.said,
      "So that's Maria Lopez, about rescheduling your appointment, and the best number is 555 123 4567. Is that right?",
    );
    assert.deepEqual(withoutText(third!.events), [
      {
        type: "takeMessage",
        message: "I need to reschedule my appointment.",
        callerName: "Maria Lopez",
        callbackNumber: "+15551234567",
      },
      { type: "end", reason: "message taken" },
    ]);
    assert.equal(third!.said, "Thanks, Maria. I'll pass this on to Sam, who will get back to you soon. Goodbye!");
    assert.equal(last(third!.events).type, "end", "the goodbye is spoken before the call ends");
  });

  test("asks for the name when the caller starts with the reason", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const [first, second] = await converse(agent, ["Yeah hi, my kitchen sink is leaking.", "Tom Baker"]);
    assert.match(first!.said, /name/i);
    assert.doesNotMatch(first!.said, /what.*about/i);
    assert.deepEqual(withoutText(second!.events), [{ type: "callerName", name: "Tom Baker" }]);
    assert.match(second!.said, /Tom\. Is 555 123 4567 the best number to reach you\?$/);
  });

  test("uses a known caller's name without asking for it", async () => {
    const agent = createOfflineAgent({ ...context, knownCallerName: "Maria Lopez" }, { takingOver: false });
    const turns = await converse(agent, ["Hi, I need to reschedule my appointment for Thursday.", "Yep", "Yes"]);

    assert.equal(
      turns[0]!.said,
      "Thanks, Maria. I can take a message for Sam. Is 555 123 4567 still the best number to reach you?",
    );
    assert.ok(turns.every((turn) => !/your name|who am i speaking/i.test(turn.said)));
    assert.ok(turns.every((turn) => turn.events.every((event) => event.type !== "callerName")));
    assert.deepEqual(withoutText(last(turns).events)[0], {
      type: "takeMessage",
      message: "I need to reschedule my appointment for Thursday.",
      callerName: "Maria Lopez",
      callbackNumber: "+15551234567",
    });
  });

  test("lets the caller correct the number in the same breath as the no", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const turns = await converse(agent, [
      "Hi, this is John Carter, my basement is flooding.",
      "Yeah",
      "No, the number is wrong. It's 555-987-6543.",
      "Yes",
    ]);
    assert.match(turns[2]!.said, /the best number is 555 987 6543\. Is that right\?$/);
    assert.doesNotMatch(turns[2]!.said, /what should i fix/i);
    const message = withoutText(last(turns).events)[0];
    assert.deepEqual(message, {
      type: "takeMessage",
      message: "My basement is flooding.",
      callerName: "John Carter",
      callbackNumber: "+15559876543",
    });
  });

  test("digits taken for a callback number go once the line they came from turns out to have begun a card number", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const history: TranscriptLine[] = [{ role: "ASSISTANT", text: GREETING }];
    const [first] = await converse(agent, ["Hi, this is Dana Reyes, my card is 4111 1111 11"], history);
    // Alone, ten digits may be a number to call back on.
    assert.match(first!.said, /411 111 1111/);
    // The caller read on: the session takes the card number out of the line it began in (call-session.ts).
    history[1] = { role: "CALLER", text: "Hi, this is Dana Reyes, my card is [card number]" };
    const turns = await converse(agent, ["[card number], can you take it?", "555 987 6543", "Yes"], history);
    for (const turn of turns) assert.doesNotMatch(turn.said, /411|1111/, "the card's digits are never read back");
    const message = withoutText(last(turns).events)[0] as { type: string; message: string; callbackNumber?: string };
    assert.equal(message.type, "takeMessage");
    assert.equal(message.callbackNumber, "+15559876543");
    assert.doesNotMatch(JSON.stringify(message), /4111|41111111/);
  });

  test("asks what to fix after a plain no, then re-confirms", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const turns = await converse(agent, [
      "Hi, this is Maria Lopez, I need to reschedule my appointment.",
      "Yes.",
      "No.",
      "The number.",
      "five five five, nine eight seven, six five four three",
      "Correct.",
    ]);
    assert.equal(turns[2]!.said, "No problem. What should I fix: your name, the reason for your call, or the number?");
    assert.equal(turns[3]!.said, "Sure. What number should Sam call you back on?");
    assert.match(turns[4]!.said, /^So that's Maria Lopez, .* 555 987 6543\. Is that right\?$/);
    assert.equal(withoutText(last(turns).events)[0]?.type, "takeMessage");
    assert.equal((withoutText(last(turns).events)[0] as { callbackNumber?: string }).callbackNumber, "+15559876543");
  });

  test("fixes a misheard name", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const turns = await converse(agent, [
      "Hi, this is Marie Lopez, I need a quote for a new fence.",
      "Yes",
      "No, my name is Maria Lopez.",
      "Yes",
    ]);
    assert.deepEqual(withoutText(turns[2]!.events), [{ type: "callerName", name: "Maria Lopez" }]);
    assert.match(turns[2]!.said, /So that's Maria Lopez, because you need a quote for a new fence/);
    assert.equal((withoutText(last(turns).events)[0] as { callerName?: string }).callerName, "Maria Lopez");
  });

  test("takes a number spoken as words over two turns when the caller ID is withheld", async () => {
    const agent = createOfflineAgent({ ...context, callerPhone: "+266696687" }, { takingOver: false });
    const turns = await converse(agent, [
      "I'd like to get a quote for a new water heater.",
      "It's Tom Baker.",
      "Sure, it's five five five",
      "eight six seven, five three oh nine",
      "Yes",
    ]);
    assert.match(turns[1]!.said, /What's the best number to reach you\?$/);
    assert.doesNotMatch(turns[1]!.said, /266/);
    assert.equal(turns[2]!.said, "I've got 555 so far. Go ahead with the rest.");
    assert.equal(
      turns[3]!.said,
      "So that's Tom Baker, about getting a quote for a new water heater, and the best number is 555 867 5309. Is that right?",
    );
    assert.equal((withoutText(last(turns).events)[0] as { callbackNumber?: string }).callbackNumber, "+15558675309");
  });

  test("takes the caller ID as the callback number when the caller names it instead of reading it out", async () => {
    const named = await converse(createOfflineAgent(context, { takingOver: false }), [
      "Hi, this is Maria Lopez, I need to reschedule my appointment.",
      "The number I'm calling from.",
    ]);
    assert.equal(
      named[1]!.said,
      "So that's Maria Lopez, about rescheduling your appointment, and the best number is 555 123 4567. Is that right?",
    );
    // A "no" to the caller ID, then "you already have it": the caller ID it is, and no words about it in the message.
    const turns = await converse(createOfflineAgent(context, { takingOver: false }), [
      "Hi, this is Maria Lopez, I need to reschedule my appointment.",
      "No.",
      "You already have it.",
      "Yes.",
    ]);
    assert.equal(turns[1]!.said, "No problem. What's the best number to reach you?");
    assert.match(turns[2]!.said, /the best number is 555 123 4567\. Is that right\?$/);
    assert.deepEqual(withoutText(last(turns).events)[0], {
      type: "takeMessage",
      message: "I need to reschedule my appointment.",
      callerName: "Maria Lopez",
      callbackNumber: "+15551234567",
    });
    // Digits said with the words are the number: "not this one" is not the caller ID.
    const other = await converse(createOfflineAgent(context, { takingOver: false }), [
      "Hi, this is Maria Lopez, I need to reschedule my appointment.",
      "No, not this one, it's 555 222 3333.",
    ]);
    assert.match(other[1]!.said, /the best number is 555 222 3333\. Is that right\?$/);
  });

  test("says so when the caller ID the caller points to did not come through, and takes no for an answer", async () => {
    const agent = createOfflineAgent({ ...context, callerPhone: "+266696687" }, { takingOver: false });
    const turns = await converse(agent, [
      "Hi, this is Tom Baker, my kitchen sink is leaking.",
      "You've got my number.",
      "I'd rather not give it.",
      "Yes.",
    ]);
    assert.equal(
      turns[1]!.said,
      "I'm afraid your number didn't come through on my end. What's the best number for Sam to call you back on? You can also type it on your keypad.",
    );
    assert.equal(
      turns[2]!.said,
      "That's fine. So that's Tom Baker, because your kitchen sink is leaking. Is that right?",
    );
    assert.deepEqual(withoutText(last(turns).events)[0], {
      type: "takeMessage",
      message: "My kitchen sink is leaking.",
      callerName: "Tom Baker",
    });
  });

  test("does not ask again for a number the caller would rather not give, or has none of", async () => {
    const rathers = await converse(createOfflineAgent(context, { takingOver: false }), [
      "Hi, this is Maria Lopez, I need to reschedule my appointment.",
      "I'd rather not.",
    ]);
    assert.equal(
      rathers[1]!.said,
      "That's fine. So that's Maria Lopez, about rescheduling your appointment. Is that right?",
    );
    for (const refusal of ["No thanks.", "I don't have one.", "I'd rather not say."]) {
      const turns = await converse(createOfflineAgent(context, { takingOver: false }), [
        "Hi, this is Maria Lopez, I need to reschedule my appointment.",
        "No.",
        refusal,
        "Yes.",
      ]);
      assert.equal(
        turns[2]!.said,
        "That's fine. So that's Maria Lopez, about rescheduling your appointment. Is that right?",
        `after ${JSON.stringify(refusal)}`,
      );
      assert.deepEqual(withoutText(last(turns).events), [
        { type: "takeMessage", message: "I need to reschedule my appointment.", callerName: "Maria Lopez" },
        { type: "end", reason: "message taken" },
      ]);
    }
  });

  test("says why it asks for the number, and leaves the question out of the message", async () => {
    const agent = createOfflineAgent({ ...context, callerPhone: "+266696687" }, { takingOver: false });
    const turns = await converse(agent, [
      "Hi, this is Tom Baker, my kitchen sink is leaking.",
      "Why do you need my number?",
      "Fine, it's 555 222 3333.",
      "Yes.",
    ]);
    assert.match(turns[1]!.said, /^It's just so Sam can call you back\. What's the best number for Sam/);
    assert.equal((withoutText(last(turns).events)[0] as { message?: string }).message, "My kitchen sink is leaking.");
    // Asked why, in answer to the caller ID offered: the answer, then the same offer.
    const offered = await converse(createOfflineAgent(context, { takingOver: false }), [
      "Hi, this is Tom Baker, my kitchen sink is leaking.",
      "Why do you need it?",
      "Oh okay, yes.",
    ]);
    assert.equal(offered[1]!.said, "It's just so Sam can call you back. Is 555 123 4567 the best number to reach you?");
    assert.match(offered[2]!.said, /the best number is 555 123 4567\. Is that right\?$/);
  });

  test("asks for a number in other words the last time, with a way to skip it, and then moves on", async () => {
    const agent = createOfflineAgent({ ...context, callerPhone: "+266696687" }, { takingOver: false });
    const turns = await converse(agent, [
      "Hi, this is Tom Baker, my kitchen sink is leaking.",
      "Hmm.",
      "Uh, what?",
      "Skip.",
      "Yes.",
    ]);
    const asks = turns.slice(0, 3).map((turn) => turn.said);
    assert.equal(new Set(asks).size, 3, `the same question twice: ${asks.join(" | ")}`);
    assert.match(asks[2]!, /say skip if you'd rather not leave one\.$/);
    assert.equal(
      turns[3]!.said,
      "That's fine. So that's Tom Baker, because your kitchen sink is leaking. Is that right?",
    );
    assert.equal(last(last(turns).events).type, "end");
  });

  test("asks once for the area code of a number read out without one, and puts it before the number", async () => {
    for (const [local, areaCode] of [
      ["five five five, one two three four", "four one five"],
      ["555 1234", "It's 415."],
      ["double five five, one two three four", "one four one five"],
      ["Five five five, twelve thirty-four.", "Oh, it's 415"],
    ]) {
      const turns = await converse(createOfflineAgent(context, { takingOver: false }), [
        "Hi, this is Dana Reyes, my kitchen sink is leaking.",
        "No, a different one.",
        local!,
        areaCode!,
        "Yes.",
      ]);
      const said = `after ${JSON.stringify(local)}, ${JSON.stringify(areaCode)}`;
      assert.equal(turns[1]!.said, "No problem. What's the best number to reach you?", said);
      assert.equal(turns[2]!.said, "I've got 555 1234. What's the area code?", said);
      assert.equal(
        turns[3]!.said,
        "So that's Dana Reyes, because your kitchen sink is leaking, and the best number is 415 555 1234. Is that right?",
        said,
      );
      assert.deepEqual(
        withoutText(last(turns).events)[0],
        {
          type: "takeMessage",
          message: "My kitchen sink is leaking.",
          callerName: "Dana Reyes",
          callbackNumber: "+14155551234",
        },
        said,
      );
    }
    // Read out over two turns, the seven digits are no number to call back on either.
    const split = await converse(createOfflineAgent(context, { takingOver: false }), [
      "Hi, this is Dana Reyes, my kitchen sink is leaking.",
      "No.",
      "five five five",
      "one two three four",
      "Same as yours.",
    ]);
    assert.equal(split[2]!.said, "I've got 555 so far. Go ahead with the rest.");
    assert.equal(split[3]!.said, "I've got 555 1234. What's the area code?");
    // "Same as yours": the area code of the line the caller rang.
    assert.match(split[4]!.said, /the best number is 555 555 1234\. Is that right\?$/);
    // "Same as I'm calling from": the caller ID's.
    const callerIds = await converse(
      createOfflineAgent({ ...context, callerPhone: "+14155550000" }, { takingOver: false }),
      [
        "Hi, this is Dana Reyes, my kitchen sink is leaking.",
        "No.",
        "555 1234",
        "Same as the one I'm calling from.",
        "Yes.",
      ],
    );
    assert.match(callerIds[3]!.said, /the best number is 415 555 1234\. Is that right\?$/);
    assert.deepEqual(withoutText(last(callerIds).events)[0], {
      type: "takeMessage",
      message: "My kitchen sink is leaking.",
      callerName: "Dana Reyes",
      callbackNumber: "+14155551234",
    });
  });

  test("takes a number with its area code as said, and waits for the rest of one cut short", async () => {
    for (const [said, heard, number] of [
      ["(415) 555-1234", "415 555 1234", "+14155551234"],
      ["four one five, five five five, one two three four", "415 555 1234", "+14155551234"],
      ["four one five triple five oh one two three", "415 555 0123", "+14155550123"],
      ["1 415 555 1234", "415 555 1234", "+14155551234"],
      ["My area code is 415 and the number is 555 1234.", "415 555 1234", "+14155551234"],
    ]) {
      const turns = await converse(createOfflineAgent(context, { takingOver: false }), [
        "Hi, this is Dana Reyes, my kitchen sink is leaking.",
        "No.",
        said!,
        "Yes.",
      ]);
      assert.match(turns[2]!.said, new RegExp(`the best number is ${heard}\\. Is that right\\?$`), said);
      assert.equal((withoutText(last(turns).events)[0] as { callbackNumber?: string }).callbackNumber, number, said);
    }
    // Nine digits are not a North American number yet: the caller is asked for the rest.
    const short = await converse(createOfflineAgent(context, { takingOver: false }), [
      "Hi, this is Dana Reyes, my kitchen sink is leaking.",
      "No.",
      "four one five, five five five, one two three",
      "four",
      "Yes.",
    ]);
    assert.equal(short[2]!.said, "I've got 415 555 123 so far. Go ahead with the rest.");
    assert.match(short[3]!.said, /the best number is 415 555 1234\. Is that right\?$/);
    assert.equal((withoutText(last(short).events)[0] as { callbackNumber?: string }).callbackNumber, "+14155551234");
    // A number from abroad, with its country code, is kept as given.
    const abroad = await converse(createOfflineAgent(context, { takingOver: false }), [
      "Hi, this is Dana Reyes, my kitchen sink is leaking.",
      "No.",
      "+44 20 7946 0958",
      "Yes.",
    ]);
    assert.doesNotMatch(abroad[2]!.said, /area code|so far/);
    assert.equal((withoutText(last(abroad).events)[0] as { callbackNumber?: string }).callbackNumber, "+442079460958");
  });

  test("does not ask for the area code again when the caller cannot give it, and keeps their words about it out of the message", async () => {
    for (const answer of ["I'm not sure.", "Hmm, I don't know it.", "I'd rather not say."]) {
      const turns = await converse(createOfflineAgent(context, { takingOver: false }), [
        "Hi, this is Dana Reyes, my kitchen sink is leaking.",
        "No.",
        "555 1234",
        answer,
        "Yes.",
      ]);
      assert.match(
        turns[3]!.said,
        /So that's Dana Reyes, because your kitchen sink is leaking, and the best number is 555 1234\. Is that right\?$/,
        answer,
      );
      assert.deepEqual(
        withoutText(last(turns).events),
        [
          {
            type: "takeMessage",
            message: "My kitchen sink is leaking.",
            callerName: "Dana Reyes",
            callbackNumber: "5551234",
          },
          { type: "end", reason: "message taken" },
        ],
        answer,
      );
    }
  });

  test("reads 'you have it' with digits after it as the caller ID or those digits, never as part of the message", async () => {
    const lines = (answer: string, ...more: string[]) => [
      "Hi, this is Dana Reyes, my kitchen sink is leaking.",
      "No.",
      answer,
      ...more,
      "Yes.",
    ];
    const expectMessage = (turns: Turn[], callbackNumber: string, said: string) =>
      assert.deepEqual(
        withoutText(last(turns).events)[0],
        { type: "takeMessage", message: "My kitchen sink is leaking.", callerName: "Dana Reyes", callbackNumber },
        said,
      );
    // The caller ID is 555 123 4567: what the caller reads after "you have it" is another number, without its area code.
    const other = await converse(
      createOfflineAgent(context, { takingOver: false }),
      lines("You have it, five five five one two three four", "four one five"),
    );
    assert.equal(other[2]!.said, "I've got 555 1234. What's the area code?");
    expectMessage(other, "+14155551234", "you have it, then another number");
    // Their own caller ID, read without its area code, or begun and left off: the caller ID it is.
    const caller = { ...context, callerPhone: "+14155551234" };
    for (const answer of [
      "You have it, five five five one two three four",
      "You've got it, four one five…",
      "Same as I'm calling from, 555 1234.",
    ]) {
      const turns = await converse(createOfflineAgent(caller, { takingOver: false }), lines(answer));
      assert.match(turns[2]!.said, /the best number is 415 555 1234\. Is that right\?$/, answer);
      expectMessage(turns, "+14155551234", answer);
    }
    // Named with no digits, "one" included.
    for (const answer of ["You've got it, it's the same one.", "It's the same one.", "Same as I'm calling from."]) {
      const turns = await converse(createOfflineAgent(context, { takingOver: false }), lines(answer));
      assert.match(turns[2]!.said, /the best number is 555 123 4567\. Is that right\?$/, answer);
      expectMessage(turns, "+15551234567", answer);
    }
    // Turned down, it is not the caller ID: the number is asked for again.
    const notThis = await converse(createOfflineAgent(context, { takingOver: false }), [
      "Hi, this is Dana Reyes, my kitchen sink is leaking.",
      "No.",
      "Not this one.",
    ]);
    assert.match(notThis[2]!.said, /What's the best number for Sam to call you back on\?/);
  });

  test("accepts a number typed on the keypad", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const turns = await converse(agent, ["Hi, I'm Ana, calling about my invoice.", "No", "Keypad: 5551239876#"]);
    assert.equal(turns[1]!.said, "No problem. What's the best number to reach you?");
    assert.equal(
      turns[2]!.said,
      "So that's Ana, about your invoice, and the best number is 555 123 9876. Is that right?",
    );
  });

  test("saves what it has when the caller says goodbye early", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const turns = await converse(agent, [
      "Hi, my kitchen sink is leaking.",
      "Actually, never mind, I'll call back later. Bye.",
    ]);
    assert.deepEqual(withoutText(last(turns).events), [
      { type: "takeMessage", message: "My kitchen sink is leaking." },
      { type: "end", reason: "caller said goodbye" },
    ]);
    assert.equal(last(turns).said, "No problem. I'll pass your message on to Sam. Goodbye!");
  });

  test("ends politely without a message when the caller left no reason", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const turns = await converse(agent, ["Hi, this is Dave.", "Oh, that's all, bye."]);
    assert.deepEqual(withoutText(last(turns).events), [{ type: "end", reason: "caller said goodbye" }]);
    assert.equal(last(turns).said, "No problem, Dave. I'll let Sam know you called. Goodbye!");
  });

  test("takes over mid-call from what the history already holds, without mentioning a failure", async () => {
    const agent = createOfflineAgent(context, { takingOver: true });
    const history: TranscriptLine[] = [
      { role: "ASSISTANT", text: GREETING },
      { role: "CALLER", text: "Hi, this is Maria Lopez. I need to reschedule my appointment." },
      { role: "ASSISTANT", text: "Of course, Maria. What day works better for you?" },
    ];
    const turns = await converse(agent, ["Thursday afternoon, if possible.", "Yes", "Yes"], history);

    assert.equal(
      turns[0]!.said,
      "Let me make sure I get this right for Sam. Is 555 123 4567 the best number to reach you?",
    );
    assert.doesNotMatch(turns[0]!.said, /sorry|problem|issue|trouble/i);
    assert.match(turns[1]!.said, /^So that's Maria Lopez, about rescheduling your appointment, and the best number/);
    assert.deepEqual(withoutText(last(turns).events)[0], {
      type: "takeMessage",
      message: "I need to reschedule my appointment. Thursday afternoon, if possible.",
      callerName: "Maria Lopez",
      callbackNumber: "+15551234567",
    });
  });

  test("on takeover, reads a bare answer against the question Claude asked", async () => {
    const agent = createOfflineAgent(context, { takingOver: true });
    const history: TranscriptLine[] = [
      { role: "ASSISTANT", text: GREETING },
      { role: "CALLER", text: "I need a quote for a new fence." },
      { role: "ASSISTANT", text: "Happy to help with that. Can I get your name?" },
    ];
    const [first] = await converse(agent, ["Priya Shah."], history);
    assert.deepEqual(withoutText(first!.events), [{ type: "callerName", name: "Priya Shah" }]);
    assert.match(first!.said, /^Let me make sure I get this right for Sam\. Is 555 123 4567 the best number/);
  });

  test("answering a turn now and then, while Claude answers the others, reads each line against the question it answered", async () => {
    const agent = createOfflineAgent(context, { takingOver: true });
    const history: TranscriptLine[] = [{ role: "ASSISTANT", text: GREETING }];
    // Claude failed on the first turn.
    const [first] = await converse(agent, ["Hi, I'm calling about my bill."], history);
    assert.match(first!.said, /^Let me make sure I get this right for Sam\. May I have your name/);
    // Claude is back for two turns, and asks its own questions.
    history.push(
      { role: "CALLER", text: "Priya Shah." },
      { role: "ASSISTANT", text: "Thanks, Priya. What's the best number for Sam to call you back on?" },
      { role: "CALLER", text: "Five five five, two two two, three three three three." },
      { role: "ASSISTANT", text: "Got it. Is it about the March invoice?" },
    );
    // Claude fails again: the offline secretary carries on from everything it has heard.
    const [second] = await converse(agent, ["Yes, the March one."], history);
    assert.deepEqual(withoutText(second!.events), [{ type: "callerName", name: "Priya Shah" }]);
    assert.match(second!.said, /So that's Priya Shah, .*bill.*555 222 3333\. Is that right\?$/);
    assert.doesNotMatch(second!.said, /Let me make sure/, "the bridge from Claude is said once");
  });

  test("explains why it asks for a name, and moves on when the caller declines", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const turns = await converse(agent, [
      "Um, hi.",
      "Why do you need that?",
      "I'd rather not say.",
      "Can Sam call me back?",
    ]);
    assert.equal(turns[0]!.said, "May I have your name, please?");
    assert.equal(turns[1]!.said, "It's just so Sam knows who called. Who should I tell Sam called?");
    assert.equal(turns[2]!.said, "That's fine. What would you like me to pass on to Sam?");
    assert.match(turns[3]!.said, /Is 555 123 4567 the best number to reach you\?$/);
  });

  test("offers a message when the caller asks for the owner", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const [first] = await converse(agent, ["Hi, is Sam there?"]);
    assert.equal(
      first!.said,
      "Sam can't come to the phone right now, but I can take a message. May I have your name, please?",
    );
  });

  test("keeps detail added while confirming, but not pleasantries", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const turns = await converse(agent, [
      "Hi, this is Maria Lopez, I need to reschedule my appointment.",
      "Yes.",
      "Yes, and tell him Thursday works best. Thank you so much!",
    ]);
    assert.equal(
      (withoutText(last(turns).events)[0] as { message?: string }).message,
      "I need to reschedule my appointment. Tell him Thursday works best.",
    );
  });

  test("adds what the caller says over the goodbye to the message", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const turns = await converse(agent, [
      "Hi, this is Maria Lopez, I need to reschedule my appointment.",
      "Yes.",
      "Yes.",
      "Oh wait, tell him it's for my daughter too.",
    ]);
    assert.deepEqual(withoutText(last(turns).events), [
      {
        type: "takeMessage",
        message: "Tell him it's for my daughter too.",
        callerName: "Maria Lopez",
        callbackNumber: "+15551234567",
      },
      { type: "end", reason: "message taken" },
    ]);
  });

  test("speaks full sentences, spaced so the text events join cleanly", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const [first] = await converse(agent, ["Hi, this is Maria Lopez, I need to reschedule my appointment."]);
    const texts = first!.events.flatMap((event) => (event.type === "text" ? [event.text] : []));
    assert.ok(texts.length > 1);
    assert.ok(texts.slice(1).every((text) => text.startsWith(" ")));
    assert.ok(texts.every((text) => /[.?!]$/.test(text)));
    assert.doesNotMatch(first!.said, / {2}/);
  });

  test("says the same thing every time for the same call", async () => {
    const lines = ["Hi, my furnace stopped working.", "Priya", "No", "555 222 3333", "Yes"];
    const once = await converse(createOfflineAgent(context, { takingOver: false }), lines);
    const again = await converse(createOfflineAgent(context, { takingOver: false }), lines);
    assert.deepEqual(again, once);
  });

  test("yields nothing once the caller barges in", async () => {
    const agent = createOfflineAgent(context, { takingOver: false });
    const history: TranscriptLine[] = [{ role: "CALLER", text: "Hi, this is Maria Lopez, I need to reschedule." }];

    const aborted = new AbortController();
    aborted.abort();
    assert.deepEqual(await collect(agent, history, aborted.signal), []);

    const midway = new AbortController();
    const events: ReplyEvent[] = [];
    await agent.reply(history, midway.signal, (event) => {
      events.push(event);
      midway.abort();
    });
    assert.equal(events.length, 1);
  });

  test("puts an emergency caller who asks for the owner through, and keeps to it if they talk over the line", async () => {
    const agent = createOfflineAgent({ ...context, canTransfer: true }, { takingOver: false });
    const turns = await converse(agent, ["My basement is flooding, I need to talk to Sam right now!", "Please hurry!"]);
    assert.match(turns[0]!.said, /^That sounds urgent\. Let me put you through to Sam now\.$/);
    assert.deepEqual(withoutText(turns[0]!.events), [
      {
        type: "transfer",
        reason: "an emergency; the caller asked for the owner",
        // What the owner hears before taking the call.
        briefing: "Someone is calling because their basement is flooding.",
      },
    ]);
    assert.deepEqual(
      withoutText(turns[1]!.events).map((event) => event.type),
      ["transfer"],
      "talking over the hand-off does not hang up on them",
    );
  });

  test("takes a message instead when the caller asks for the owner but it is not an emergency, or transfers are off", async () => {
    const notUrgent = await converse(createOfflineAgent({ ...context, canTransfer: true }, { takingOver: false }), [
      "Can I talk to Sam? It's about my invoice.",
    ]);
    assert.match(notUrgent[0]!.said, /Sam can't come to the phone right now, but I can take a message\./);
    assert.ok(withoutText(notUrgent[0]!.events).every((event) => event.type !== "transfer"));
    const noTransfers = await converse(createOfflineAgent(context, { takingOver: false }), [
      "My basement is flooding, I need to talk to Sam right now!",
    ]);
    assert.match(noTransfers[0]!.said, /Sam can't come to the phone right now, but I can take a message\./);
    assert.ok(withoutText(noTransfers[0]!.events).every((event) => event.type !== "transfer"));
    // Without OWNER_NAME the owner is "the owner", which still starts its sentence with a capital.
    const unnamed = await converse(createOfflineAgent({ ...context, ownerName: "the owner" }, { takingOver: false }), [
      "Can I talk to the owner?",
    ]);
    assert.match(unnamed[0]!.said, /^The owner can't come to the phone right now, but I can take a message\./);
  });
});

describe("offline call analysis", () => {
  test("summarises a message-taking call", () => {
    const history: TranscriptLine[] = [
      { role: "ASSISTANT", text: GREETING },
      { role: "CALLER", text: "Hi, um, my basement is flooding and I need someone out here today." },
      { role: "ASSISTANT", text: "I can take a message for Sam. May I have your name, please?" },
      { role: "CALLER", text: "John Carter." },
      { role: "ASSISTANT", text: "Nice to meet you, John. Is 555 123 4567 the best number to reach you?" },
      { role: "CALLER", text: "No, call my cell, it's 555 987 6543." },
      { role: "ASSISTANT", text: "So that's John Carter, because your basement is flooding… Is that right?" },
      { role: "CALLER", text: "Yes, thanks." },
    ];
    const analysis = analyzeTranscriptOffline(history, {
      callerPhone: "+15551234567",
      callerName: undefined,
      messages: ["My basement is flooding and I need someone out here today."],
    });
    assert.deepEqual(analysis, {
      summary:
        "John Carter called because their basement is flooding and they need someone out here today. Best callback number: +15559876543.",
      intent: "basement flooding",
      urgency: "URGENT",
      callerName: "John Carter",
      // The message taken during the call is the to-do already.
      actionItems: [],
      spam: false,
    });
  });

  test("tells of a message taken without punctuation once, without the to-do's name and number after it", () => {
    const history: TranscriptLine[] = [
      { role: "ASSISTANT", text: GREETING },
      { role: "CALLER", text: "Hi, this is Dana Reyes" },
      { role: "ASSISTANT", text: "Thanks, Dana. What would you like me to pass on to Sam?" },
      { role: "CALLER", text: "My sink is leaking under the kitchen" },
      { role: "ASSISTANT", text: "Of course. Is 555 555 0123 the best number to reach you?" },
      { role: "CALLER", text: "You already have it, the number I'm calling from" },
    ];
    const analysis = analyzeTranscriptOffline(history, {
      callerPhone: "+15555550123",
      callerName: "Dana Reyes",
      // As the to-do the call left reads: the message, then who called and where to call back.
      messages: ["My sink is leaking under the kitchen — Caller: Dana Reyes — Call back: +15555550123"],
    });
    assert.equal(
      analysis.summary,
      "Dana Reyes called because their sink is leaking under the kitchen. Best callback number: +15555550123.",
    );
    assert.deepEqual(analysis.actionItems, []);
  });

  test("gives the number the caller heard read back, area code and all, and no words about it", () => {
    const history: TranscriptLine[] = [
      { role: "ASSISTANT", text: GREETING },
      { role: "CALLER", text: "Hi, this is Dana Reyes, my kitchen sink is leaking." },
      {
        role: "ASSISTANT",
        text: "Thanks, Dana. I can take a message for Sam. Is 555 555 0123 the best number to reach you?",
      },
      { role: "CALLER", text: "No." },
      { role: "ASSISTANT", text: "No problem. What's the best number to reach you?" },
      { role: "CALLER", text: "You have it, five five five, one two three four" },
      { role: "ASSISTANT", text: "I've got 555 1234. What's the area code?" },
      { role: "CALLER", text: "four one five" },
    ];
    // The caller hung up before the recap: no message taken, the analysis reads the number itself.
    const untaken = analyzeTranscriptOffline(history, {
      callerPhone: "+15555550123",
      callerName: undefined,
      messages: [],
    });
    assert.equal(
      untaken.summary,
      "Dana Reyes called because their kitchen sink is leaking. Best callback number: +14155551234.",
    );
    assert.deepEqual(untaken.actionItems, [
      "Call back Dana Reyes at +14155551234 because their kitchen sink is leaking",
    ]);
    // A message taken: its number, as confirmed with the caller.
    const taken = analyzeTranscriptOffline(
      [
        ...history,
        { role: "ASSISTANT", text: "So that's Dana Reyes, … and the best number is 415 555 1234. Is that right?" },
        { role: "CALLER", text: "Yes." },
      ],
      {
        callerPhone: "+15555550123",
        callerName: undefined,
        messages: ["My kitchen sink is leaking. — Caller: Dana Reyes — Call back: +14155551234"],
      },
    );
    assert.equal(
      taken.summary,
      "Dana Reyes called because their kitchen sink is leaking. Best callback number: +14155551234.",
    );
    assert.deepEqual(taken.actionItems, []);
  });

  test("uses the known name and caller ID, and says so when nothing was left", () => {
    const analysis = analyzeTranscriptOffline(
      [
        { role: "ASSISTANT", text: GREETING },
        { role: "CALLER", text: "Hello? Oh, sorry, wrong number. Bye." },
      ],
      { callerPhone: "+15551234567", callerName: "Maria Lopez", messages: [] },
    );
    assert.equal(analysis.summary, "Maria Lopez called but did not leave a message.");
    assert.equal(analysis.intent, "no message left");
    assert.equal(analysis.callerName, "Maria Lopez");
    assert.deepEqual(analysis.actionItems, []);
  });

  test("keeps the reason when the caller hung up before a message was taken", () => {
    const analysis = analyzeTranscriptOffline(
      [{ role: "CALLER", text: "Hi, I'm calling to reschedule my appointment, no rush." }],
      { callerPhone: "+266696687", callerName: undefined, messages: [] },
    );
    assert.equal(analysis.summary, "An unidentified caller called about rescheduling their appointment, no rush.");
    assert.equal(analysis.intent, "reschedule appointment");
    assert.equal(analysis.urgency, "LOW");
    assert.deepEqual(analysis.actionItems, ["Follow up about rescheduling their appointment, no rush"]);
  });

  test("labels intent from the caller's words", () => {
    assert.equal(intentLabel("I need to reschedule my appointment."), "reschedule appointment");
    assert.equal(intentLabel("I'm calling about a quote for a new roof"), "quote for new roof");
    assert.equal(intentLabel("I'd like to get a quote for a new water heater."), "get quote");
    assert.equal(intentLabel("Um."), "message");
  });
});
