import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { MessageCreateParams } from "@anthropic-ai/sdk/resources/messages";
import type { Browser, ElementHandle, Page } from "playwright-core";
import type { DayOfWeek } from "../src/business/settings.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import { SetCallerRuleDocument, UpdateSettingsDocument } from "./generated/graphql.js";
import { assertAccessible, assertNoHorizontalScroll, launchBrowser, ownerPages, PHONE } from "./support/browser.js";
import { ApiClient } from "./support/graphql-client.js";
import { startSecretary, type TestSecretary, writesSettled } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const DAYS: DayOfWeek[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

/** What the post-call analysis (fake Claude's `record_call_analysis`) finds in each caller's words. */
const ANALYSES = [
  {
    said: "Water is pouring through my kitchen ceiling, please send someone now.",
    callerName: "Dana Whitfield",
    urgency: "URGENT",
    intent: "repair",
    actionItems: ["Send a plumber to Dana's flooded kitchen today"],
  },
  {
    said: "Could you email me a quote for a new boiler sometime?",
    callerName: "Sam Ortiz",
    urgency: "LOW",
    intent: "quote request",
    actionItems: ["Email Sam a quote for a new boiler"],
  },
  {
    said: "The bathroom tap has been dripping since Monday.",
    callerName: "Lee Chen",
    urgency: "HIGH",
    intent: "repair",
    actionItems: ["Book a visit for Lee's dripping tap"],
  },
  {
    said: "Can I move my Thursday appointment to next week?",
    callerName: "Ana Silva",
    urgency: "NORMAL",
    intent: "reschedule",
    actionItems: ["Call Ana back to move Thursday's visit"],
  },
  {
    said: "This is an important message about your car's extended warranty.",
    callerName: null,
    urgency: "LOW",
    intent: "sales pitch",
    actionItems: [],
    spam: true,
  },
];

function fakeClaude(body: MessageCreateParams) {
  if (body.tool_choice?.type !== "tool") return { text: "Thank you, I'll pass that on." };
  const transcript = JSON.stringify(body.messages);
  const found = ANALYSES.find((analysis) => transcript.includes(analysis.said));
  if (!found) throw new Error(`an analysis of an unexpected call: ${transcript}`);
  const { said: _said, ...analysis } = found;
  return {
    toolUse: {
      name: "record_call_analysis",
      input: { summary: `${found.callerName ?? "A caller"} called.`, spam: false, ...analysis },
    },
  };
}

/** What the To-do page lists, in its order: each item's first line. */
async function todoList(page: Page): Promise<string[]> {
  const items = await page.getByRole("list", { name: "Open action items" }).getByRole("listitem").all();
  return Promise.all(items.map(async (item) => (await item.locator("p").first().textContent()) ?? ""));
}

/** The figures Stats shows as text, by their names. */
async function figuresOn(page: Page): Promise<Record<string, string>> {
  const figures = page.getByRole("region", { name: "In figures" });
  const terms = await figures.getByRole("term").allTextContents();
  const values = await figures.getByRole("definition").allTextContents();
  return Object.fromEntries(terms.map((term, i) => [term, values[i] ?? ""]));
}

describe("the owner's dashboard: To-do and Stats", () => {
  let secretary: TestSecretary;
  let browser: Browser;
  let signedIn: ReturnType<typeof ownerPages>;
  let api: ApiClient;

  // Four calls with something to do, in office hours; then, the office closed for the day, a sales
  // pitch, a caller who hangs up at once and a blocked number.
  before(async () => {
    [secretary, browser] = await Promise.all([
      startSecretary({
        settings: { timeZone: "UTC", openingHours: DAYS.map((day) => ({ day, opens: "00:00", closes: "24:00" })) },
      }),
      launchBrowser(),
    ]);
    signedIn = ownerPages(browser, secretary.app.url, secretary.app.apiToken);
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    secretary.anthropic.respondWith(fakeClaude);
    const talk = async (from: string, said: string) => {
      const call = await placeCall({ ...secretary.simulator, from, to: "+15550009999" });
      await call.say(said);
      await call.hangUp({ duration: 30 });
    };
    // Placed in another order than their urgency, so that newest first would not pass for most urgent.
    for (const [i, analysis] of ANALYSES.slice(0, 4).entries()) await talk(`+1555770000${i}`, analysis.said);

    const today = new Date();
    const tomorrow = new Date(today.getTime() + 86_400_000);
    await api.query(UpdateSettingsDocument, {
      input: {
        closedDates: [today, tomorrow].map((day) => ({ date: day.toISOString().slice(0, 10), note: "Stocktaking" })),
      },
    });
    await talk("+15557700010", ANALYSES[4]!.said);
    const hangUp = await placeCall({ ...secretary.simulator, from: "+15557700011", to: "+15550009999" });
    await hangUp.connected();
    await hangUp.hangUp({ duration: 4 });
    await api.query(SetCallerRuleDocument, { input: { phone: "+15557700012", kind: "BLOCK" } });
    const blocked = await placeCall({ ...secretary.simulator, from: "+15557700012", to: "+15550009999" });
    assert.equal(blocked.outcome?.reason, "rejected");
    await writesSettled(secretary);
    await eventually(
      "every answered call analysed",
      async () => (await secretary.app.database.prisma.call.count({ where: { analysisState: "DONE" } })) === 6,
      15_000,
    );
  });
  after(async () => {
    await api?.close();
    await browser?.close();
    await secretary?.dispose();
  });

  test("at a phone's width To-do and Stats have no horizontal scroll, and the charts fit the screen", async () => {
    const { page, context } = await signedIn(PHONE);
    await page.goto("/todo");
    await page.getByText("4 things to do").waitFor();
    await assertNoHorizontalScroll(page);
    await page.goto("/stats?days=90");
    const chart = page.getByRole("img", { name: /^Calls per day:/ });
    await chart.waitFor();
    await assertNoHorizontalScroll(page);
    const box = await chart.boundingBox();
    assert.ok(box && box.width > 200 && box.x + box.width <= PHONE.width, `the chart fits: ${JSON.stringify(box)}`);
    await assertAccessible(page);
    await context.close();
  });

  test("To-do lists the open action items most urgent first; one done in a tab leaves every tab, and Undo brings it back", async () => {
    const { page: first, context } = await signedIn();
    await first.getByRole("link", { name: "To-do" }).click();
    await first.getByText("4 things to do").waitFor();
    assert.deepEqual(await todoList(first), [
      "Send a plumber to Dana's flooded kitchen today",
      "Book a visit for Lee's dripping tap",
      "Call Ana back to move Thursday's visit",
      "Email Sam a quote for a new boiler",
    ]);
    const lee = first.getByRole("listitem").filter({ hasText: "Book a visit for Lee's dripping tap" });
    await lee.getByText("High", { exact: true }).waitFor();
    const callLink = lee.getByRole("link", { name: /^Lee Chen, / });
    assert.match((await callLink.getAttribute("href")) ?? "", /^\/calls\/.+/);
    await assertAccessible(first);

    const second = await context.newPage();
    await second.goto("/todo");
    await second.getByText("4 things to do").waitFor();

    await lee.getByRole("button", { name: "Done" }).click();
    await first.getByRole("status").getByText("Done: “Book a visit for Lee's dripping tap”.").waitFor();
    await lee.waitFor({ state: "detached" });
    // The other tab was told by the live connection: no reload.
    await second.getByRole("listitem").filter({ hasText: "Lee's dripping tap" }).waitFor({ state: "detached" });
    await second.getByText("3 things to do").waitFor();
    assert.deepEqual(await todoList(second), [
      "Send a plumber to Dana's flooded kitchen today",
      "Call Ana back to move Thursday's visit",
      "Email Sam a quote for a new boiler",
    ]);

    await first.getByRole("button", { name: "Undo" }).click();
    await second.getByText("4 things to do").waitFor();
    assert.equal((await todoList(second))[1], "Book a visit for Lee's dripping tap", "back in its place");
    await first.getByText("4 things to do").waitFor();

    for (const item of await todoList(first)) {
      await first.getByRole("listitem").filter({ hasText: item }).getByRole("button", { name: "Done" }).click();
      await first.getByRole("listitem").filter({ hasText: item }).waitFor({ state: "detached" });
    }
    await first.getByText("Nothing to do").waitFor();
    await second.getByText("Nothing to do").waitFor();
    await context.close();
  });

  test("Stats shows the calls' figures as text and as charts, over a period kept in the address", async () => {
    const { page, context } = await signedIn();
    await page.getByRole("link", { name: "Stats" }).click();
    await page.getByRole("region", { name: "In figures" }).waitFor();
    const figures = await figuresOn(page);
    assert.deepEqual(
      {
        calls: figures.Calls,
        real: figures["Real calls"],
        afterHours: figures["After hours"],
        spam: figures.Spam,
        blocked: figures.Blocked,
        shortHangUps: figures["Short hang-ups"],
      },
      { calls: "7", real: "4", afterHours: "3", spam: "1", blocked: "1", shortHangUps: "1" },
    );
    assert.match(figures["First word of a reply, median"] ?? "", /^[\d,]+ ms$/);
    assert.match(figures["First word of a reply, 95th percentile"] ?? "", /^[\d,]+ ms$/);
    assert.match(figures["Average length"] ?? "", /^(\d+ min )?\d+ s$/);

    const charts = {
      "Calls per day": /^Calls per day: 7 calls over \d+ days; the busiest, .+, had 7\.$/,
      "Top intents": /^Top intents: Repair 2, (No message left 1, Quote request 1, Reschedule 1, Sales pitch 1)$/,
      Urgency: /^Urgency: Urgent 1, High 1, Normal 1, Low 3$/,
      "After hours, spam, blocked and short hang-ups":
        /^After hours, spam, blocked and short hang-ups: After hours 3, Spam 1, Blocked 1, Short hang-ups 1$/,
      "Time to the first word of a reply":
        /^Time to the first word of a reply: Median \(p50\) [\d,]+ ms, 95th percentile \(p95\) [\d,]+ ms$/,
    };
    for (const [title, summary] of Object.entries(charts)) {
      const chart = page.getByRole("img", { name: new RegExp(`^${title.replace(/[()]/g, "\\$&")}:`) });
      await chart.waitFor();
      assert.match((await chart.getAttribute("aria-label")) ?? "", summary);
      // Drawn: the canvas has painted pixels.
      await page.waitForFunction(
        (canvas) => {
          const pixels = canvas?.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data;
          return pixels?.some((channel, i) => i % 4 === 3 && channel > 0) ?? false;
        },
        (await chart.elementHandle()) as ElementHandle<HTMLCanvasElement>,
      );
    }
    await page.getByText("Calls per day as a table").click();
    const today = await page.evaluate(() =>
      new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date()),
    );
    await page.getByRole("row", { name: `${today} 7` }).waitFor();
    await assertAccessible(page);

    await page.getByRole("link", { name: "Last 7 days" }).click();
    await page.waitForURL(/\/stats\?days=7$/);
    // The chart's days are the API's UTC days: off UTC, the owner's last 7 days touch 8 of them.
    await page.getByRole("img", { name: /^Calls per day: 7 calls over [78] days/ }).waitFor();

    await page.getByLabel("From", { exact: true }).fill("2026-01-01");
    await page.getByLabel("To", { exact: true }).fill("2026-01-31");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/\/stats\?from=2026-01-01&to=2026-01-31$/);
    await page.getByText("No calls in this period, so there is nothing to chart.").waitFor();
    assert.equal((await figuresOn(page)).Calls, "0");

    await page.goBack();
    // The chart's days are the API's UTC days: off UTC, the owner's last 7 days touch 8 of them.
    await page.getByRole("img", { name: /^Calls per day: 7 calls over [78] days/ }).waitFor();

    await page.getByLabel("From", { exact: true }).fill("2026-02-10");
    await page.getByLabel("To", { exact: true }).fill("2026-02-01");
    await page.getByRole("button", { name: "Show" }).click();
    await page.getByRole("alert").getByText("The first day is after the last day").waitFor();
    await context.close();
  });
});
