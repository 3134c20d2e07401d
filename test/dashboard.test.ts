import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { placeCall } from "../src/simulator/simulated-call.js";
import { assertNoHorizontalScroll, launchBrowser, PHONE, signedIn } from "./support/browser.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";

describe("the owner's dashboard: signing in and the calls", () => {
  let secretary: TestSecretary;
  let browser: Browser;
  before(async () => {
    [secretary, browser] = await Promise.all([startSecretary({ offline: true }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await secretary?.dispose();
  });

  test("a wrong token is refused, and nothing of the calls is shown", async () => {
    const context = await browser.newContext({ baseURL: secretary.app.url });
    const page = await context.newPage();
    await page.goto("/calls");
    await page.getByLabel("API token").fill("not-the-token-at-all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("That is not the API token").waitFor();
    assert.equal(await page.getByRole("heading", { name: "Calls" }).count(), 0);
    await context.close();
  });

  test("a call placed while the owner watches appears on Calls without a reload, and search finds it", async () => {
    const { page, context } = await signedIn(browser, secretary.app.url, secretary.app.apiToken);
    await page.getByText("0 calls", { exact: true }).waitFor();

    const call = await placeCall({ ...secretary.simulator, from: "+15557650001", to: "+15550009999" });
    await call.connected();
    await call.say("My name is Priya Natarajan, the kitchen tap is leaking badly.");
    await call.hangUp({ duration: 20 });

    // The list was loaded before the call: the call comes in by the live subscription.
    await page.getByRole("link", { name: /\+15557650001|Priya/ }).waitFor();
    // exact: the top bar's "1 call in progress" (Live) may still show while the hang-up arrives.
    await page.getByText("1 call", { exact: true }).waitFor();

    await page.getByLabel("Search calls").fill("leaking tap");
    await page.getByRole("button", { name: "Search" }).click();
    const match = page.getByRole("listitem").filter({ has: page.locator("mark") });
    await match.first().waitFor();
    const marked = await match.first().locator("mark").allInnerTexts();
    assert.ok(
      marked.some((word) => /leak/i.test(word)),
      `the matching words are highlighted: ${marked.join(", ")}`,
    );
    await page.getByLabel("Search calls").fill("flamingo");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("No calls match “flamingo”.").waitFor();
    await context.close();
  });

  test("signing out ends the session: the pages ask for the token again", async () => {
    const { page, context } = await signedIn(browser, secretary.app.url, secretary.app.apiToken);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API token").waitFor();
    await page.goto("/calls");
    await page.getByLabel("API token").waitFor();
    await context.close();
  });

  test("at a phone's width the calls page has no horizontal scroll", async () => {
    const { page, context } = await signedIn(browser, secretary.app.url, secretary.app.apiToken, PHONE);
    await page.getByText(/\d+ calls?/).waitFor();
    await page.getByText("Filters", { exact: true }).click();
    await assertNoHorizontalScroll(page);
    await context.close();
  });
});
