import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { placeCall } from "../src/simulator/simulated-call.js";
import {
  AnswerKnowledgeGapDocument,
  CreateKnowledgeEntryDocument,
  DeleteKnowledgeEntryDocument,
  KnowledgeEntriesDocument,
  KnowledgeGapsDocument,
  UpdateKnowledgeEntryDocument,
} from "./generated/graphql.js";
import {
  answerAnalyses,
  type FakeReply,
  systemBlocksOf,
  systemPromptOf,
  toolNamesOf,
} from "./support/fake-anthropic.js";
import { ApiClient } from "./support/graphql-client.js";
import {
  conversationRequests,
  lastConversationRequest,
  startSecretary,
  type TestSecretary,
  writesSettled,
} from "./support/secretary.js";

const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString("base64");

/** The refusal of an operation: its code, and the input field it names. */
function refusal(body: { errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> }) {
  const error = body.errors?.[0];
  return { code: error?.extensions?.code, field: error?.extensions?.field, message: error?.message };
}

describe("the knowledge base", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary({ env: { OWNER_PHONE: "+15550001111" } });
    secretary.anthropic.respondWith(answerAnalyses);
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });

  test("the owner writes, edits, searches and deletes entries; bad input is refused, naming the field, and changes nothing", async () => {
    const created = await api.query(CreateKnowledgeEntryDocument, {
      input: { title: "  Parking ", content: "Free parking behind the building, entrance on Elm Street." },
    });
    const entry = created.createKnowledgeEntry.knowledgeEntry;
    assert.equal(entry.title, "Parking", "trimmed");

    const refused = [
      [{ title: " ", content: "Something." }, "title"],
      [{ title: "x".repeat(201), content: "Something." }, "title"],
      [{ title: "Prices", content: "" }, "content"],
      [{ title: "Prices", content: "x".repeat(4001) }, "content"],
    ] as const;
    for (const [input, field] of refused) {
      const { body } = await api.post(CreateKnowledgeEntryDocument, { input });
      assert.deepEqual(
        { ...refusal(body), message: undefined },
        { code: "BAD_USER_INPUT", field, message: undefined },
        JSON.stringify(input),
      );
      assert.match(refusal(body).message ?? "", new RegExp(`The ${field} is`));
    }
    const blankEdit = await api.post(UpdateKnowledgeEntryDocument, {
      input: { knowledgeEntryId: entry.id, content: "  " },
    });
    assert.deepEqual(refusal(blankEdit.body).field, "content");

    const edited = await api.query(UpdateKnowledgeEntryDocument, {
      input: {
        knowledgeEntryId: entry.id,
        content: "Free parking behind the building; the entrance is on Elm Street.",
      },
    });
    assert.deepEqual(edited.updateKnowledgeEntry.knowledgeEntry, {
      id: entry.id,
      title: "Parking",
      content: "Free parking behind the building; the entrance is on Elm Street.",
    });
    await api.query(CreateKnowledgeEntryDocument, {
      input: {
        title: "Cleaning",
        content: "A cleaning costs one hundred and twenty dollars and takes forty-five minutes.",
      },
    });

    const all = await api.query(KnowledgeEntriesDocument, {});
    assert.equal(all.knowledgeEntries.totalCount, 2, "nothing refused was stored");
    assert.deepEqual(
      all.knowledgeEntries.edges.map((edge) => edge.node.title),
      ["Cleaning", "Parking"],
    );
    const found = await api.query(KnowledgeEntriesDocument, { search: "where do I park" });
    assert.deepEqual(
      found.knowledgeEntries.edges.map((edge) => edge.node.title),
      ["Parking"],
      "stemmed: park finds Parking",
    );
    assert.equal(found.knowledgeEntries.totalCount, 1);

    const deleted = await api.query(DeleteKnowledgeEntryDocument, { input: { knowledgeEntryId: entry.id } });
    assert.equal(deleted.deleteKnowledgeEntry.deletedKnowledgeEntryId, entry.id);
    const gone = await api.post(UpdateKnowledgeEntryDocument, {
      input: { knowledgeEntryId: entry.id, title: "Parking" },
    });
    assert.equal(refusal(gone.body).code, "NOT_FOUND");
    const malformed = await api.post(DeleteKnowledgeEntryDocument, { input: { knowledgeEntryId: "not-an-id" } });
    assert.equal(refusal(malformed.body).code, "BAD_USER_INPUT");
    assert.equal((await api.query(KnowledgeEntriesDocument, {})).knowledgeEntries.totalCount, 1);
  });

  test("Claude gets the knowledge in the cached head of its prompt, the same bytes on every call; each call's own facts come after it", async () => {
    const { anthropic } = secretary;
    await api.query(CreateKnowledgeEntryDocument, {
      input: { title: "Opening hours", content: "Monday to Friday, nine to five. Closed on weekends." },
    });

    anthropic.enqueue({ text: "A cleaning is one hundred and twenty dollars." });
    const first = await placeCall({ ...secretary.simulator, from: "+15551110001" });
    assert.equal(await first.say("How much is a cleaning?"), "A cleaning is one hundred and twenty dollars.");
    const firstRequest = lastConversationRequest(anthropic);
    await first.hangUp();

    const [head, perCall, ...rest] = systemBlocksOf(firstRequest);
    assert.ok(head && perCall);
    assert.deepEqual(rest, [], "two blocks: the cached head, then the call's own facts");
    assert.deepEqual(head.cache_control, { type: "ephemeral" });
    assert.match(head.text, /What you know about the business:/);
    assert.match(head.text, /## Cleaning\nA cleaning costs one hundred and twenty dollars/);
    assert.match(head.text, /## Opening hours\nMonday to Friday, nine to five\./);
    assert.match(head.text, /only from "What you know about the business"/);
    assert.doesNotMatch(head.text, /\+15551110001|It is \d|greeting/, "nothing of one call in the head");
    assert.equal(perCall.cache_control, undefined);
    assert.match(perCall.text, /^This call:\n- It is /);
    assert.match(perCall.text, /The caller's number is \+15551110001\./);
    assert.match(
      perCall.text,
      /If the caller insists on speaking to Dr\. Reyes now, or it is an emergency, you may put them through\./,
    );
    const tools = ["take_message", "note_unanswered_question", "end_call", "transfer_to_owner"];
    assert.deepEqual(toolNamesOf(firstRequest), tools, "no search: the whole base is in the prompt");

    anthropic.enqueue({ text: "We're open Monday to Friday." });
    const second = await placeCall({ ...secretary.simulator, from: "+15551110002" });
    await second.say("When are you open?");
    const secondRequest = lastConversationRequest(anthropic);
    await second.hangUp();
    const [secondHead, secondPerCall] = systemBlocksOf(secondRequest);
    assert.equal(secondHead?.text, head.text, "the cached head is byte for byte the same");
    assert.deepEqual(secondHead?.cache_control, { type: "ephemeral" });
    assert.match(secondPerCall?.text ?? "", /\+15551110002/);
    assert.deepEqual(secondRequest.tools, firstRequest.tools, "the tools, cached with the head, are the same too");

    // An edit reaches the next call.
    const entries = await api.query(KnowledgeEntriesDocument, { search: "opening hours" });
    const hours = entries.knowledgeEntries.edges[0]?.node;
    assert.ok(hours);
    await api.query(UpdateKnowledgeEntryDocument, {
      input: { knowledgeEntryId: hours.id, content: "Monday to Saturday, eight to six." },
    });
    anthropic.enqueue({ text: "Saturdays too." });
    const third = await placeCall({ ...secretary.simulator, from: "+15551110003" });
    await third.say("Are you open on Saturday?");
    const thirdHead = systemBlocksOf(lastConversationRequest(anthropic))[0]?.text ?? "";
    await third.hangUp();
    assert.match(thirdHead, /## Opening hours\nMonday to Saturday, eight to six\./);
    assert.doesNotMatch(thirdHead, /nine to five/);
  });

  test("a question the knowledge base cannot answer becomes a gap; asked on another call it counts twice; the answer closes it and the next call knows it", async () => {
    const { anthropic } = secretary;
    const noteGap = (question: string, text: string): FakeReply => ({
      text,
      toolUse: { name: "note_unanswered_question", input: { question } },
    });

    anthropic.enqueue(noteGap("Do you offer teeth whitening?", "I'm not sure, let me find out for you."), {
      text: " Can I take your name?",
    });
    const first = await placeCall({ ...secretary.simulator, from: "+15552220001" });
    assert.equal(
      await first.say("Do you do teeth whitening?"),
      "I'm not sure, let me find out for you. Can I take your name?",
    );
    const toolRound = lastConversationRequest(anthropic).messages.at(-1)?.content;
    assert.ok(Array.isArray(toolRound));
    assert.deepEqual(
      toolRound.map((block) => block.type === "tool_result" && [block.content, block.is_error]),
      [["Noted. The owner will add the answer.", false]],
    );
    await first.hangUp();
    await writesSettled(secretary);

    const opened = await api.query(KnowledgeGapsDocument, { open: true });
    assert.equal(opened.knowledgeGaps.totalCount, 1);
    const gap = opened.knowledgeGaps.edges[0]?.node;
    assert.ok(gap);
    assert.equal(gap.question, "Do you offer teeth whitening?");
    assert.equal(gap.callerPhone, "+15552220001");
    assert.equal(gap.call?.callSid, first.callSid);
    assert.equal(gap.timesAsked, 1);
    assert.equal(gap.answeredAt, null);

    // The same question in other words, noted twice on one call: one more time asked, on the same gap.
    anthropic.enqueue(
      noteGap("Do you offer whitening for teeth?", "Let me find out."),
      { text: " Anything else?" },
      noteGap("do you offer teeth whitening", "I'll ask about that too."),
      { text: " Noted." },
    );
    const second = await placeCall({ ...secretary.simulator, from: "+15552220002" });
    await second.say("Can you whiten my teeth?");
    await second.say("I mean, is whitening something you offer?");
    await second.hangUp();
    await writesSettled(secretary);

    const again = await api.query(KnowledgeGapsDocument, { open: true });
    assert.equal(again.knowledgeGaps.totalCount, 1, "the same gap, not a new one");
    const asked = again.knowledgeGaps.edges[0]?.node;
    assert.equal(asked?.id, gap.id);
    assert.equal(asked?.timesAsked, 2, "asked on two calls");
    assert.equal(asked?.callerPhone, "+15552220002", "the caller who asked most recently");
    assert.equal(asked?.call?.callSid, second.callSid);
    assert.equal(asked?.question, "Do you offer teeth whitening?");
    assert.ok(asked && asked.lastAskedAt > asked.firstAskedAt);

    const blank = await api.post(AnswerKnowledgeGapDocument, { input: { gapId: gap.id, answer: " " } });
    assert.deepEqual([refusal(blank.body).code, refusal(blank.body).field], ["BAD_USER_INPUT", "answer"]);
    const nowhere = await api.post(AnswerKnowledgeGapDocument, {
      input: { gapId: globalId("KnowledgeGap", randomUUID()), answer: "Yes." },
    });
    assert.equal(refusal(nowhere.body).code, "NOT_FOUND");
    const entriesBefore = (await api.query(KnowledgeEntriesDocument, {})).knowledgeEntries.totalCount;

    const answered = await api.query(AnswerKnowledgeGapDocument, {
      input: { gapId: gap.id, answer: "Yes: teeth whitening is three hundred dollars, in one visit of an hour." },
    });
    const { knowledgeEntry, closedGaps } = answered.answerKnowledgeGap;
    assert.equal(knowledgeEntry.title, "Do you offer teeth whitening?");
    assert.equal(knowledgeEntry.content, "Yes: teeth whitening is three hundred dollars, in one visit of an hour.");
    assert.deepEqual(
      closedGaps.map((closed) => [closed.id, closed.answer?.id]),
      [[gap.id, knowledgeEntry.id]],
    );
    assert.ok(closedGaps[0]?.answeredAt);
    assert.equal((await api.query(KnowledgeGapsDocument, { open: true })).knowledgeGaps.totalCount, 0);
    const closed = await api.query(KnowledgeGapsDocument, { open: false });
    assert.deepEqual(
      closed.knowledgeGaps.edges.map((edge) => [edge.node.id, edge.node.answer?.title]),
      [[gap.id, "Do you offer teeth whitening?"]],
    );
    assert.equal((await api.query(KnowledgeEntriesDocument, {})).knowledgeEntries.totalCount, entriesBefore + 1);
    const twice = await api.post(AnswerKnowledgeGapDocument, { input: { gapId: gap.id, answer: "No." } });
    assert.deepEqual([refusal(twice.body).code, refusal(twice.body).field], ["BAD_USER_INPUT", "gapId"]);

    anthropic.enqueue({ text: "Yes, whitening is three hundred dollars." });
    const third = await placeCall({ ...secretary.simulator, from: "+15552220003" });
    await third.say("Do you do whitening?");
    await third.hangUp();
    assert.match(
      systemPromptOf(lastConversationRequest(anthropic)),
      /## Do you offer teeth whitening\?\nYes: teeth whitening is three hundred dollars/,
    );
  });

  test("erasing a call keeps the question it left, but not who asked it", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue(
      {
        text: "Let me find out.",
        toolUse: { name: "note_unanswered_question", input: { question: "Do you see children?" } },
      },
      { text: " Anything else?" },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15552220009" });
    await call.say("Do you treat kids?");
    await call.hangUp();
    await writesSettled(secretary);
    const stored = await secretary.app.database.prisma.call.findUniqueOrThrow({ where: { callSid: call.callSid } });
    await api.post(`mutation { deleteCall(input: { callId: "${globalId("Call", stored.id)}" }) { deletedCallId } }`);

    const gaps = await api.query(KnowledgeGapsDocument, { open: true });
    const left = gaps.knowledgeGaps.edges.find((edge) => edge.node.question === "Do you see children?")?.node;
    assert.ok(left, "the question stays");
    assert.deepEqual([left.call, left.callerPhone], [null, null]);
  });
});

describe("a knowledge base beyond the prompt's budget", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary();
    secretary.anthropic.respondWith(answerAnalyses);
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });

  test("Claude is offered search_knowledge and reads its full-text results; the caller hears a filler line meanwhile", async () => {
    const { anthropic } = secretary;
    // Twelve long entries: about 47,000 characters, past the 40,000 the prompt holds.
    for (let topic = 1; topic <= 12; topic++) {
      await api.query(CreateKnowledgeEntryDocument, {
        input: {
          title: `Treatment ${topic}`,
          content: `Treatment ${topic} is described here. ${"Lorem ipsum. ".repeat(300)}`,
        },
      });
    }
    await api.query(CreateKnowledgeEntryDocument, {
      input: { title: "Parking", content: "Free parking behind the building, entrance on Elm Street." },
    });

    anthropic.enqueue(
      { toolUse: { name: "search_knowledge", input: { query: "parking car" } } },
      { text: "You can park for free behind the building." },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15553330001" });
    assert.equal(await call.say("Where can I park my car?"), "You can park for free behind the building.");
    assert.deepEqual(call.fillers, ["Let me check that."], "a filler line while the search runs");
    await call.hangUp();

    const [searching, answering] = conversationRequests(anthropic).slice(-2);
    assert.ok(searching && answering);
    assert.deepEqual(toolNamesOf(searching), [
      "take_message",
      "note_unanswered_question",
      "end_call",
      "search_knowledge",
    ]);
    const [head] = systemBlocksOf(searching);
    assert.deepEqual(head?.cache_control, { type: "ephemeral" });
    assert.match(head?.text ?? "", /too long to list here: search it with the search_knowledge tool/);
    assert.match(head?.text ?? "", /Its entries are about: Treatment 1; Treatment 2; .*Parking\./);
    assert.doesNotMatch(head?.text ?? "", /Lorem ipsum|Elm Street/, "titles only");

    const results = answering.messages.at(-1)?.content;
    assert.ok(Array.isArray(results));
    const result = results[0];
    assert.equal(result?.type, "tool_result");
    assert.ok(result?.type === "tool_result");
    assert.equal(result.is_error, false);
    assert.equal(result.content, "## Parking\nFree parking behind the building, entrance on Elm Street.");
    const stored = await secretary.app.database.prisma.call.findUniqueOrThrow({
      where: { callSid: call.callSid },
      include: { turns: { orderBy: { seq: "asc" } } },
    });
    assert.ok(
      stored.turns.every((turn) => !turn.text.includes("Let me check that.")),
      "the filler is not a turn of the conversation",
    );
  });

  test("the knowledge base holds at most 500 entries", async () => {
    const prisma = secretary.app.database.prisma;
    const count = await prisma.knowledgeEntry.count();
    await prisma.knowledgeEntry.createMany({
      data: Array.from({ length: 500 - count }, (_, index) => ({ title: `Note ${index}`, content: "Nothing much." })),
    });
    const { body } = await api.post(CreateKnowledgeEntryDocument, {
      input: { title: "One more", content: "Too many." },
    });
    assert.deepEqual([refusal(body).code, refusal(body).field], ["BAD_USER_INPUT", "title"]);
    assert.match(refusal(body).message ?? "", /at most 500 entries/);
    assert.equal(await prisma.knowledgeEntry.count(), 500);
  });
});
