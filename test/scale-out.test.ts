import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { placeCall } from "../src/simulator/simulated-call.js";
import {
  CallDocument,
  CallsDocument,
  CallUpdatedDocument,
  TranscriptDocument,
  UpdateSettingsDocument,
} from "./generated/graphql.js";
import type { FakeAnthropic } from "./support/fake-anthropic.js";
import { ApiClient } from "./support/graphql-client.js";
import { lastConversationRequest } from "./support/secretary.js";
import type { SecretaryProcess } from "./support/server-process.js";
import { scaleOutSkip, startTwoSecretaries, type TwoSecretaries } from "./support/two-secretaries.js";
import { eventually } from "./support/wait.js";

const API_TOKEN = "scale-out-api-token-0123456789";
const TWILIO_AUTH_TOKEN = "scale-out-twilio-token-0123456789";

describe("two processes on one PostgreSQL and Redis", { skip: scaleOutSkip }, () => {
  let two: TwoSecretaries;
  let anthropic: FakeAnthropic;
  let a: SecretaryProcess;
  let b: SecretaryProcess;
  before(async () => {
    two = await startTwoSecretaries("scale-out", { API_TOKEN, TWILIO_AUTH_TOKEN, BUSINESS_NAME: "Harbor Dental" });
    ({ anthropic, a, b } = two);
  });
  after(() => two?.stop());

  test("a subscriber on process B sees the live transcript of a call handled by process A until it ends, and both see the same data", async () => {
    anthropic.respondWith(() => ({
      toolUse: {
        name: "record_call_analysis",
        input: {
          summary: "Asked about walk-ins.",
          intent: "opening hours",
          urgency: "LOW",
          callerName: null,
          actionItems: [],
        },
      },
    }));
    const watcherOnB = new ApiClient(b.url, API_TOKEN);
    const feed = watcherOnB.ws(CallUpdatedDocument);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const call = await placeCall({
      serverUrl: a.url,
      publicUrl: a.publicUrl,
      authToken: TWILIO_AUTH_TOKEN,
      from: "+15551230000",
    });
    const started = await feed.waitFor(
      "the call on B's feed",
      (event) => event.data?.callUpdated.callSid === call.callSid,
    );
    const callId = started.data!.callUpdated.id;

    const transcript = watcherOnB.ws(TranscriptDocument, { callId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    anthropic.enqueue({
      text: "Yes, we take walk-ins until four.",
      chunks: ["Yes,", " we take walk-ins", " until four."],
      tokenDelayMs: 40,
    });
    await call.say("Do you take walk-ins?");
    const final = await transcript.waitFor(
      "the reply, final, on B",
      (event) => event.data?.transcript.role === "ASSISTANT" && event.data.transcript.final,
    );
    assert.equal(final.data?.transcript.text, "Yes, we take walk-ins until four.");
    assert.ok(
      transcript.events.some(
        (event) => event.data?.transcript.role === "CALLER" && event.data.transcript.text === "Do you take walk-ins?",
      ),
    );
    await call.hangUp({ duration: 12 });
    // The call ended on A; B hears of it through Redis and ends its watcher's transcript.
    await transcript.completion();
    await feed.waitFor(
      "completion on B's feed",
      (event) => event.data?.callUpdated.callSid === call.callSid && event.data.callUpdated.status === "COMPLETED",
    );
    // Whichever process runs the analysis, every watcher hears that it landed.
    await feed.waitFor(
      "the analysis on B's feed",
      (event) => event.data?.callUpdated.callSid === call.callSid && event.data.callUpdated.analysisState === "DONE",
    );

    const onA = await new ApiClient(a.url, API_TOKEN).query(CallDocument, { callId });
    const onB = await watcherOnB.query(CallDocument, { callId });
    assert.deepEqual(onA, onB);
    assert.deepEqual(onB.call?.turns.map((turn) => turn.text).slice(1), [
      "Do you take walk-ins?",
      "Yes, we take walk-ins until four.",
    ]);
    const listA = await new ApiClient(a.url, API_TOKEN).query(CallsDocument, { first: 10 });
    const listB = await watcherOnB.query(CallsDocument, { first: 10 });
    assert.deepEqual(listA, listB);
    feed.close();
    await watcherOnB.close();
  });

  test("a settings change made through process A is in the next call answered by process B", async () => {
    const api = new ApiClient(a.url, API_TOKEN);
    await api.query(UpdateSettingsDocument, {
      input: { businessName: "Harbor Dental & Implants", instructions: "Parking is behind the building." },
    });
    // B read its settings at start-up; the change reaches it as an announcement through Redis, and
    // its next call is answered with it (a stale greeting for a moment would be retried here).
    const greeting = await eventually("B greeting with the new name", async () => {
      const call = await placeCall({ serverUrl: b.url, publicUrl: b.publicUrl, authToken: TWILIO_AUTH_TOKEN });
      await call.hangUp();
      const heard = call.twiml.relay?.welcomeGreeting ?? "";
      return heard.includes("Harbor Dental & Implants") && heard;
    });
    assert.match(greeting, /^Hello, you've reached Harbor Dental & Implants\./);
    anthropic.enqueue({ text: "It's behind the building." });
    const call = await placeCall({ serverUrl: b.url, publicUrl: b.publicUrl, authToken: TWILIO_AUTH_TOKEN });
    await call.say("Where do I park?");
    await call.hangUp();
    const system = JSON.stringify(lastConversationRequest(anthropic).system);
    assert.match(system, /Parking is behind the building\./);
  });
});
