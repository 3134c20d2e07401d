import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { placeCall } from "../src/simulator/simulated-call.js";
import { assertAccessible, assertNoHorizontalScroll, launchBrowser, ownerPages, PHONE } from "./support/browser.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";

/**
 * A caller leaves a message with the offline secretary (name, reason, callback number confirmed),
 * then hangs up: a call with a transcript, a summary and one action item.
 */
async function leaveMessage(secretary: TestSecretary, from: string, words: string): Promise<void> {
  const call = await placeCall({ ...secretary.simulator, from });
  await call.say(words);
  await call.say("Yes, that's fine.");
  await call.say("Yes.");
  await call.waitForEnd();
  await call.hangUp({ duration: 35 });
}

/** Opens a call's page from the Calls list, as the owner would, once the list shows it analysed. */
async function openFromCalls(page: Page, caller: string): Promise<string> {
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Calls" }).click();
  const link = page.getByRole("link", { name: new RegExp(caller) });
  await link.waitFor();
  const href = await link.getAttribute("href");
  assert.ok(href, "the call's row links to its page");
  await link.click();
  await page.getByRole("heading", { name: `Call from ${caller}`, level: 1 }).waitFor();
  return href;
}

describe("the owner's dashboard: a call's page", () => {
  let secretary: TestSecretary;
  let browser: Browser;
  let signedIn: ReturnType<typeof ownerPages>;
  before(async () => {
    [secretary, browser] = await Promise.all([startSecretary({ offline: true }), launchBrowser()]);
    signedIn = ownerPages(browser, secretary.app.url, secretary.app.apiToken);
    // Priya's call is looked at; Omar's is erased.
    await Promise.all([
      leaveMessage(
        secretary,
        "+15559990001",
        "Hi, this is Priya Shah. My daughter chipped a tooth and we need to come in today.",
      ),
      leaveMessage(secretary, "+15559990003", "Hi, this is Omar Haddad. It's an emergency, my crown came off."),
    ]);
  });
  after(async () => {
    await browser?.close();
    await secretary?.dispose();
  });

  test("opened from Calls, it shows the transcript and the summary; an action item done shows in a second tab", async () => {
    const { page, context } = await signedIn();
    const href = await openFromCalls(page, "Priya Shah");
    await page
      .getByRole("region", { name: "Transcript" })
      .getByText("Hi, this is Priya Shah. My daughter chipped a tooth and we need to come in today.")
      .waitFor();
    await page
      .getByRole("region", { name: "Summary" })
      .getByText(/Priya Shah called .*chipped a tooth/)
      .waitFor();
    await page
      .getByRole("status")
      .getByText(/^Analysed /)
      .waitFor();

    // A second tab of the same browser, open on the same call.
    const second = await context.newPage();
    await second.goto(href);
    const item = { name: /chipped a tooth/ };
    await second.getByRole("checkbox", { ...item, checked: false }).waitFor();

    await page.getByRole("checkbox", item).check();
    await second.getByRole("checkbox", { ...item, checked: true }).waitFor();
    await second.getByText(/· done/).waitFor();
    // And back, from the other tab.
    await second.getByRole("checkbox", item).uncheck();
    await page.getByRole("checkbox", { ...item, checked: false }).waitFor();
    await context.close();
  });

  test("the owner's notes are saved, and are there after a reload", async () => {
    const { page, context } = await signedIn();
    await openFromCalls(page, "Priya Shah");
    const notes = page.getByLabel(/Notes on this call/);
    await notes.fill("Called back at 3 pm: booked for tomorrow 9 am.");
    await page.getByRole("button", { name: "Save notes" }).click();
    await page.getByRole("status").getByText("Saved").waitFor();

    await page.reload();
    await page.getByRole("heading", { name: "Call from Priya Shah", level: 1 }).waitFor();
    assert.equal(
      await page.getByLabel(/Notes on this call/).inputValue(),
      "Called back at 3 pm: booked for tomorrow 9 am.",
    );
    await context.close();
  });

  test("blocking the caller says what it means, and can be undone", async () => {
    const { page, context } = await signedIn();
    await openFromCalls(page, "Priya Shah");
    const caller = page.getByRole("region", { name: "Caller" });
    await caller.getByText(/Blocking rejects their calls unanswered/).waitFor();
    await caller.getByRole("button", { name: "Block this number", exact: true }).click();
    await caller
      .getByRole("status")
      .getByText(/Blocked\. Calls from this number are rejected unanswered/)
      .waitFor();
    await page.getByText("Number blocked", { exact: true }).waitFor();

    await caller.getByRole("button", { name: "Unblock this number" }).click();
    await caller.getByRole("button", { name: "Block this number", exact: true }).waitFor();
    assert.equal(await page.getByText("Number blocked", { exact: true }).count(), 0);
    await context.close();
  });

  test("erasing asks first, saying what goes; the call then vanishes from Calls in another tab", async () => {
    const { page, context } = await signedIn();
    const list = await context.newPage();
    await list.goto("/calls");
    const row = list.getByRole("link", { name: /Omar Haddad/ });
    await row.waitFor();
    const href = await openFromCalls(page, "Omar Haddad");
    // A third tab on the call itself.
    const other = await context.newPage();
    await other.goto(href);
    await other.getByRole("heading", { name: "Call from Omar Haddad", level: 1 }).waitFor();

    await page.getByRole("button", { name: "Erase this call…" }).click();
    const dialog = page.getByRole("dialog", { name: "Erase this call for good?" });
    await dialog.waitFor();
    const said = (await dialog.textContent()) ?? "";
    for (const what of [
      "the transcript",
      "the summary",
      "its action item",
      "the caller record of Omar Haddad, as this was their only call",
      "It cannot be undone.",
    ]) {
      assert.ok(said.includes(what), `the confirmation says “${what}”: ${said}`);
    }
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("heading", { name: "Call from Omar Haddad", level: 1 }).waitFor();

    await page.getByRole("button", { name: "Erase this call…" }).click();
    await dialog.getByRole("button", { name: "Erase the call" }).click();
    await page.getByRole("heading", { name: "Calls", level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/calls");

    await row.waitFor({ state: "detached" });
    await list.getByRole("link", { name: /Priya Shah/ }).waitFor();
    await other.getByText("This call was erased or never existed.").waitFor();
    await other.getByRole("link", { name: "See the calls" }).waitFor();
    await context.close();
  });

  test("a call that does not exist says so, with a way back to Calls", async () => {
    const { page, context } = await signedIn();
    const missing = Buffer.from(`Call:${randomUUID()}`).toString("base64");
    for (const callId of [missing, "not-a-call-id"]) {
      await page.goto(`/calls/${encodeURIComponent(callId)}`);
      await page.getByText("This call was erased or never existed.").waitFor();
      assert.equal(await page.getByRole("alert").count(), 0, "not shown as an error");
      await page.getByRole("link", { name: "See the calls" }).click();
      await page.getByRole("heading", { name: "Calls", level: 1 }).waitFor();
    }
    await context.close();
  });

  test("the page has no accessibility violations, and no horizontal scroll at a phone's width", async () => {
    const { page, context } = await signedIn(PHONE);
    await openFromCalls(page, "Priya Shah");
    await page
      .getByRole("region", { name: "Transcript" })
      .getByText(/chipped a tooth/)
      .first()
      .waitFor();
    await assertNoHorizontalScroll(page);
    await assertAccessible(page);
    await page.getByRole("button", { name: "Erase this call…" }).click();
    await page.getByRole("dialog").waitFor();
    await assertAccessible(page);
    await context.close();
  });
});
