import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Locator, Page, Route } from "playwright-core";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { UpdateCallNotesDocument } from "./generated/graphql.js";
import { assertAccessible, assertNoHorizontalScroll, launchBrowser, PHONE, signedIn } from "./support/browser.js";
import { ApiClient } from "./support/graphql-client.js";
import { lastConversationRequest, startSecretary, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const OWNER_PHONE = "+15550001111";
// How long Live keeps an ended call on screen (ENDED_SHOWN_MS in pages/live.tsx): a test installs
// the page's clock just before a call ends (it runs as ever) and jumps it past that rather than waiting.
const ENDED_SHOWN_MS = 5_000;

/** Opens Live from the navigation, as the owner would. */
async function openLive(browser: Browser, secretary: TestSecretary, viewport?: { width: number; height: number }) {
  const { page, context } = await signedIn(browser, secretary.app.url, secretary.app.apiToken, viewport);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Live" }).click();
  await page.getByRole("heading", { name: "Live", level: 1 }).waitFor();
  return { page, context };
}

/** A call placed with the simulator, connected, and shown on the page: its card and its transcript. */
async function callShownOn(page: Page, secretary: TestSecretary, from: string) {
  const call = await placeCall({ ...secretary.simulator, from });
  await call.connected();
  const card = page.getByRole("article", { name: from });
  await card.waitFor();
  const transcript = card.getByRole("region", { name: `Transcript of the call with ${from}` });
  return { call, card, transcript };
}

/** Waits for words in a transcript; if they never come, the failure says what it read instead. */
async function lineShown(transcript: Locator, words: string): Promise<void> {
  try {
    await transcript.getByText(words).waitFor();
  } catch (error) {
    const read = await transcript.textContent({ timeout: 1_000 }).catch(() => "(no transcript on the page)");
    throw new Error(`"${words}" never appeared; the transcript read: ${read}`, { cause: error });
  }
}

/** Calls that come and go, hung up at once: the call log's history. */
async function placeEndedCalls(secretary: TestSecretary, count: number, firstNumber: number): Promise<void> {
  for (let n = 0; n < count; n += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - n) }, async (_, i) => {
        const call = await placeCall({ ...secretary.simulator, from: `+1555888${firstNumber + n + i}` });
        await call.connected();
        await call.hangUp({ duration: 5 });
        call.dispose();
      }),
    );
  }
}

/**
 * The owner's notes edited over and over on some calls, from elsewhere (another tab, the API), as
 * fast as the server takes them, until stopped: every edit is a `callUpdated` for every page.
 */
