import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type BusinessHours,
  businessClock,
  clockSentences,
  closedDatesProblems,
  describeOpeningHours,
  openingHoursProblems,
  spokenTime,
} from "../src/business/opening-hours.js";
import type { ClosedDate, DayOfWeek, OpeningHours } from "../src/business/settings.js";
import { addDays, instantOf, isCalendarDate, isKnownTimeZone, wallTimeAt } from "../src/business/time-zone.js";

const WEEKDAYS: DayOfWeek[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"];

function on(days: DayOfWeek[], opens: string, closes: string): OpeningHours[] {
  return days.map((day) => ({ day, opens, closes }));
}

/** What a caller at `now` would be told, and the clock behind it. */
function at(hours: BusinessHours, now: string) {
  const clock = businessClock(hours, new Date(now));
  return { clock, said: clockSentences(clock) };
}

const nineToFive: BusinessHours = {
  timeZone: "America/New_York",
  openingHours: on(WEEKDAYS, "09:00", "17:00"),
  closedDates: [],
};

describe("the office's clock, on an ordinary week", () => {
  test("at 4:59 pm on a 9 to 5 day it is open until 5 pm", () => {
    const { clock, said } = at(nineToFive, "2026-12-04T16:59:00-05:00");
    assert.equal(clock.open, true);
    assert.equal(clock.localDate, "2026-12-04");
    assert.equal(clock.localTime, "16:59");
    assert.equal(clock.weekday, "FRIDAY");
    assert.equal(clock.closesAt?.at.toISOString(), "2026-12-04T22:00:00.000Z");
    assert.equal(clock.closesAt?.localTime, "17:00");
    assert.equal(clock.nextOpening, undefined);
    assert.equal(said, "It is 4:59 pm on Friday, December 4. The office is open until 5 pm.");
  });

  test("at 5 pm sharp it is closed, and opens Monday at 9", () => {
    const { clock, said } = at(nineToFive, "2026-12-04T17:00:00-05:00");
    assert.equal(clock.open, false);
    assert.equal(clock.closesAt, undefined);
    assert.equal(clock.nextOpening?.at.toISOString(), "2026-12-07T14:00:00.000Z");
    assert.deepEqual(
      { date: clock.nextOpening?.localDate, time: clock.nextOpening?.localTime, day: clock.nextOpening?.weekday },
      { date: "2026-12-07", time: "09:00", day: "MONDAY" },
    );
    assert.equal(said, "It is 5 pm on Friday, December 4. The office is closed; it opens Monday at 9 am.");
  });

  test("says today, tomorrow, or the weekday of the next opening", () => {
    assert.equal(
      at(nineToFive, "2026-12-07T07:15:00-05:00").said,
      "It is 7:15 am on Monday, December 7. The office is closed; it opens today at 9 am.",
    );
    assert.equal(
      at(nineToFive, "2026-12-03T18:40:00-05:00").said,
      "It is 6:40 pm on Thursday, December 3. The office is closed; it opens tomorrow at 9 am.",
    );
    assert.equal(
      at(nineToFive, "2026-12-04T18:40:00-05:00").said,
      "It is 6:40 pm on Friday, December 4. The office is closed; it opens Monday at 9 am.",
    );
  });

  test("a lunch break: closed from noon, open again at 1 pm until 5:30 pm", () => {
    const hours: BusinessHours = {
      ...nineToFive,
      openingHours: [...on(WEEKDAYS, "13:00", "17:30"), ...on(WEEKDAYS, "09:00", "12:00")],
    };
    assert.equal(
      at(hours, "2026-12-04T11:59:00-05:00").said,
      "It is 11:59 am on Friday, December 4. The office is open until noon.",
    );
    const lunch = at(hours, "2026-12-04T12:00:00-05:00");
    assert.equal(lunch.clock.open, false);
    assert.equal(lunch.clock.nextOpening?.at.toISOString(), "2026-12-04T18:00:00.000Z");
    assert.equal(lunch.said, "It is noon on Friday, December 4. The office is closed; it opens today at 1 pm.");
    assert.equal(
      at(hours, "2026-12-04T13:00:00-05:00").said,
      "It is 1 pm on Friday, December 4. The office is open until 5:30 pm.",
    );
  });

  test("with no opening hours, only the time is told", () => {
    const hours: BusinessHours = { ...nineToFive, openingHours: [] };
    const { clock, said } = at(hours, "2026-12-04T18:40:00-05:00");
    assert.equal(clock.hasOpeningHours, false);
    assert.equal(clock.open, false);
    assert.equal(clock.nextOpening, undefined);
    assert.equal(said, "It is 6:40 pm on Friday, December 4.");
    const holiday = at(
      { ...hours, closedDates: [{ date: "2026-12-25", note: "Christmas Day" }] },
      "2026-12-25T10:00:00-05:00",
    );
    assert.equal(holiday.said, "It is 10 am on Friday, December 25. The office is closed today (Christmas Day).");
  });

  test("open around the clock: no closing time to tell", () => {
    const hours: BusinessHours = {
      ...nineToFive,
      openingHours: on([...WEEKDAYS, "SATURDAY", "SUNDAY"], "00:00", "24:00"),
    };
    const { clock, said } = at(hours, "2026-12-04T03:00:00-05:00");
    assert.equal(clock.open, true);
    assert.equal(clock.closesAt, undefined);
    assert.equal(said, "It is 3 am on Friday, December 4. The office is open around the clock.");
    const closedMonday14 = { ...hours, closedDates: [{ date: "2026-12-14", note: null }] };
    const untilTheHoliday = at(closedMonday14, "2026-12-04T03:00:00-05:00");
    assert.equal(untilTheHoliday.clock.closesAt?.at.toISOString(), "2026-12-14T05:00:00.000Z");
    assert.equal(
      untilTheHoliday.said,
      "It is 3 am on Friday, December 4. The office is open until midnight on the night of Sunday, December 13.",
    );
  });

  test("a call at midnight, and an opening at midnight, are told by the night they end", () => {
    const nightShift: BusinessHours = { ...nineToFive, openingHours: on(["TUESDAY"], "00:00", "06:00") };
    assert.equal(
      at(nightShift, "2026-12-07T23:00:00-05:00").said,
      "It is 11 pm on Monday, December 7. The office is closed; it opens at midnight tonight.",
    );
    assert.equal(
      at(nightShift, "2026-12-06T23:00:00-05:00").said,
      "It is 11 pm on Sunday, December 6. The office is closed; it opens at midnight tomorrow night.",
    );
    assert.equal(
      at(nightShift, "2026-12-08T00:00:00-05:00").said,
      "It is midnight at the start of Tuesday, December 8. The office is open until 6 am.",
    );
  });
});

describe("a night that goes on past midnight", () => {
  const bar: BusinessHours = {
    timeZone: "America/New_York",
    openingHours: [
      { day: "FRIDAY", opens: "18:00", closes: "24:00" },
      { day: "SATURDAY", opens: "00:00", closes: "02:00" },
      { day: "SATURDAY", opens: "18:00", closes: "24:00" },
      { day: "SUNDAY", opens: "00:00", closes: "02:00" },
    ],
    closedDates: [],
  };

  test("Friday at 11:30 pm it is open until 2 am on Saturday, not until midnight", () => {
    const { clock, said } = at(bar, "2026-12-04T23:30:00-05:00");
    assert.equal(clock.open, true);
    assert.equal(clock.closesAt?.at.toISOString(), "2026-12-05T07:00:00.000Z");
    assert.equal(clock.closesAt?.weekday, "SATURDAY");
    assert.equal(said, "It is 11:30 pm on Friday, December 4. The office is open until 2 am.");
  });

  test("Saturday at 1 am it is still open; at 2 am it is closed until the evening", () => {
    const oneAm = at(bar, "2026-12-05T01:00:00-05:00");
    assert.equal(oneAm.clock.open, true);
    assert.equal(oneAm.said, "It is 1 am on Saturday, December 5. The office is open until 2 am.");
    const twoAm = at(bar, "2026-12-05T02:00:00-05:00");
    assert.equal(twoAm.clock.open, false);
    assert.equal(twoAm.clock.nextOpening?.at.toISOString(), "2026-12-05T23:00:00.000Z");
    assert.equal(twoAm.said, "It is 2 am on Saturday, December 5. The office is closed; it opens today at 6 pm.");
  });

  test("a closed Saturday closes the small hours too: Friday ends at midnight", () => {
    const hours = { ...bar, closedDates: [{ date: "2026-12-05", note: "Staff party" }] };
    const { clock, said } = at(hours, "2026-12-04T23:30:00-05:00");
    assert.equal(clock.closesAt?.at.toISOString(), "2026-12-05T05:00:00.000Z");
    assert.equal(said, "It is 11:30 pm on Friday, December 4. The office is open until midnight.");
  });
});

describe("across a change of the clocks", () => {
  test("New York, spring: the Monday after the change opens at 9 am daylight time (13:00 UTC)", () => {
    const { clock, said } = at(nineToFive, "2026-03-06T18:00:00-05:00");
    assert.equal(clock.nextOpening?.at.toISOString(), "2026-03-09T13:00:00.000Z");
    assert.equal(clock.nextOpening?.localTime, "09:00");
    assert.equal(said, "It is 6 pm on Friday, March 6. The office is closed; it opens Monday at 9 am.");
  });

  test("New York, autumn: the Monday after the change opens at 9 am standard time (14:00 UTC)", () => {
    const { clock } = at(nineToFive, "2026-10-30T18:00:00-04:00");
    assert.equal(clock.nextOpening?.at.toISOString(), "2026-11-02T14:00:00.000Z");
  });

  test("New York, on the Sunday of the change: before it, the opening after it is in daylight time", () => {
    const sundays: BusinessHours = { ...nineToFive, openingHours: on(["SUNDAY"], "10:00", "14:00") };
    const { clock, said } = at(sundays, "2026-03-08T06:30:00Z");
    assert.equal(clock.localTime, "01:30");
    assert.equal(clock.nextOpening?.at.toISOString(), "2026-03-08T14:00:00.000Z");
    assert.equal(said, "It is 1:30 am on Sunday, March 8. The office is closed; it opens today at 10 am.");
  });

  test("a night through the spring change is an hour shorter, and ends at 4 am daylight time", () => {
    const night: BusinessHours = {
      ...nineToFive,
      openingHours: [
        { day: "SATURDAY", opens: "22:00", closes: "24:00" },
        { day: "SUNDAY", opens: "00:00", closes: "04:00" },
      ],
    };
    const { clock, said } = at(night, "2026-03-07T23:00:00-05:00");
    assert.equal(clock.closesAt?.at.toISOString(), "2026-03-08T08:00:00.000Z");
    assert.equal(said, "It is 11 pm on Saturday, March 7. The office is open until 4 am.");
    assert.equal(at(night, "2026-03-08T06:59:00Z").clock.open, true);
    assert.equal(at(night, "2026-03-08T07:00:00Z").clock.open, true);
    assert.equal(at(night, "2026-03-08T08:00:00Z").clock.open, false);
  });

  test("an opening in the skipped hour opens when the clocks jump", () => {
    const hours: BusinessHours = { ...nineToFive, openingHours: on(["SUNDAY"], "02:30", "05:00") };
    const { clock, said } = at(hours, "2026-03-08T06:59:00Z");
    assert.equal(clock.open, false);
    assert.equal(clock.nextOpening?.at.toISOString(), "2026-03-08T07:00:00.000Z");
    assert.equal(said, "It is 1:59 am on Sunday, March 8. The office is closed; it opens today at 3 am.");
    assert.equal(at(hours, "2026-03-08T07:00:00Z").clock.open, true);
  });

  test("a closing in the repeated hour is its first occurrence", () => {
    const hours: BusinessHours = {
      ...nineToFive,
      openingHours: [
        { day: "SATURDAY", opens: "20:00", closes: "24:00" },
        { day: "SUNDAY", opens: "00:00", closes: "01:30" },
      ],
    };
    const first = at(hours, "2026-11-01T05:15:00Z");
    assert.equal(first.clock.localTime, "01:15");
    assert.equal(first.clock.open, true);
    assert.equal(first.clock.closesAt?.at.toISOString(), "2026-11-01T05:30:00.000Z");
    const second = at(hours, "2026-11-01T06:15:00Z");
    assert.equal(second.clock.localTime, "01:15");
    assert.equal(second.clock.open, false);
    assert.equal(second.clock.nextOpening?.at.toISOString(), "2026-11-08T01:00:00.000Z");
    assert.equal(second.said, "It is 1:15 am on Sunday, November 1. The office is closed; it opens Saturday at 8 pm.");
  });

  test("London, both changes: Monday opens at 9 am local, 8:00 UTC in summer and 9:00 UTC in winter", () => {
    const london: BusinessHours = {
      timeZone: "Europe/London",
      openingHours: on(WEEKDAYS, "09:00", "17:30"),
      closedDates: [],
    };
    assert.equal(at(london, "2026-03-27T18:00:00Z").clock.nextOpening?.at.toISOString(), "2026-03-30T08:00:00.000Z");
    const autumn = at(london, "2026-10-23T17:00:00Z");
    assert.equal(autumn.clock.nextOpening?.at.toISOString(), "2026-10-26T09:00:00.000Z");
    assert.equal(autumn.said, "It is 6 pm on Friday, October 23. The office is closed; it opens Monday at 9 am.");
  });
});

describe("closed dates", () => {
  const christmas: ClosedDate[] = [
    { date: "2026-12-25", note: "Christmas Day" },
    { date: "2026-12-26", note: "Boxing Day" },
  ];
  const sixDays: BusinessHours = {
    timeZone: "America/New_York",
    openingHours: [...on(WEEKDAYS, "09:00", "17:00"), ...on(["SATURDAY"], "10:00", "14:00")],
    closedDates: christmas,
  };

  test("on a holiday the office is closed all day, says why, and opens after the next holiday too", () => {
    const { clock, said } = at(sixDays, "2026-12-25T10:00:00-05:00");
    assert.equal(clock.open, false);
    assert.deepEqual(clock.closedToday, { date: "2026-12-25", note: "Christmas Day" });
    assert.equal(clock.nextOpening?.at.toISOString(), "2026-12-28T14:00:00.000Z");
    assert.equal(
      said,
      "It is 10 am on Friday, December 25. The office is closed today (Christmas Day); it opens Monday at 9 am.",
    );
  });

  test("the evening before, the next opening skips both holidays", () => {
    const { clock, said } = at(sixDays, "2026-12-24T18:00:00-05:00");
    assert.equal(clock.closedToday, undefined);
    assert.equal(clock.nextOpening?.localDate, "2026-12-28");
    assert.equal(said, "It is 6 pm on Thursday, December 24. The office is closed; it opens Monday at 9 am.");
  });

  test("a closed date without a note", () => {
    const hours = { ...sixDays, closedDates: [{ date: "2026-12-07", note: null }] };
    assert.equal(
      at(hours, "2026-12-07T10:00:00-05:00").said,
      "It is 10 am on Monday, December 7. The office is closed today; it opens tomorrow at 9 am.",
    );
  });

  test("a two-week break: the next opening is told with its date", () => {
    const days = Array.from({ length: 12 }, (_, n) => addDays("2026-12-21", n));
    const hours = { ...nineToFive, closedDates: days.map((date) => ({ date, note: "Winter break" })) };
    const { clock, said } = at(hours, "2026-12-18T18:00:00-05:00");
    assert.equal(clock.nextOpening?.at.toISOString(), "2027-01-04T14:00:00.000Z");
    assert.equal(said, "It is 6 pm on Friday, December 18. The office is closed; it opens Monday, January 4, at 9 am.");
  });

  test("nothing open in the coming month: no next opening", () => {
    const mondays = Array.from({ length: 5 }, (_, n) => ({ date: addDays("2026-12-07", 7 * n), note: null }));
    const hours: BusinessHours = {
      ...nineToFive,
      openingHours: on(["MONDAY"], "09:00", "17:00"),
      closedDates: mondays,
    };
    const { clock, said } = at(hours, "2026-12-04T10:00:00-05:00");
    assert.equal(clock.hasOpeningHours, true);
    assert.equal(clock.nextOpening, undefined);
    assert.equal(
      said,
      "It is 10 am on Friday, December 4. The office is closed, and does not open again in the coming month.",
    );
  });
});

describe("zones far from UTC: the local date is not the UTC date", () => {
  test("Kolkata (UTC+5:30): Friday 20:00 UTC is 1:30 am on Saturday there", () => {
    const kolkata: BusinessHours = {
      timeZone: "Asia/Kolkata",
      openingHours: on([...WEEKDAYS, "SATURDAY"], "10:00", "19:00"),
      closedDates: [],
    };
    const { clock, said } = at(kolkata, "2026-12-04T20:00:00Z");
    assert.deepEqual(
      { date: clock.localDate, time: clock.localTime, day: clock.weekday },
      { date: "2026-12-05", time: "01:30", day: "SATURDAY" },
    );
    assert.equal(clock.nextOpening?.at.toISOString(), "2026-12-05T04:30:00.000Z");
    assert.equal(said, "It is 1:30 am on Saturday, December 5. The office is closed; it opens today at 10 am.");
  });

  test("Auckland (UTC+13 in December): Friday 21:00 UTC is Saturday morning, and Monday opens on Sunday UTC", () => {
    const auckland: BusinessHours = {
      timeZone: "Pacific/Auckland",
      openingHours: on(WEEKDAYS, "08:30", "17:00"),
      closedDates: [{ date: "2026-12-04", note: "a Friday already over there" }],
    };
    const { clock, said } = at(auckland, "2026-12-04T21:00:00Z");
    assert.equal(clock.localDate, "2026-12-05");
    assert.equal(clock.closedToday, undefined);
    assert.equal(clock.nextOpening?.at.toISOString(), "2026-12-06T19:30:00.000Z");
    assert.equal(clock.nextOpening?.weekday, "MONDAY");
    assert.equal(said, "It is 10 am on Saturday, December 5. The office is closed; it opens Monday at 8:30 am.");
  });
});

describe("describeOpeningHours", () => {
  const cases: [string, OpeningHours[], string | undefined][] = [
    [
      "weekdays, a short Saturday, closed Sunday",
      [...on(WEEKDAYS, "09:00", "17:30"), ...on(["SATURDAY"], "10:00", "14:00")],
      "Monday to Friday, 9 am to 5:30 pm; Saturday, 10 am to 2 pm; closed Sunday.",
    ],
    [
      "a lunch break, given in any order",
      [...on(WEEKDAYS, "13:00", "17:00"), ...on(WEEKDAYS, "09:00", "12:00")],
      "Monday to Friday, 9 am to noon and 1 pm to 5 pm; closed Saturday and Sunday.",
    ],
    [
      "nights past midnight are told on the day they start",
      [
        ...on(["THURSDAY", "FRIDAY", "SATURDAY"], "18:00", "24:00"),
        ...on(["FRIDAY", "SATURDAY", "SUNDAY"], "00:00", "02:00"),
      ],
      "Closed Monday to Wednesday; Thursday to Saturday, 6 pm to 2 am; closed Sunday.",
    ],
    [
      "a Sunday night that ends on Monday",
      [...on(["SUNDAY"], "20:00", "24:00"), ...on(["MONDAY"], "00:00", "01:00")],
      "Closed Monday to Saturday; Sunday, 8 pm to 1 am.",
    ],
    ["the same hours every day", on([...WEEKDAYS, "SATURDAY", "SUNDAY"], "08:00", "20:00"), "Every day, 8 am to 8 pm."],
    ["around the clock", on([...WEEKDAYS, "SATURDAY", "SUNDAY"], "00:00", "24:00"), "Every day, all day."],
    ["no hours", [], undefined],
  ];
  for (const [name, hours, said] of cases) {
    test(name, () => assert.equal(describeOpeningHours(hours), said));
  }
});

test("spokenTime says times as people do", () => {
  assert.deepEqual([0, 30, 9 * 60, 12 * 60, 12 * 60 + 15, 17 * 60 + 30, 23 * 60 + 59, 24 * 60].map(spokenTime), [
    "midnight",
    "12:30 am",
    "9 am",
    "noon",
    "12:15 pm",
    "5:30 pm",
    "11:59 pm",
    "midnight",
  ]);
});

describe("openingHoursProblems", () => {
  test("accepts ordinary hours, a lunch break and a night written as two ranges", () => {
    assert.deepEqual(
      openingHoursProblems([
        ...on(WEEKDAYS, "09:00", "12:00"),
        ...on(WEEKDAYS, "12:00", "17:30"),
        { day: "FRIDAY", opens: "18:00", closes: "24:00" },
        { day: "SATURDAY", opens: "00:00", closes: "02:00" },
      ]),
      [],
    );
  });

  test("a closing time not after the opening time", () => {
    const problems = openingHoursProblems([
      { day: "MONDAY", opens: "09:00", closes: "17:00" },
      { day: "MONDAY", opens: "18:00", closes: "02:00" },
      { day: "TUESDAY", opens: "09:00", closes: "09:00" },
      { day: "WEDNESDAY", opens: "09:00", closes: "00:00" },
    ]);
    assert.deepEqual(
      problems.map((problem) => problem.index),
      [1, 2, 3],
    );
    assert.match(
      problems[0]!.message,
      /^closes \(02:00\) must be after opens \(18:00\); hours past midnight are a second range/,
    );
  });

  test("malformed times, each naming its field", () => {
    const problems = openingHoursProblems([
      { day: "MONDAY", opens: "9:00", closes: "17:00" },
      { day: "TUESDAY", opens: "24:00", closes: "24:00" },
      { day: "WEDNESDAY", opens: "09:00", closes: "23:60" },
      { day: "THURSDAY", opens: "9am", closes: "5pm" },
    ]);
    assert.deepEqual(problems, [
      { index: 0, message: 'opens must be a time written HH:MM, 00:00 to 23:59: got "9:00"' },
      { index: 1, message: 'opens must be a time written HH:MM, 00:00 to 23:59: got "24:00"' },
      { index: 2, message: 'closes must be a time written HH:MM, up to 24:00: got "23:60"' },
      { index: 3, message: 'opens must be a time written HH:MM, 00:00 to 23:59: got "9am"' },
      { index: 3, message: 'closes must be a time written HH:MM, up to 24:00: got "5pm"' },
    ]);
  });

  test("overlapping ranges on the same day; touching ranges and other days are fine", () => {
    assert.deepEqual(
      openingHoursProblems([
        { day: "MONDAY", opens: "09:00", closes: "12:00" },
        { day: "TUESDAY", opens: "11:00", closes: "14:00" },
        { day: "MONDAY", opens: "11:00", closes: "14:00" },
        { day: "MONDAY", opens: "14:00", closes: "17:00" },
        { day: "MONDAY", opens: "09:00", closes: "12:00" },
      ]),
      [
        { index: 2, message: "overlaps MONDAY 09:00 to 12:00 (entry 0)" },
        { index: 4, message: "overlaps MONDAY 09:00 to 12:00 (entry 0)" },
        { index: 4, message: "overlaps MONDAY 11:00 to 14:00 (entry 2)" },
      ],
    );
  });
});

test("closedDatesProblems: real calendar dates, each once", () => {
  assert.deepEqual(
    closedDatesProblems([
      { date: "2026-12-25", note: "Christmas Day" },
      { date: "2026-02-29", note: null },
      { date: "2026-12-5", note: null },
      { date: "2026-13-01", note: null },
      { date: "2026-12-25", note: "again" },
      { date: "2028-02-29", note: "a leap day" },
    ]),
    [
      { index: 1, message: 'date must be a calendar date written YYYY-MM-DD: got "2026-02-29"' },
      { index: 2, message: 'date must be a calendar date written YYYY-MM-DD: got "2026-12-5"' },
      { index: 3, message: 'date must be a calendar date written YYYY-MM-DD: got "2026-13-01"' },
      { index: 4, message: "date 2026-12-25 is listed twice (entry 0)" },
    ],
  );
  assert.equal(isCalendarDate("2028-02-29"), true);
});

test("isKnownTimeZone: IANA names only", () => {
  assert.deepEqual(["America/New_York", "Europe/London", "Asia/Kolkata", "UTC"].map(isKnownTimeZone), [
    true,
    true,
    true,
    true,
  ]);
  assert.deepEqual(["Mars/Olympus_Mons", "", "+05:30", "New York"].map(isKnownTimeZone), [false, false, false, false]);
});

describe("instantOf: a local time in a zone, as an instant", () => {
  const cases: [string, string, string, number, string][] = [
    ["an ordinary winter time", "America/New_York", "2026-12-04", 9 * 60, "2026-12-04T14:00:00.000Z"],
    [
      "New York's skipped hour: the instant the clocks jump",
      "America/New_York",
      "2026-03-08",
      150,
      "2026-03-08T07:00:00.000Z",
    ],
    [
      "New York's repeated hour: the first time round",
      "America/New_York",
      "2026-11-01",
      90,
      "2026-11-01T05:30:00.000Z",
    ],
    ["London's skipped hour", "Europe/London", "2026-03-29", 90, "2026-03-29T01:00:00.000Z"],
    ["London's repeated hour", "Europe/London", "2026-10-25", 90, "2026-10-25T00:30:00.000Z"],
    ["Lord Howe skips half an hour", "Australia/Lord_Howe", "2026-10-04", 135, "2026-10-03T15:30:00.000Z"],
    ["Kolkata's midnight is the evening before in UTC", "Asia/Kolkata", "2026-12-05", 0, "2026-12-04T18:30:00.000Z"],
    ["24:00 is the next midnight", "Asia/Kolkata", "2026-12-04", 24 * 60, "2026-12-04T18:30:00.000Z"],
  ];
  for (const [name, zone, date, minuteOfDay, instant] of cases) {
    test(name, () => assert.equal(instantOf(date, minuteOfDay, zone).toISOString(), instant));
  }

  test("and back: wallTimeAt reads the zone's clock", () => {
    assert.deepEqual(wallTimeAt(new Date("2026-03-08T07:00:00Z"), "America/New_York"), {
      date: "2026-03-08",
      minuteOfDay: 3 * 60,
    });
    assert.deepEqual(wallTimeAt(new Date("2026-12-04T18:30:00Z"), "Asia/Kolkata"), {
      date: "2026-12-05",
      minuteOfDay: 0,
    });
  });
});
