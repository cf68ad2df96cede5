import { test } from "node:test";
import assert from "node:assert/strict";
import { DateTime } from "luxon";
import { machineIso, parseNow, readArticleDate, toTimestamp } from "../src/dates.ts";
import { momentOf } from "./helpers/articles.ts";

test("a date with an offset is that instant, shown in the newsroom's zone", () => {
  const moment = momentOf("2024-07-08T09:30:00-04:00", "Asia/Karachi");
  assert.ok(moment);
  assert.deepEqual(toTimestamp(moment, "Asia/Karachi", "PKT"), {
    iso: "2024-07-08T18:30:00+05:00",
    wallClock: "2024-07-08T18:30:00+05:00",
    display: "08 July 2024 18:30 PKT",
    epochMs: Date.UTC(2024, 6, 8, 13, 30),
  });
});

test("a date without an offset is wall-clock time in the newsroom's zone", () => {
  const moment = momentOf("2024-07-09T09:05", "Asia/Karachi");
  assert.equal(moment?.toUTC().toISO(), "2024-07-09T04:05:00.000Z");
  const dayOnly = momentOf("2025-12-05", "Asia/Karachi");
  assert.equal(dayOnly?.toUTC().toISO(), "2025-12-04T19:00:00.000Z");
});

test("an offset no clock shows is refused, naming it, where it was read as a moment a day or more away", () => {
  for (const offset of ["+25:00", "+99:99", "+05:75", "+1500", "-13:00"]) {
    const read = readArticleDate(`2024-07-08T10:00:00${offset}`, "Asia/Karachi");
    assert.ok("problem" in read, offset);
    assert.equal(read.problem, `the offset ${offset} is one no clock shows: expected an offset from -12:00 to +14:00, such as +05:00 (or none, for the site's time zone)`);
  }
  // The ends of the world's offsets, and those of a quarter or half hour, are moments.
  for (const [offset, utc] of [["+14:00", "2024-07-07T20:00:00.000Z"], ["-12:00", "2024-07-08T22:00:00.000Z"], ["+05:45", "2024-07-08T04:15:00.000Z"], ["-0930", "2024-07-08T19:30:00.000Z"], ["+05", "2024-07-08T05:00:00.000Z"]]) {
    assert.equal(momentOf(`2024-07-08T10:00:00${offset}`, "Asia/Karachi")?.toUTC().toISO(), utc, offset);
  }
});

test("without an abbreviation the zone is named by its offset", () => {
  const moment = momentOf("2024-01-15T12:00:00Z", "Asia/Karachi")!;
  assert.equal(toTimestamp(moment, "Asia/Karachi").display, "15 January 2024 17:00 GMT+5");
});