function editNotesUntilStopped(api: ApiClient, callIds: string[]): { stop(): Promise<number> } {
  let stopped = false;
  let edits = 0;
  const lanes = Array.from({ length: 3 }, async (_, lane) => {
    for (let n = lane; !stopped; n += 3) {
      await api.query(UpdateCallNotesDocument, {
        input: { callId: callIds[n % callIds.length] ?? "", notes: `Edit ${n}` },
      });
      edits++;
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(lanes);
      return edits;
    },
  };
}

/** Whether a request is the Live page's load of the calls in progress. */
const loadsLiveCalls = (postData: string | null) => postData?.includes("query LiveCalls") === true;

describe("the owner's dashboard: Live", () => {
  let secretary: TestSecretary;
  let browser: Browser;
  const calls: SimulatedCall[] = [];
  before(async () => {
    [secretary, browser] = await Promise.all([startSecretary({ env: { OWNER_PHONE } }), launchBrowser()]);
  });
  after(async () => {
    for (const call of calls) call.dispose();
    await browser?.close();
    await secretary?.dispose();
  });

  test("a call that comes in while the owner watches appears, with the caller's words and the secretary's reply as it grows, cut where the caller cuts in", async () => {
    const { page, context } = await openLive(browser, secretary);
    await page.getByText("No calls right now").waitFor();

    const reply = "Oh no, let me see when someone can come round today.";
    secretary.anthropic.enqueue({
      text: reply,
      chunks: ["Oh no,", " let me see", " when someone", " can come", " round", " today."],
      tokenDelayMs: 200,
    });
    const { call, card, transcript } = await callShownOn(page, secretary, "+15557770001");
    calls.push(call);
    await page.getByRole("status").getByText("New call from +15557770001.").waitFor();
    await card.getByText("With the secretary", { exact: true }).waitFor();
    await card.getByText(/on the line for \d+ s/).waitFor();
    assert.equal(await page.getByText("No calls right now").count(), 0);

    // Every text the secretary's line takes in the page, as a person watching it would see it change.
    await page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { secretarySaid: seen });
      new MutationObserver(() => {
        for (const line of document.querySelectorAll("li")) {
          const text = line.textContent ?? "";
          if (text.startsWith("Secretary") && seen.at(-1) !== text) seen.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    call.sendPrompt("My boiler is making a strange banging noise.");
    await lineShown(transcript, "My boiler is making a strange banging noise.");
    assert.equal(await call.nextReply(), reply);
    await lineShown(transcript, reply);

    const seen = await page.evaluate(() => (window as unknown as { secretarySaid: string[] }).secretarySaid);
    const partial = seen.filter((text) => text.startsWith("SecretaryOh no,") && !text.includes("today."));
    assert.ok(partial.length > 0, `the reply was seen growing, not only whole: ${JSON.stringify(seen)}`);

    // The caller cuts in: the line keeps what they heard, and says it was cut.
    secretary.anthropic.enqueue({
      text: "Our plumber has openings on Tuesday at nine, Wednesday at two, and Friday at four.",
      chunks: ["Our plumber has openings", " on Tuesday at nine,", " Wednesday at two,", " and Friday at four."],
      tokenDelayMs: 400,
    });
    call.sendPrompt("When could a plumber come?");
    await lineShown(transcript, "Our plumber has openings on Tuesday at nine,");
    call.interrupt("Our plumber has openings on Tuesday", 1800);
    const cut = transcript.getByRole("listitem").filter({ hasText: "cut off by the caller" });
    await cut.waitFor();
    const cutText = (await cut.textContent()) ?? "";
    assert.match(cutText, /Our plumber has openings on Tuesday/);
    assert.doesNotMatch(cutText, /Friday/, "what the caller did not hear is not shown");

    // The page's clock is faked only for the call's end; until then the page runs on its own timers.
    await context.clock.install();
    await call.hangUp({ duration: 10 });
    await card.getByText("Ended", { exact: true }).waitFor();
    await page.clock.fastForward(ENDED_SHOWN_MS);
    await card.waitFor({ state: "detached" });
    await page.getByText("No calls right now").waitFor();
    await context.close();
  });

  test("a card number read out over two turns: the line the page loaded with its start is corrected in place once the rest is said", async () => {
    const from = "+15557770009";
    const call = await placeCall({ ...secretary.simulator, from });
    calls.push(call);
    secretary.anthropic.enqueue({ text: "Go on." }, { text: "Thank you." });
    await call.say("The card is 4111 1111 1111");
    // The owner opens Live after the first part was stored: the page loads it from the call log.
    const { page, context } = await openLive(browser, secretary);
    const transcript = page
      .getByRole("article", { name: from })
      .getByRole("region", { name: `Transcript of the call with ${from}` });
    await transcript.getByText("The card is 4111 1111 1111").waitFor();

    await call.say("1111, that's the lot");
    await transcript.getByText("[card number], that's the lot").waitFor();
    await transcript.getByText("The card is [card number]").waitFor();
    assert.doesNotMatch((await transcript.textContent()) ?? "", /4111/);
    await call.hangUp({ duration: 10 });
    await context.close();
  });

  test("a note whispered from the page is in the transcript and in what Claude reads next; a line is said", async () => {
    const { page, context } = await openLive(browser, secretary);
    const { call, card, transcript } = await callShownOn(page, secretary, "+15557770002");
    calls.push(call);

    await card.getByRole("button", { name: "Send note" }).click();
    await card.getByRole("alert").getByText("The note is empty.").waitFor();

    const note = "Tell her Tuesday 3 pm is fine.";
    await card.getByLabel("Note to the secretary").fill(note);
    await card.getByRole("button", { name: "Send note" }).click();
    await card.getByText("Note passed to the secretary.").waitFor();
    const noteLine = transcript.getByRole("listitem").filter({ hasText: note });
    await noteLine.waitFor();
    await noteLine.getByText("You (to the secretary)").waitFor();

    secretary.anthropic.enqueue({ text: "Tuesday at 3 pm is fine. Shall I put you down?" });
    assert.equal(await call.say("Is Tuesday afternoon possible?"), "Tuesday at 3 pm is fine. Shall I put you down?");
    const lastUser = lastConversationRequest(secretary.anthropic).messages.at(-1);
    assert.match(String(lastUser?.content), /Tell her Tuesday 3 pm is fine\./, "Claude read the owner's note");
    assert.doesNotMatch(call.replies.join(" "), /Tell her/, "the caller never heard it");
    await transcript.getByText("Tuesday at 3 pm is fine. Shall I put you down?").waitFor();

    const line = "Dr. Reyes says she can see you today at four.";
    await card.getByLabel("Line for the secretary to say").fill(line);
    await card.getByRole("button", { name: "Say it" }).click();
    assert.equal(await call.nextReply(), line);
    await transcript.getByText(line).waitFor();

    await call.hangUp({ duration: 30 });
    await context.close();
  });

  test("ending a call from the page asks first, then the caller hears goodbye and the call leaves Live", async () => {
    const { page, context } = await openLive(browser, secretary);
    const { call, card } = await callShownOn(page, secretary, "+15557770003");
    calls.push(call);

    await card.getByRole("button", { name: "End call…" }).click();
    const dialog = page.getByRole("dialog", { name: "End the call with +15557770003?" });
    await dialog.getByText(/says goodbye and hangs up/).waitFor();
    await dialog.getByRole("button", { name: "Keep the call" }).click();
    await dialog.waitFor({ state: "hidden" });
    await card.getByText("With the secretary", { exact: true }).waitFor();

    await card.getByRole("button", { name: "End call…" }).click();
    await dialog.getByLabel("Goodbye the caller hears (optional)").fill("Dr. Reyes will call you back. Goodbye!");
    await context.clock.install();
    await dialog.getByRole("button", { name: "End the call" }).click();
    const ended = await call.waitForEnd();
    assert.equal(JSON.parse(ended.handoffData ?? "{}").reasonCode, "goodbye");
    assert.equal(call.replies.at(-1), "Dr. Reyes will call you back. Goodbye!");
    await card.getByText("This call has ended.").waitFor();
    await page.clock.fastForward(ENDED_SHOWN_MS);
    await card.waitFor({ state: "detached" });
    await page.getByText("No calls right now").waitFor();
    await call.hangUp({ duration: 15 });
    await context.close();
  });

  test("putting the caller through from the page rings the owner's phone", async () => {
    const { page, context } = await openLive(browser, secretary);
    const { call, card } = await callShownOn(page, secretary, "+15557770004");
    calls.push(call);
    await card.getByText(`Rings ${OWNER_PHONE}.`).waitFor();
    await card.getByRole("button", { name: "Put through to me" }).click();
    const ended = await call.waitForEnd();
    assert.equal(JSON.parse(ended.handoffData ?? "{}").reasonCode, "transfer");
    assert.equal(call.pendingDial?.number, OWNER_PHONE);
    await card.getByText("Put through to you", { exact: true }).waitFor();
    assert.equal(await card.getByRole("button", { name: "End call…" }).isDisabled(), true);
    await call.pickUp({ press: "1" });
    await call.finishDial("completed", { duration: 20 });
    await call.hangUp({ duration: 40 });
    await context.close();
  });

  test("with a call on it, the page has no accessibility violations, and no horizontal scroll on a phone", async () => {
    const { page, context } = await openLive(browser, secretary, PHONE);
    await page.getByText("No calls right now").waitFor();
    await assertAccessible(page);

    secretary.anthropic.enqueue({ text: "Certainly. May I have your name and a number to call you back on?" });
    const { call, card, transcript } = await callShownOn(page, secretary, "+15557770005");
    calls.push(call);
    await call.say("I would like to book a cleaning for a very long and complicated reason.");
    await transcript.getByText("May I have your name").waitFor();
    await assertAccessible(page);
    await assertNoHorizontalScroll(page);

    await card.getByRole("button", { name: "End call…" }).click();
    await page.getByRole("dialog").waitFor();
    await assertAccessible(page);
    await call.hangUp({ duration: 10 });
    await context.close();
  });

  test("a call that starts as the Live list's answer is on its way, or while many old calls are being edited, appears on Live and on Calls", async () => {
    await placeEndedCalls(secretary, 30, 1000);
    const api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    // Their analyses landed: until the edits start, no event comes but those of the new call.
    const history = await eventually(
      "the old calls' analyses",
      async () => {
        const { body } = await api.post<
          { calls: { edges: { node: { id: string; analysisState: string } }[] } },
          undefined
        >("query { calls(first: 100) { edges { node { id analysisState } } } }");
        const edges = body.data?.calls.edges ?? [];
        return edges.every((edge) => !["PENDING", "RUNNING"].includes(edge.node.analysisState)) && edges;
      },
      30_000,
    );
    // The oldest calls: past the first page of Calls, in no list the page will hold.
    const oldest = history.slice(-5).map((edge) => edge.node.id);
    assert.equal(oldest.length, 5);
    const { page, context } = await signedIn(browser, secretary.app.url, secretary.app.apiToken);

    // What reaches the page over its live connection, and its loads of the Live list.
    const first = "+15557770006";
    const second = "+15557770007";
    const heard = { [first]: 0, [second]: 0, others: 0 };
    let subscribed = false;
    page.on("websocket", (socket) => {
      socket.on("framesent", ({ payload }) => {
        if (String(payload).includes("subscription LiveCallUpdates")) subscribed = true;
      });
      socket.on("framereceived", ({ payload }) => {
        const text = String(payload);
        if (!text.includes('"callUpdated"')) return;
        if (text.includes(first)) heard[first]++;
        else if (text.includes(second)) heard[second]++;
        else heard.others++;
      });
    });
    let liveLoads = 0;
    page.on("request", (request) => {
      if (loadsLiveCalls(request.postData())) liveLoads++;
    });
    // The Live list's answers the server reads before the call starts reach the page only once the
    // page has heard of the call: a slow network's late answers.
    let holding = true;
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/graphql", async (route: Route) => {
      if (!holding || !loadsLiveCalls(route.request().postData())) return route.fallback();
      try {
        const response = await route.fetch();
        await released;
        await route.fulfill({ response });
      } catch {
        // The page gave up on this load (it started another): nothing to deliver.
      }
    });

    await page.goto("/live");
    await page.getByRole("heading", { name: "Live", level: 1 }).waitFor();
    await eventually("the page listens for calls", async () => subscribed, 10_000);
    // Two frames: the page has rendered, and run its effects, since the live connection opened.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const late = await placeCall({ ...secretary.simulator, from: first });
    calls.push(late);
    await late.connected();
    await eventually("the page hears of the new call", async () => heard[first] > 0, 10_000);
    holding = false;
    release();
    await page.getByRole("article", { name: first }).getByText("With the secretary", { exact: true }).waitFor();

    const edits = editNotesUntilStopped(api, oldest);
    try {
      await eventually("the page hears of the edits", async () => heard.others > 0, 10_000);
      const during = await placeCall({ ...secretary.simulator, from: second });
      calls.push(during);
      await during.connected();
      await page.getByRole("article", { name: second }).getByText("With the secretary", { exact: true }).waitFor();

      // None of the edits is about a call the Live page could show: it loads nothing for them.
      const loadsBefore = liveLoads;
      const heardBefore = heard.others;
      await eventually("the page hears of 20 more edits", async () => heard.others >= heardBefore + 20, 20_000);
      assert.ok(
        liveLoads - loadsBefore < 3,
        `the Live list was loaded ${liveLoads - loadsBefore} times for 20 edits of old calls`,
      );

      await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Calls", exact: true }).click();
      await page.getByRole("link", { name: /\+15557770006/ }).waitFor();
      await page.getByRole("link", { name: /\+15557770007/ }).waitFor();
      await during.hangUp({ duration: 10 });
    } finally {
      await edits.stop();
    }
    await late.hangUp({ duration: 10 });
    await context.close();
  });
});
