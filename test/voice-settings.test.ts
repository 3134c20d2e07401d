import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { BusinessSettings } from "../src/business/settings.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import { systemPromptOf, toolNamesOf } from "./support/fake-anthropic.js";
import {
  conversationRequests,
  lastConversationRequest,
  startSecretary,
  type TestSecretary,
} from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const voice: BusinessSettings["voice"] = {
  language: "es-ES",
  otherLanguages: ["en-GB", "fr-FR"],
  ttsProvider: "ElevenLabs",
  voice: "UgBBYS2sOqTuMpoF3BR0",
  transcriptionProvider: "Deepgram",
  speechModel: "nova-3-general",
};

describe("how the call sounds and is heard", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({
      settings: { voice, staffNames: ["Dr. Chen", "Priya, hygienist", "dr. chen"], idleRepromptSeconds: 1 },
    });
  });
  after(() => secretary.dispose());
  const prisma = () => secretary.app.database.prisma;

  test("the voice webhook's TwiML sets turn-taking, voice, languages and the names to expect", async () => {
    await prisma().caller.create({ data: { phone: "+15557770001", name: "Maria Lopez-Ortiz, Jr.", callCount: 1 } });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770001" });
    const relay = call.twiml.relay;
    assert.ok(relay);
    const { attributes } = relay;
    assert.equal(attributes.ignoreBackchannel, "true");
    assert.equal(attributes.interruptSensitivity, "medium");
    assert.equal(attributes.echoPromptFiltering, "true");
    assert.equal(attributes.backgroundNoiseReduction, "true");
    assert.equal(attributes.partialPromptOnHangup, "true");
    assert.equal(attributes.debug, "speaker-events");
    assert.equal(attributes.language, "es-ES");
    assert.equal(attributes.ttsProvider, "ElevenLabs");
    assert.equal(attributes.voice, "UgBBYS2sOqTuMpoF3BR0");
    assert.equal(attributes.transcriptionProvider, "Deepgram");
    assert.equal(attributes.speechModel, "nova-3-general");
    // The business, the owner, the caller the carrier vouches for, the staff: each once, no stray commas.
    assert.deepEqual(attributes.hints?.split(","), [
      "Harbor Dental",
      "Dr. Reyes",
      "Maria Lopez-Ortiz Jr.",
      "Dr. Chen",
      "Priya hygienist",
    ]);
    // The languages it may switch to, with the same providers; their voices are the providers' own.
    assert.deepEqual(relay.languages, [
      { code: "en-GB", ttsProvider: "ElevenLabs", transcriptionProvider: "Deepgram" },
      { code: "fr-FR", ttsProvider: "ElevenLabs", transcriptionProvider: "Deepgram" },
    ]);
    assert.equal(
      relay.welcomeGreeting,
      "Hola Maria, ha llamado a Harbor Dental. Esta llamada se transcribe. ¿En qué puedo ayudarle?",
    );
    await call.hangUp();

    // A caller ID nobody vouches for is nobody's name, in the hints as in the greeting.
    const spoofed = await placeCall({ ...secretary.simulator, from: "+15557770001", stirVerstat: null });
    assert.doesNotMatch(spoofed.twiml.relay?.attributes.hints ?? "", /Maria/);
    assert.match(spoofed.twiml.relay?.welcomeGreeting ?? "", /^Hola, ha llamado a Harbor Dental\./);
    await spoofed.hangUp();
  });

  test("a caller speaking another language: the call switches to it, and Claude is told to keep to it", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue(
      { toolUse: { name: "switch_language", input: { language: "en-GB" } } },
      { text: "Of course, I can speak English. How can I help?" },
      { text: "I'll let Dr. Reyes know." },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15557770002" });
    const frames = call.received.length;
    const reply = await call.say("Sorry, do you speak English?");
    assert.equal(reply, "Of course, I can speak English. How can I help?");
    const sent = call.received.slice(frames).map(({ frame }) => frame);
    assert.deepEqual(sent[0], { type: "language", ttsLanguage: "en-GB", transcriptionLanguage: "en-GB" });
    assert.equal(sent[1]?.type, "text", "the language switches before the answer is spoken");

    const [first, toolRound] = conversationRequests(anthropic).slice(-2);
    assert.ok(first && toolRound);
    assert.match(
      systemPromptOf(first),
      /Speak Spanish \(Spain\)\. If the caller speaks English \(United Kingdom\) or French \(France\), call switch_language/,
    );
    assert.deepEqual(toolNamesOf(first), ["take_message", "note_unanswered_question", "end_call", "switch_language"]);
    const tool = first.tools?.find((offered) => "name" in offered && offered.name === "switch_language");
    assert.deepEqual(tool && "input_schema" in tool && tool.input_schema.properties, {
      language: { type: "string", enum: ["es-ES", "en-GB", "fr-FR"], description: "The language's code." },
    });

    // The caller is now heard in English, and the next request keeps Claude in English.
    await call.say("Please ask Dr. Reyes to call me back.");
    const next = lastConversationRequest(anthropic);
    assert.match(systemPromptOf(next), /The call has switched to English \(United Kingdom\): speak only English/);

    // The secretary's own lines follow the switch too.
    assert.equal(await call.nextReply(), "Are you still there?");
    await call.hangUp();
  });

  test("a caller who hangs up mid-sentence still leaves their words", async () => {
    // Claude takes a moment over their last words: the caller is gone before it says anything.
    secretary.anthropic.enqueue({ text: "¿Me deja su número?" }, { text: "Gracias.", ttftMs: 500 });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770003" });
    await call.say("Quiero dejar un mensaje para el doctor.");
    await call.hangUp({ midSentence: "Mi número es el cinco cinco cinco" });
    const stored = await eventually("the call's end recorded", () =>
      prisma().call.findFirst({
        where: { callSid: call.callSid, endReason: { not: null } },
        include: { turns: { orderBy: { seq: "asc" } } },
      }),
    );
    assert.equal(stored.endReason, "CALLER_HUNG_UP");
    // Their words are the call's last: nothing the caller never heard is recorded after them.
    assert.deepEqual(
      stored.turns.slice(1).map((turn) => [turn.role, turn.text]),
      [
        ["CALLER", "Quiero dejar un mensaje para el doctor."],
        ["ASSISTANT", "¿Me deja su número?"],
        ["CALLER", "Mi número es el cinco cinco cinco"],
      ],
    );
  });
});