test("a zone is named as luxon names it, in summer and winter, across zones", () => {
  const zones = ["Asia/Karachi", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC", "Africa/Casablanca"];
  for (const zone of zones) {
    for (let month = 1; month <= 12; month++) {
      for (const year of [1995, 2010, 2024]) {
        const moment = DateTime.fromObject({ year, month, day: 15, hour: 3 }, { zone: "UTC" });
        const expected = moment.setZone(zone).toFormat("ZZZZ", { locale: "en-GB" });
        assert.ok(toTimestamp(moment, zone).display.endsWith(` ${expected}`), `${zone} ${year}-${month}: ${expected}`);
      }
    }
  }
  assert.equal(toTimestamp(DateTime.fromISO("2024-07-01T12:00:00Z"), "Europe/London").display, "01 July 2024 13:00 BST");
});

test("zones are named without a new Intl formatter for each story", () => {
  const day = (n: number) => DateTime.fromISO("2024-01-01T12:00:00Z").plus({ days: n });
  toTimestamp(day(0), "Europe/London");
  const original = Intl.DateTimeFormat;
  let made = 0;
  const counting = new Proxy(original, {
    construct(target, args) {
      made++;
      return Reflect.construct(target, args) as object;
    },
  });
  Object.defineProperty(Intl, "DateTimeFormat", { value: counting, configurable: true, writable: true });
  try {
    for (let n = 1; n <= 100; n++) toTimestamp(day(n), "Europe/London");
  } finally {
    Object.defineProperty(Intl, "DateTimeFormat", { value: original, configurable: true, writable: true });
  }
  assert.ok(made < 5, `${made} formatters made for 100 stories`);
});

test("daylight saving time follows the zone's own rules", () => {
  const summer = toTimestamp(momentOf("2024-07-01T12:00:00Z", "UTC")!, "America/New_York");
  const winter = toTimestamp(momentOf("2024-01-01T12:00:00Z", "UTC")!, "America/New_York");
  assert.equal(summer.iso, "2024-07-01T08:00:00-04:00");
  assert.equal(winter.iso, "2024-01-01T07:00:00-05:00");
});

test("a local time the zone skips names no moment: the problem says what to write instead", () => {
  const read = readArticleDate("2024-03-10 02:30", "America/New_York");
  assert.ok("problem" in read);
  assert.equal(
    read.problem,
    "the local time 2024-03-10 02:30 does not exist in America/New_York: the clocks go forward an hour that night, from -05:00 to -04:00, so it is skipped; expected a time after the change, such as 2024-03-10T03:30 (the same moment), or one with an explicit offset, such as 2024-03-10T02:30-05:00",
  );
  assert.equal(momentOf("2024-03-10T02:30", "America/New_York"), undefined);
  // Lord Howe Island moves its clocks by half an hour; Samoa skipped a whole day (so midnight of it too).
  assert.match((readArticleDate("2024-10-06T02:15", "Australia/Lord_Howe") as { problem: string }).problem, /forward 30 minutes that night, from \+10:30 to \+11:00.*such as 2024-10-06T02:45/);
  assert.match((readArticleDate("2011-12-30", "Pacific/Apia") as { problem: string }).problem, /2011-12-30 00:00 does not exist in Pacific\/Apia: the clocks go forward 24 hours/);
  // Either side of the gap, and a time in it with an offset, are moments.
  assert.equal(momentOf("2024-03-10T01:59", "America/New_York")?.toISO(), "2024-03-10T01:59:00.000-05:00");
  assert.equal(momentOf("2024-03-10T03:00", "America/New_York")?.toISO(), "2024-03-10T03:00:00.000-04:00");
  assert.equal(momentOf("2024-03-10T02:30-05:00", "America/New_York")?.toUTC().toISO(), "2024-03-10T07:30:00.000Z");
});

test("a local time the zone has twice is the first of the two, before the clocks go back", () => {
  assert.equal(momentOf("2024-11-03T01:30", "America/New_York")?.toUTC().toISO(), "2024-11-03T05:30:00.000Z");
  assert.equal(momentOf("2024-10-27T01:30", "Europe/London")?.toUTC().toISO(), "2024-10-27T00:30:00.000Z");
  assert.equal(momentOf("2024-04-07T01:45", "Australia/Lord_Howe")?.toUTC().toISO(), "2024-04-06T14:45:00.000Z");
});

test("a date may carry spaces around it, and a fraction of a second of up to nine digits", () => {
  assert.equal(momentOf("  2024-07-09T09:05 ", "Asia/Karachi")?.toUTC().toISO(), "2024-07-09T04:05:00.000Z");
  assert.equal(momentOf("2024-07-09T09:05:00.123456789+05:00", "Asia/Karachi")?.toUTC().toISO(), "2024-07-09T04:05:00.123Z");
  assert.equal(momentOf("2024-07-09T09:05:00.1234567890+05:00", "Asia/Karachi"), undefined);
});

test("anything that is not an ISO 8601 date is refused", () => {
  for (const value of ["next Tuesday", "08/07/2024", "2024-13-01", "2024-02-30T10:00:00Z", "", "2024-07-08T25:00"]) {
    assert.equal(momentOf(value, "Asia/Karachi"), undefined, value);
  }
});

// Refused as "expected an ISO 8601 date-time such as 2024-07-08T18:30:00+05:00", of text written as one.
test("a date or time written as ISO 8601 writes one but on no calendar or clock is refused naming the part that does not exist", () => {
  const problem = (value: string) => (readArticleDate(value, "Asia/Karachi") as { problem?: string }).problem;
  assert.equal(problem("2026-02-30T10:00:00+05:00"), "the day 2026-02-30 does not exist: February 2026 has 28 days");
  assert.equal(problem("2026-02-29"), "the day 2026-02-29 does not exist: February 2026 has 28 days");
  assert.equal(problem("2024-04-31 09:00"), "the day 2024-04-31 does not exist: April 2024 has 30 days");
  assert.equal(problem("2026-13-01"), "the month 13 of 2026-13-01 does not exist: expected 01 to 12");
  assert.equal(problem("2026-01-05T25:00"), "the time 25:00 does not exist on a clock: expected hours 00 to 23, and minutes and seconds 00 to 59");
  assert.equal(problem("2026-01-05T10:00:60Z"), "the time 10:00:60 does not exist on a clock: expected hours 00 to 23, and minutes and seconds 00 to 59");
  assert.equal(problem("2024-02-29"), undefined, "a leap day");
});

test("the build's now is read as ISO 8601 and refused otherwise", () => {
  assert.equal(parseNow("2026-01-01T08:00:00Z").toISO(), "2026-01-01T08:00:00.000Z");
  assert.throws(() => parseNow("tomorrow"), /ISO 8601/);
});

// Karachi kept local mean time, +04:28:12, until 1907. luxon's ISO form cuts the offset to +04:28 beside
// the local time to the second, naming a moment 12 seconds after the story's.
test("before a zone kept standard time, a moment's machine date is in UTC and names it exactly; its wall clock is the newsroom's", () => {
  const local = DateTime.fromObject({ year: 1900, month: 1, day: 15, hour: 10 }, { zone: "Asia/Karachi" });
  const moment = momentOf("1900-01-15T10:00", "Asia/Karachi")!;
  assert.equal(moment.toMillis(), local.toMillis());
  const stamp = toTimestamp(moment, "Asia/Karachi");
  assert.equal(stamp.iso, "1900-01-15T05:31:48Z");
  assert.equal(Date.parse(stamp.iso), local.toMillis());
  assert.equal(stamp.epochMs, local.toMillis());
  assert.equal(stamp.wallClock, "1900-01-15T10:00:00+04:28", "the form archive months and derived short codes were made from");
  assert.equal(stamp.display, "15 January 1900 10:00 GMT+4:28:12");
  // Ten minutes after local midnight on 1 February: the instant is in January, the newsroom's month is February.
  const nearMidnight = toTimestamp(momentOf("1900-02-01T00:10", "Asia/Karachi")!, "Asia/Karachi");
  assert.equal(Date.parse(nearMidnight.iso), DateTime.fromObject({ year: 1900, month: 2, day: 1, minute: 10 }, { zone: "Asia/Karachi" }).toMillis());
  assert.equal(nearMidnight.iso.slice(0, 7), "1900-01");
  assert.equal(nearMidnight.wallClock.slice(0, 7), "1900-02");
  // Standard time from 1907: the zone's offset, as before.
  assert.equal(toTimestamp(momentOf("1907-06-01T10:00", "Asia/Karachi")!, "Asia/Karachi").iso, "1907-06-01T10:00:00+05:30");
});

test("where the offset is a whole minute, the machine date is luxon's, with the zone's offset", () => {
  for (const [zone, iso] of [["Asia/Kathmandu", "2024-07-08T10:00:00+05:45"], ["America/St_Johns", "2024-01-08T10:00:00-03:30"], ["UTC", "2024-07-08T10:00:00Z"], ["Asia/Karachi", "2024-07-08T10:00:00+05:00"]] as const) {
    const moment = momentOf(iso, zone)!;
    assert.equal(machineIso(moment.setZone(zone)), iso, zone);
    const stamp = toTimestamp(moment, zone);
    assert.equal(stamp.iso, iso, zone);
    assert.equal(stamp.wallClock, iso, zone);
  }
  assert.equal(machineIso(DateTime.fromISO("2024-07-08T10:00:00.250+05:00", { setZone: true })), "2024-07-08T10:00:00.250+05:00", "milliseconds are kept");
});
