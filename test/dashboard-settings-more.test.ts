import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { placeCall } from "../src/simulator/simulated-call.js";
import { assertAccessible, assertNoHorizontalScroll, launchBrowser, ownerPages, PHONE } from "./support/browser.js";
import { answerAnalyses, systemPromptOf } from "./support/fake-anthropic.js";
import { lastConversationRequest, startSecretary, type TestSecretary, writesSettled } from "./support/secretary.js";
import { SmtpInbox } from "./support/smtp-inbox.js";

const SMTP_USER = "secretary@harbor-dental.test";
const SMTP_PASSWORD = "smtp-password-for-the-dashboard-test";

describe("the owner's dashboard: knowledge, callers and notifications settings", () => {
  let secretary: TestSecretary;
  let browser: Browser;
  let signedIn: ReturnType<typeof ownerPages>;
  const inbox = new SmtpInbox(SMTP_USER, SMTP_PASSWORD);
  before(async () => {
    await inbox.start();
    [secretary, browser] = await Promise.all([startSecretary(), launchBrowser()]);
    signedIn = ownerPages(browser, secretary.app.url, secretary.app.apiToken);
    secretary.anthropic.respondWith(answerAnalyses);
  });
  after(async () => {
    await browser?.close();
    await secretary?.dispose();
    await inbox.stop();
  });

  test("an entry added in the browser is listed, and the next call's secretary knows it", async () => {
    const { page, context } = await signedIn();
    await page.goto("/settings/knowledge");
    await page.getByText("The knowledge base is empty").waitFor();

    await page.getByText("Add an entry").click();
    await page.getByLabel("Title", { exact: true }).fill("Parking");
    await page.getByLabel("What the secretary should know").fill("Free parking behind the building.");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("status").getByText("Added “Parking” to the knowledge base.").waitFor();
    const entries = page.getByRole("list", { name: "Entries" });
    await entries.getByRole("heading", { name: "Parking" }).waitFor();
    await entries.getByText("Free parking behind the building.").waitFor();
    await page.getByText("1 entry").waitFor();

    // Refused by the API, named by its field: the title's box says why, and nothing is added.
    await page.getByLabel("Title", { exact: true }).fill("   ");
    await page.getByLabel("What the secretary should know").fill("Something.");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const problem = page.locator("#new-entry-title-problem");
    await problem.waitFor();
    assert.match((await problem.textContent()) ?? "", /title/i);
    const title = page.getByLabel("Title", { exact: true });
    assert.equal(await title.getAttribute("aria-invalid"), "true");
    assert.match((await title.getAttribute("aria-describedby")) ?? "", /new-entry-title-problem/);
    await page.getByText("1 entry").waitFor();

    await page.getByRole("button", { name: "Edit “Parking”" }).click();
    const editing = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: "Editing “Parking”" }) });
    await editing
      .getByLabel("What the secretary should know")
      .fill("Free parking behind the building, off Elm Street.");
    await editing.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").getByText("Saved “Parking”.").waitFor();

    secretary.anthropic.enqueue({ text: "There's free parking behind the building." });
    const call = await placeCall({ ...secretary.simulator, from: "+15553330001" });
    await call.say("Where can I park?");
    await call.hangUp();
    assert.match(
      systemPromptOf(lastConversationRequest(secretary.anthropic)),
      /## Parking\nFree parking behind the building, off Elm Street\./,
    );
    await context.close();
  });

  test("a question a caller asked is answered in place: it leaves the open questions and becomes an entry", async () => {
    secretary.anthropic.enqueue(
      {
        text: "I'm not sure, let me find out.",
        toolUse: { name: "note_unanswered_question", input: { question: "Do you offer teeth whitening?" } },
      },
      { text: " Anything else?" },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15553330002" });
    await call.say("Do you do teeth whitening?");
    await call.hangUp();
    await writesSettled(secretary);

    const { page, context } = await signedIn();
    await page.goto("/settings/knowledge");
    const question = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: "Do you offer teeth whitening?" }) });
    await question.getByText(/Asked once, .* by \+15553330002/).waitFor();
    await question.getByLabel("Answer").fill("Yes: whitening is three hundred dollars, in one visit.");
    await question.getByRole("button", { name: "Save the answer" }).click();

    await page
      .getByRole("status")
      .getByText(/Answered “Do you offer teeth whitening\?”/)
      .waitFor();
    await page.getByText("No open questions.").waitFor();
    await page
      .getByRole("list", { name: "Entries" })
      .getByText("Yes: whitening is three hundred dollars, in one visit.")
      .waitFor();
    await context.close();
  });

  test("a number blocked in the browser is rejected on its next call", async () => {
    const { page, context } = await signedIn();
    await page.goto("/settings/rules");
    await page.getByRole("heading", { name: "Blocked numbers" }).waitFor();
    await page.getByLabel("Phone number", { exact: true }).fill("(555) 010-7777");
    await page.getByLabel("Block", { exact: true }).check();
    await page.getByLabel("Note (optional)").fill("extended warranty robocalls");
    await page.getByRole("button", { name: "Save the rule" }).click();
    await page.getByRole("status").getByText("+15550107777 is blocked.").waitFor();
    const blocked = page.getByRole("list", { name: "Blocked numbers" });
    await blocked.getByText("+15550107777").waitFor();
    await blocked.getByText("extended warranty robocalls").waitFor();

    // A number the API cannot read: said under the phone box, nothing saved.
    await page.getByLabel("Phone number", { exact: true }).fill("call me maybe");
    await page.getByRole("button", { name: "Save the rule" }).click();
    await page.locator("#rule-phone-problem").waitFor();
    assert.equal(await page.getByLabel("Phone number", { exact: true }).getAttribute("aria-invalid"), "true");

    const call = await placeCall({ ...secretary.simulator, from: "+15550107777" });
    assert.equal(call.outcome?.reason, "rejected", "the blocked number's call is rejected");
    assert.equal(call.sessions.length, 0, "nobody answered it");
    await context.close();
  });

  test("a caller's data is exported as a file, and erased after a confirmation that says what goes", async () => {
    const from = "+15553330003";
    secretary.anthropic.enqueue({ text: "We're open until five." });
    const call = await placeCall({ ...secretary.simulator, from });
    await call.say("Are you open this afternoon?");
    await call.hangUp();
    await writesSettled(secretary);

    const { page, context } = await signedIn();
    await page.goto("/settings/rules");
    await page.getByLabel("Caller's phone number").fill(from);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export a caller's data" }).click(),
    ]);
    const exported = await readFile((await download.path()) ?? "", "utf8");
    assert.match(exported, /Are you open this afternoon\?/, "the file holds what the caller said");

    await page.getByRole("button", { name: "Erase a caller" }).click();
    const dialog = page.getByRole("dialog", { name: `Erase everything about ${from}?` });
    await dialog.getByText(/every call from this number/).waitFor();
    await dialog.getByRole("button", { name: "Erase the caller" }).click();
    await page.getByRole("status").getByText(`Everything stored about ${from} is erased (1 call).`).waitFor();
    const left = await secretary.app.database.prisma.call.count({ where: { from } });
    assert.equal(left, 0, "the caller's calls are gone");
    await context.close();
  });

  test("an email channel made in the browser delivers a test mail to the real SMTP server", async () => {
    const { page, context } = await signedIn();
    await page.goto("/settings/notifications");
    await page.getByText("No channels").waitFor();
    await page.getByLabel("Email", { exact: true }).check();
    await page.getByLabel("Name", { exact: true }).fill("Front desk inbox");
    await page.getByLabel("Send to").fill("frontdesk@harbor-dental.test");
    await page.getByLabel("Mail server (SMTP)").fill("127.0.0.1");
    await page.getByLabel("Port", { exact: true }).fill(String(inbox.port));
    await page.getByLabel("Login (optional)").fill(SMTP_USER);
    await page.getByLabel("Password", { exact: true }).fill(SMTP_PASSWORD);
    await page.getByLabel("Sender's address").fill(SMTP_USER);
    await page.getByRole("button", { name: "Add the channel" }).click();

    const channel = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Front desk inbox" }) });
    await channel.getByText("Email to frontdesk@harbor-dental.test, through 127.0.0.1").waitFor();
    await channel.getByRole("button", { name: "Send a test" }).click();
    await channel.getByText("Test delivered.").waitFor();
    const mail = inbox.mails.find((received) => received.subject === "Test notification from your phone secretary");
    assert.ok(mail, "the test mail arrived");
    assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : "", "frontdesk@harbor-dental.test");
    assert.ok(!(await page.content()).includes(SMTP_PASSWORD), "the password is never shown again");
    await context.close();
  });

  test("a webhook's signing secret is shown once, with a way to copy it", async () => {
    const { page, context } = await signedIn();
    await page.goto("/settings/notifications");
    await page.getByLabel("Webhook", { exact: true }).check();
    await page.getByLabel("Name", { exact: true }).fill("Automations");
    await page.getByLabel("URL", { exact: true }).fill("https://hooks.example.test/secretary");
    await page.getByRole("button", { name: "Add the channel" }).click();
    const secret = page.getByLabel("Signing secret", { exact: true });
    await secret.waitFor();
    assert.match(await secret.inputValue(), /^whsec_/);
    await page.getByText("It is shown this once and will not be shown again.").waitFor();
    await page.getByRole("button", { name: "Copy" }).waitFor();
    await page.getByRole("button", { name: "I have kept it: hide it" }).click();
    await page.reload();
    await page.getByRole("heading", { name: "Automations" }).waitFor();
    assert.equal(await page.getByLabel("Signing secret", { exact: true }).count(), 0, "not shown again");
    await context.close();
  });

  test("the three sections pass axe, and at a phone's width none scrolls sideways; an entry is deleted after its confirmation", async () => {
    const { page, context } = await signedIn(PHONE);
    for (const [path, heading] of [
      ["/settings/knowledge", "Knowledge base"],
      ["/settings/rules", "Blocked numbers"],
      ["/settings/notifications", "Channels"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("heading", { name: heading, level: 2 }).waitFor();
      await page.waitForFunction(() => !document.body.textContent.includes("Loading"));
      await assertAccessible(page, path);
      await assertNoHorizontalScroll(page, path);
    }
    // A confirmation dialog is part of the page too.
    await page.goto("/settings/knowledge");
    await page.getByRole("button", { name: "Delete “Parking”" }).click();
    await page.getByRole("dialog").waitFor();
    await assertAccessible(page, "the delete dialog");
    await page.getByRole("dialog").getByRole("button", { name: "Delete the entry" }).click();
    await page.getByRole("status").getByText("Deleted “Parking”.").waitFor();
    await page
      .getByRole("list", { name: "Entries" })
      .getByRole("heading", { name: "Parking" })
      .waitFor({ state: "detached" });
    await context.close();
  });
});
