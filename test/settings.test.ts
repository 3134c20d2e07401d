import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { TextBlockParam } from "@anthropic-ai/sdk/resources/messages";
import { placeCall } from "../src/simulator/simulated-call.js";
import {
  type DayOfWeek,
  SettingsDocument,
  SettingsHistoryDocument,
  UpdateSettingsDocument,
  type UpdateSettingsInput,
} from "./generated/graphql.js";
import { ApiClient } from "./support/graphql-client.js";
import { lastConversationRequest, startSecretary, type TestSecretary, writesSettled } from "./support/secretary.js";

const WEEK: DayOfWeek[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Today's weekday in UTC, counted from Monday (0). */
const todayInUtc = () => (new Date().getUTCDay() + 6) % 7;

/** Open around the clock, every day: whenever the test runs, the office is open. */
const alwaysOpen = WEEK.map((day) => ({ day, opens: "00:00", closes: "24:00" }));
/** Open only three days from now, 9 to 5 (UTC): whenever the test runs, the office is closed. */
const closedNow = () => {
  const day = (todayInUtc() + 3) % 7;
  return { hours: [{ day: WEEK[day]!, opens: "09:00", closes: "17:00" }], opensOn: DAY_NAMES[day]! };
};

/** A date `days` from today (UTC), YYYY-MM-DD. */
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Whether Claude was offered the tool that puts the caller through. */
const offeredTransfer = (secretary: TestSecretary) =>
  lastConversationRequest(secretary.anthropic).tools?.some(
    (tool) => "name" in tool && tool.name === "transfer_to_owner",
  );

/** The system prompt Claude was given, as one text. */
function promptText(secretary: TestSecretary): string {
  const system = lastConversationRequest(secretary.anthropic).system;
  return typeof system === "string" ? system : (system as TextBlockParam[]).map((block) => block.text).join("\n");
}

const VIP = "+15557770001";
const SET_VIP =
  "mutation ($phone: String!) { setCallerRule(input: { phone: $phone, kind: VIP }) { callerRule { id } } }";

describe("the owner's settings", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary({ env: { OWNER_PHONE: "+15550001111" } });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(() => secretary?.dispose());

  /** A call that says one line and hangs up; returns the greeting it heard. */
  async function callAndHearGreeting(from = "+15557654321"): Promise<string> {
    secretary.anthropic.enqueue({ text: "Sure, one moment." });
    const call = await placeCall({ ...secretary.simulator, from });
    await call.say("Hi, a quick question.");
    await call.hangUp();
    return call.twiml.relay?.welcomeGreeting ?? "";
  }

  /** How many calls the owner sees marked after hours. */
  async function afterHoursCalls(): Promise<number> {
    await writesSettled(secretary);
    const { body } = await api.post<{ calls: { totalCount: number } }, Record<string, never>>(
      "{ calls(filter: { afterHours: true }) { totalCount } }",
    );
    return body.data?.calls.totalCount ?? -1;
  }

  test("start as the environment set them, and the secretary knows the local time", async () => {
    const { settings } = await api.query(SettingsDocument);
    assert.equal(settings.businessName, "Harbor Dental");
    assert.equal(settings.ownerName, "Dr. Reyes");
    assert.equal(settings.ownerPhone, "+15550001111");
    assert.equal(settings.transferWhen, "ALWAYS");
    assert.deepEqual(settings.openingHours, []);
    assert.equal(settings.voice.language, "en-US");
    assert.equal(settings.idleRepromptSeconds, 8);
    assert.equal(settings.maxCallMinutes, 20);

    await callAndHearGreeting();
    const prompt = promptText(secretary);
    assert.match(prompt, /It is \d{1,2}(:\d\d)? (am|pm) on \w+day, \w+ \d{1,2}\.|It is (noon|midnight)/);
    assert.match(prompt, /You were not told the opening hours/);
  });

  test("a change is checked, recorded, and heard on the next call", async () => {
    const { updateSettings } = await api.query(UpdateSettingsDocument, {
      input: {
        businessName: "Harbor Family Dental",
        timeZone: "america/new_york",
        openingHours: alwaysOpen,
        // Beyond the month the clock looks ahead: today the office is simply open around the clock.
        closedDates: [{ date: daysFromNow(60), note: "Staff training" }],
        staffNames: ["Priya", "Tom"],
      },
    });
    const { settings, change } = updateSettings;
    assert.equal(settings.businessName, "Harbor Family Dental");
    assert.equal(settings.timeZone, "America/New_York", "the zone as it is spelled");
    assert.equal(settings.currently.open, true);
    assert.equal(settings.version, 2);
    assert.ok(change);
    assert.equal(change.changedBy, "owner (API token)");
    assert.deepEqual(
      change.changes.map((changed) => changed.field),
      ["businessName", "timeZone", "openingHours", "closedDates", "staffNames"],
    );
    const businessName = change.changes.find((changed) => changed.field === "businessName");
    assert.deepEqual(businessName, {
      field: "businessName",
      before: '"Harbor Dental"',
      after: '"Harbor Family Dental"',
    });

    const history = await api.query(SettingsHistoryDocument, { first: 10 });
    assert.equal(history.settingsHistory.totalCount, 1);
    assert.equal(history.settingsHistory.edges[0]?.node.version, 2);

    const greeting = await callAndHearGreeting();
    assert.match(greeting, /^Hello, you've reached Harbor Family Dental\. This call is transcribed\./);
    const prompt = promptText(secretary);
    assert.match(prompt, /phone secretary of Harbor Family Dental/);
    assert.match(prompt, /The office is open around the clock\./);
    assert.match(prompt, /Our hours are: every day, all day\./);
  });

  test("a change that changes nothing is not recorded", async () => {
    const before = await api.query(SettingsHistoryDocument, { first: 1 });
    const { updateSettings } = await api.query(UpdateSettingsDocument, {
      input: { businessName: "Harbor Family Dental" },
    });
    assert.equal(updateSettings.change, null);
    const after = await api.query(SettingsHistoryDocument, { first: 1 });
    assert.equal(after.settingsHistory.totalCount, before.settingsHistory.totalCount);
  });

  test("bad settings are refused, naming the setting, and nothing changes", async () => {
    const before = await api.query(SettingsDocument);
    const refusals: [UpdateSettingsInput, string, RegExp][] = [
      [{ timeZone: "Mars/Olympus_Mons" }, "timeZone", /IANA time zone/],
      [
        { openingHours: [{ day: "MONDAY", opens: "17:00", closes: "09:00" }] },
        "openingHours[0]",
        /must be after opens/,
      ],
      [
        {
          openingHours: [
            { day: "MONDAY", opens: "09:00", closes: "13:00" },
            { day: "MONDAY", opens: "12:00", closes: "17:00" },
          ],
        },
        "openingHours[1]",
        /overlaps MONDAY 09:00 to 13:00/,
      ],
      [{ openingHours: [{ day: "MONDAY", opens: "9am", closes: "17:00" }] }, "openingHours[0]", /HH:MM/],
      [{ closedDates: [{ date: "2026-02-30" }] }, "closedDates[0]", /calendar date/],
      [{ ownerPhone: "555-1234" }, "ownerPhone", /E\.164/],
      [{ businessName: "  " }, "businessName", /blank/],
      [{ idleRepromptSeconds: 1 }, "idleRepromptSeconds", /3/],
      [{ voice: { language: "English" } }, "voice.language", /language tag/],
      [{ voice: { otherLanguages: ["es", "es"] } }, "voice.otherLanguages", /repeat/],
    ];
    for (const [input, field, message] of refusals) {
      const { body } = await api.post(UpdateSettingsDocument, { input });
      const error = body.errors?.[0];
      assert.equal(error?.extensions?.code, "BAD_USER_INPUT", `${JSON.stringify(input)}: ${JSON.stringify(body)}`);
      assert.equal(error?.extensions?.field, field, JSON.stringify(error));
      assert.match(error?.message ?? "", message);
      assert.ok(error?.message.startsWith(`${field}: `), error?.message);
    }
    const afterRefusals = await api.query(SettingsDocument);
    assert.deepEqual(afterRefusals.settings, { ...before.settings, currently: afterRefusals.settings.currently });
  });

  test("a change made on a version that is no longer current is refused (CONFLICT)", async () => {
    const { settings } = await api.query(SettingsDocument);
    await api.query(UpdateSettingsDocument, { input: { instructions: "Mention the free parking." } });
    const { body } = await api.post(UpdateSettingsDocument, {
      input: { instructions: "Something else.", expectedVersion: settings.version },
    });
    assert.equal(body.errors?.[0]?.extensions?.code, "CONFLICT");
    assert.equal((await api.query(SettingsDocument)).settings.instructions, "Mention the free parking.");
  });

  test("outside opening hours the greeting says so, and only an emergency is put through", async () => {
    const { hours, opensOn } = closedNow();
    await api.query(UpdateSettingsDocument, {
      input: { timeZone: "UTC", openingHours: hours, transferWhen: "OPEN_HOURS" },
    });
    const markedBefore = await afterHoursCalls();
    const greeting = await callAndHearGreeting();
    assert.match(greeting, /We're closed right now, but I can take a message\./);
    assert.equal(await afterHoursCalls(), markedBefore + 1, "the call is marked after hours");
    const prompt = promptText(secretary);
    assert.match(prompt, new RegExp(`The office is closed; it opens ${opensOn} at 9 am\\.`));
    assert.match(prompt, /takes calls now only for emergencies/);
    assert.ok(offeredTransfer(secretary), "an emergency can still be put through");

    // A VIP rings the owner first only while anyone may be put through: now, the secretary answers.
    await api.post(SET_VIP, { phone: VIP });
    assert.match(await callAndHearGreeting(VIP), /We're closed right now/);
    assert.equal(await afterHoursCalls(), markedBefore + 2);

    await api.query(UpdateSettingsDocument, { input: { openingHours: alwaysOpen } });
    assert.doesNotMatch(await callAndHearGreeting(), /closed/);
    assert.equal(await afterHoursCalls(), markedBefore + 2, "a call in opening hours is not marked");
    assert.match(promptText(secretary), /If the caller insists on speaking to Dr\. Reyes now/);
    const vipCall = await placeCall({ ...secretary.simulator, from: VIP });
    assert.equal(vipCall.pendingDial?.number, "+15550001111", "in opening hours a VIP rings the owner first");
    await vipCall.pickUp({ press: "1" });
    await vipCall.finishDial("completed", { duration: 30 });

    await api.query(UpdateSettingsDocument, { input: { transferWhen: "NEVER" } });
    await callAndHearGreeting();
    assert.match(promptText(secretary), /takes calls now only for emergencies/);

    await api.query(UpdateSettingsDocument, { input: { ownerPhone: null } });
    await callAndHearGreeting();
    assert.match(promptText(secretary), /You cannot transfer calls/);
    assert.ok(!offeredTransfer(secretary));
  });
});

describe("settings across a restart", () => {
  test("the database has the say: the environment only starts a new one", async () => {
    const first = await startSecretary({ onDisk: true });
    let second: TestSecretary | undefined;
    try {
      const api = new ApiClient(first.app.url, first.app.apiToken);
      await api.query(UpdateSettingsDocument, { input: { businessName: "Harbor Dental & Implants" } });
      await first.stop();
      second = await startSecretary({ reuse: first, env: { BUSINESS_NAME: "Something Else" } });
      const { settings } = await new ApiClient(second.app.url, second.app.apiToken).query(SettingsDocument);
      assert.equal(settings.businessName, "Harbor Dental & Implants");
    } finally {
      await (second ?? first).dispose();
    }
  });
});
