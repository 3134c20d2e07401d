import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { placeCall } from "../src/simulator/simulated-call.js";
import { SettingsDocument, UpdateSettingsDocument } from "./generated/graphql.js";
import { assertAccessible, assertNoHorizontalScroll, launchBrowser, ownerPages, PHONE } from "./support/browser.js";
import { ApiClient } from "./support/graphql-client.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";

describe("the owner's dashboard: the business settings", () => {
  let secretary: TestSecretary;
  let browser: Browser;
  let signedIn: ReturnType<typeof ownerPages>;
  let api: ApiClient;
  before(async () => {
    [secretary, browser] = await Promise.all([startSecretary({ offline: true }), launchBrowser()]);
    signedIn = ownerPages(browser, secretary.app.url, secretary.app.apiToken);
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await browser?.close();
    await secretary?.dispose();
  });

  async function openSettings(viewport?: typeof PHONE) {
    const signed = await signedIn(viewport);
    await signed.page.getByRole("link", { name: "Settings" }).click();
    await signed.page.getByRole("heading", { name: "Business details" }).waitFor();
    return signed;
  }

  test("a new business name and Monday's hours are saved, kept after a reload, and the next call is greeted with the name", async () => {
    const { page, context } = await openSettings();
    await page.getByLabel("Business name").fill("Reyes Plumbing & Heating");
    await page.getByRole("button", { name: "Save business details" }).click();
    await page.getByText(/^Saved .*Calls from now on use it\./).waitFor();

    const monday = page.getByRole("group", { name: "Monday" });
    await monday.getByLabel("Open on Monday").check();
    await monday.getByLabel("From", { exact: true }).fill("07:30");
    await monday.getByLabel("To", { exact: true }).fill("16:00");
    await monday.getByRole("button", { name: "Add hours on Monday" }).click();
    await monday.getByLabel("From", { exact: true }).nth(1).fill("17:00");
    await monday.getByLabel("To", { exact: true }).nth(1).fill("19:00");
    const hours = page.getByRole("region", { name: "Opening hours" });
    await hours.getByText("Unsaved changes").waitFor();
    await hours.getByRole("button", { name: "Save opening hours" }).click();
    await hours.getByText(/^Saved /).waitFor();

    await page.reload();
    await page.getByRole("heading", { name: "Business details" }).waitFor();
    assert.equal(await page.getByLabel("Business name").inputValue(), "Reyes Plumbing & Heating");
    const mondayAgain = page.getByRole("group", { name: "Monday" });
    assert.equal(await mondayAgain.getByLabel("Open on Monday").isChecked(), true);
    assert.deepEqual(
      await mondayAgain
        .getByLabel("From", { exact: true })
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
      ["07:30", "17:00"],
    );
    assert.deepEqual(
      await mondayAgain
        .getByLabel("To", { exact: true })
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
      ["16:00", "19:00"],
    );
    assert.equal(await page.getByRole("group", { name: "Tuesday" }).getByLabel("Open on Tuesday").isChecked(), false);

    const { settings } = await api.query(SettingsDocument);
    assert.deepEqual(settings.openingHours, [
      { day: "MONDAY", opens: "07:30", closes: "16:00" },
      { day: "MONDAY", opens: "17:00", closes: "19:00" },
    ]);
    const call = await placeCall({ ...secretary.simulator, from: "+15557650002" });
    assert.match(call.twiml.relay?.welcomeGreeting ?? "", /Reyes Plumbing & Heating/);
    await call.hangUp();

    // Who changed what is there to read.
    await page.getByText("History of changes").click();
    const change = page.getByRole("listitem").filter({ hasText: /^Business name: / });
    assert.equal(await change.getByRole("insertion").textContent(), "Reyes Plumbing & Heating");
    await assertAccessible(page);
    await context.close();
  });

  test("a value the API refuses is marked at its input with the API's message, and nothing is saved", async () => {
    const { page, context } = await openSettings();
    await page.getByLabel("Your phone number").fill("555-1234");
    await page.getByRole("button", { name: "Save business details" }).click();
    const phone = page.getByLabel("Your phone number");
    await page.getByText("Must be an E.164 phone number such as +15551234567").waitFor();
    assert.equal(await phone.getAttribute("aria-invalid"), "true");
    assert.match((await phone.getAttribute("aria-describedby")) ?? "", /problem/);
    const describedBy = await phone.evaluate((input) =>
      (input.getAttribute("aria-describedby") ?? "")
        .split(" ")
        .map((id) => document.getElementById(id)?.textContent)
        .join(" "),
    );
    assert.match(describedBy, /Must be an E\.164 phone number/);
    await page.getByRole("alert").getByText("Not saved").waitFor();

    const tuesday = page.getByRole("group", { name: "Tuesday" });
    await tuesday.getByLabel("Open on Tuesday").check();
    await tuesday.getByLabel("From", { exact: true }).fill("17:00");
    await tuesday.getByLabel("To", { exact: true }).fill("08:00");
    await page.getByRole("button", { name: "Save opening hours" }).click();
    await tuesday.getByText(/Closes \(08:00\) must be after opens \(17:00\)/).waitFor();

    const { settings } = await api.query(SettingsDocument);
    assert.equal(settings.ownerPhone, null);
    assert.equal(
      settings.openingHours.some((hours) => hours.day === "TUESDAY"),
      false,
    );
    await assertAccessible(page);
    await context.close();
  });

  test("a change saved elsewhere meanwhile is not undone: the owner is told and reloads it", async () => {
    const { page, context } = await openSettings();
    const { settings: before } = await api.query(SettingsDocument);
    await api.query(UpdateSettingsDocument, { input: { ownerName: "Dr. Ana Reyes" } });

    await page.getByLabel("Business name").fill("Overwritten By A Stale Page");
    await page.getByRole("button", { name: "Save business details" }).click();
    const alert = page.getByRole("alert");
    await alert.getByText(/someone else changed the settings after this page loaded them/).waitFor();
    const { settings: meanwhile } = await api.query(SettingsDocument);
    assert.equal(meanwhile.businessName, before.businessName, "the stale change was refused");
    assert.equal(meanwhile.ownerName, "Dr. Ana Reyes");

    await alert.getByRole("button", { name: "Reload the settings" }).click();
    await page.getByText("Reloaded: the page shows the settings as saved now.").waitFor();
    assert.equal(await page.getByLabel("Your name").inputValue(), "Dr. Ana Reyes");
    assert.equal(await page.getByLabel("Business name").inputValue(), before.businessName);

    // On the settings as saved now, the owner's change goes through.
    await page.getByLabel("Business name").fill("Reyes Family Plumbing");
    await page.getByRole("button", { name: "Save business details" }).click();
    await page.getByText(/^Saved /).waitFor();
    assert.equal((await api.query(SettingsDocument)).settings.businessName, "Reyes Family Plumbing");
    await context.close();
  });

  test("leaving with unsaved changes asks first, and staying keeps them", async () => {
    const { page, context } = await openSettings();
    await page.getByLabel("Your instructions to the secretary").fill("We don't service gas boilers.");
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Calls" }).click();
    const dialog = page.getByRole("dialog", { name: "Leave without saving?" });
    await dialog.getByText(/Your changes to business details are not saved yet/).waitFor();
    await dialog.getByRole("button", { name: "Stay and keep editing" }).click();
    assert.equal(
      await page.getByLabel("Your instructions to the secretary").inputValue(),
      "We don't service gas boilers.",
    );
    assert.equal(await page.getByRole("heading", { name: "Settings", level: 1 }).count(), 1);

    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Calls" }).click();
    await dialog.getByRole("button", { name: "Leave without saving" }).click();
    await page.getByRole("heading", { name: "Calls", level: 1 }).waitFor();
    assert.notEqual((await api.query(SettingsDocument)).settings.instructions, "We don't service gas boilers.");
    await context.close();
  });

  test("at a phone's width the settings have no horizontal scroll, and pass the accessibility check", async () => {
    const { page, context } = await openSettings(PHONE);
    await page.getByText(/^(Open|Closed) now$/).waitFor();
    await page.getByText("History of changes").click();
    await page.getByRole("insertion").first().waitFor();
    await assertNoHorizontalScroll(page);
    await assertAccessible(page);
    await context.close();
  });
});
