import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { placeCall } from "../src/simulator/simulated-call.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

describe("without an Anthropic key, the offline secretary answers", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({ offline: true });
  });
  after(() => secretary.dispose());

  test("takes a complete message, ends the call, and the call is stored and summarised", async () => {
    const call = await placeCall({ ...secretary.simulator, from: "+15559990001" });
    const first = await call.say("Hi, this is Priya Shah. My daughter chipped a tooth and we need to come in today.");
    assert.match(first, /Priya/);
    assert.match(first, /555 999 0001/, "offers the caller ID as the callback number");
    const confirm = await call.say("Yes, that's fine.");
    assert.match(confirm, /Is that right\?/);
    const goodbye = await call.say("Yes.");
    assert.match(goodbye, /Dr\. Reyes/);
    const ended = await call.waitForEnd();
    assert.equal(JSON.parse(ended.handoffData ?? "{}").reasonCode, "goodbye");
    await call.hangUp({ duration: 35 });

    const stored = await eventually("the offline analysis", () =>
      secretary.app.database.prisma.call.findFirst({
        where: { callSid: call.callSid, analysisState: "DONE" },
        include: { actionItems: true, turns: true, caller: true },
      }),
    );
    assert.equal(secretary.anthropic.requests.length, 0, "no Anthropic request without a key");
    assert.equal(stored.handledBy, "OFFLINE");
    assert.equal(stored.callerName, "Priya Shah");
    assert.equal(stored.caller?.name, "Priya Shah");
    assert.equal(stored.urgency, "HIGH");
    assert.match(stored.summary ?? "", /Priya Shah/);
    assert.match(stored.summary ?? "", /chipped a tooth/);
    assert.equal(stored.turns.length, 7);
    // One message taken, one to-do: the analysis does not repeat it.
    assert.deepEqual(
      stored.actionItems.map((item) => item.source),
      ["CALL"],
    );
    assert.match(stored.actionItems[0]!.description, /chipped a tooth/);
    assert.match(stored.actionItems[0]!.description, /\+15559990001/);
  });

  test("a caller who asks the hours hears that they are not known, leaves a message, and the summary reads right", async () => {
    const call = await placeCall({ ...secretary.simulator, from: "+15559990003" });
    const hours = await call.say("Hi, are you open on Saturday?");
    assert.equal(
      hours,
      "I'm sorry, I can't tell you our opening hours. I can take a message for Dr. Reyes, if you'd like. May I have your name, please?",
    );
    const next = await call.say("Okay. This is Omar Haddad. It's an emergency, my crown came off.");
    assert.match(next, /^Nice to meet you, Omar\..* Is 555 999 0003 the best number to reach you\?$/);
    const recap = await call.say("Yes.");
    assert.equal(
      recap,
      "So that's Omar Haddad, because your crown came off, and the best number is 555 999 0003. Is that right?",
    );
    await call.say("Yes.");
    await call.waitForEnd();
    await call.hangUp({ duration: 40 });

    const stored = await eventually("the offline analysis", () =>
      secretary.app.database.prisma.call.findFirst({
        where: { callSid: call.callSid, analysisState: "DONE" },
        include: { actionItems: true },
      }),
    );
    assert.equal(
      stored.summary,
      "Omar Haddad called because their crown came off. Best callback number: +15559990003.",
    );
    assert.equal(stored.urgency, "URGENT");
    assert.match(stored.actionItems[0]!.description, /It's an emergency, my crown came off\./);
    assert.doesNotMatch(stored.actionItems[0]!.description, /open on Saturday/);
  });

  test("a number given without its area code is completed before it reaches the owner, with no words about it in the message", async () => {
    const call = await placeCall({ ...secretary.simulator, from: "+15559990004" });
    await call.say("Hi, this is Dana Reyes, my crown came off.");
    assert.equal(await call.say("No."), "No problem. What's the best number to reach you?");
    assert.equal(
      await call.say("You have it, five five five, one two three four."),
      "I've got 555 1234. What's the area code?",
    );
    assert.equal(
      await call.say("four one five"),
      "So that's Dana Reyes, because your crown came off, and the best number is 415 555 1234. Is that right?",
    );
    await call.say("Yes.");
    await call.waitForEnd();
    await call.hangUp({ duration: 30 });

    const stored = await eventually("the offline analysis", () =>
      secretary.app.database.prisma.call.findFirst({
        where: { callSid: call.callSid, analysisState: "DONE" },
        include: { actionItems: true },
      }),
    );
    assert.deepEqual(
      stored.actionItems.map((item) => item.description),
      ["My crown came off. — Caller: Dana Reyes — Call back: +14155551234"],
    );
    assert.equal(stored.summary, "Dana Reyes called because their crown came off. Best callback number: +14155551234.");
  });

  test("an emergency caller who asks for the owner is put through, and comes back to leave a message if nobody answers", async () => {
    const withOwner = await startSecretary({ offline: true, env: { OWNER_PHONE: "+15550001111" } });
    try {
      const call = await placeCall({ ...withOwner.simulator, from: "+15559990002" });
      const reply = await call.say(
        "This is an emergency, my crown came off and I'm bleeding. I need to speak to Dr. Reyes now!",
      );
      assert.equal(reply, "That sounds urgent. Let me put you through to Dr. Reyes now.");
      const ended = await call.waitForEnd();
      assert.equal(JSON.parse(ended.handoffData ?? "{}").reasonCode, "transfer");
      assert.equal(call.pendingDial?.number, "+15550001111");

      await call.finishDial("no-answer");
      const next = await call.say("Okay, this is Omar Haddad.");
      assert.match(next, /^Thanks, Omar\./, "the line that brought them back already said the owner is unavailable");
      assert.doesNotMatch(next, /put you through/);
      await call.hangUp();
    } finally {
      await withOwner.dispose();
    }
  });
});
