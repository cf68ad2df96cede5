import { DateTime, FixedOffsetZone, IANAZone } from "luxon";
import { localFormats } from "./local-formats.ts";

/** A moment as the site prints it: machine-readable for `datetime`, human-readable in the newsroom's zone. */
export interface Timestamp {
  /**
   * ISO 8601 with the newsroom zone's offset, e.g. 2024-07-09T09:05:00+05:00; in UTC where that offset
   * was not a whole minute (machineIso): the machine-readable date of pages, metadata, feeds and sitemaps.
   */
  iso: string;
  /**
   * The newsroom's wall-clock time with its offset to the minute, as luxon writes it: what the archive
   * month (its first seven characters) and a derived short code are made from. The same as `iso` but
   * before a zone kept standard time ("1900-01-15T10:00:00+04:28" in Karachi), where it names a moment
   * 12 seconds off: never a machine date, and kept so that neither key moves.
   */
  wallClock: string;
  /** "09 July 2024 09:05 PKT", in the site's language ("9 juillet 2024 09:05 PKT"). */
  display: string;
  /** Milliseconds since the epoch, for sorting and comparisons. */
  epochMs: number;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** What a front-matter date says: a moment, or, when it names none, why not (in words for the editor). */
export type ArticleDate = { moment: DateTime } | { problem: string };

const EXPECTED_ISO = "expected an ISO 8601 date-time such as 2024-07-08T18:30:00+05:00";

/**
 * Reads a front-matter date. A value with an offset is that instant; one without an offset is
 * wall-clock time in the newsroom's zone (the editors' contract says the site time zone applies).
 * A wall-clock time the zone skips (the hour the clocks go forward) names no moment, and is a problem
 * rather than a moment an hour off; one the zone has twice (the hour the clocks go back) is the first
 * of the two, before the change.
 */
export function readArticleDate(value: string, timeZone: string): ArticleDate {
  const text = value.trim();
  if (!ISO_DATE_TIME.test(text)) return { problem: EXPECTED_ISO };
  const iso = text.replace(" ", "T");
  const parsed = DateTime.fromISO(iso, { zone: timeZone, setZone: false });
  if (!parsed.isValid) return { problem: impossibleDate(iso) ?? EXPECTED_ISO };
  const offset = /[+-](\d{2}):?(\d{2})?$/.exec(iso.slice(10));
  if (offset) {
    // luxon reads any two digits as hours and any two as minutes: +25:00 or +05:75 gave a moment a day,
    // or an hour and a quarter, from the one meant, and published it without a word.
    const minutes = Number(offset[1]) * 60 + Number(offset[2] ?? 0);
    if (Number(offset[2] ?? 0) > 59 || (offset[0].startsWith("-") ? minutes > 12 * 60 : minutes > 14 * 60)) {
      return { problem: `the offset ${offset[0]} is one no clock shows: expected an offset from -12:00 to +14:00, such as +05:00 (or none, for the site's time zone)` };
    }
  }
  if (offset || iso.endsWith("Z")) return { moment: parsed };
  // Most days are far from a change of the clocks, and there luxon's reading is the one moment.
  if (!clocksChangeNear(iso.slice(0, 10), timeZone)) return { moment: parsed };
  const wall = DateTime.fromISO(iso, { zone: "UTC" });
  const moments = momentsOfWallTime(wall.toMillis(), timeZone);
  const first = moments[0];
  // From the instant, not luxon's reading of the wall-clock time: across a change of the clocks that
  // reading can hold the instant and the offset of different sides of it.
  if (first !== undefined) return { moment: DateTime.fromMillis(first, { zone: timeZone }) };
  return { problem: skippedTimeProblem(wall, timeZone) };
}

/**
 * For a date-time written as ISO 8601 writes one that names no day or time on a calendar or clock (30
 * February, a 13th month, 25:00), which part does not exist: the message said only "expected an ISO 8601
 * date-time", of text that is written as one. Undefined when every part is in range.
 */
function impossibleDate(iso: string): string | undefined {
  const [year, month, day] = iso.slice(0, 10).split("-").map(Number) as [number, number, number];
  if (month < 1 || month > 12) return `the month ${String(month).padStart(2, "0")} of ${iso.slice(0, 10)} does not exist: expected 01 to 12`;
  const days = DateTime.utc(year, month).daysInMonth!;
  const monthName = DateTime.utc(year, month).setLocale("en").toFormat("LLLL yyyy");
  if (day < 1 || day > days) return `the day ${iso.slice(0, 10)} does not exist: ${monthName} has ${days} days`;
  const time = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(iso);
  if (time && (Number(time[1]) > 23 || Number(time[2]) > 59 || Number(time[3] ?? 0) > 59)) {
    return `the time ${time[0].slice(1)} does not exist on a clock: expected hours 00 to 23, and minutes and seconds 00 to 59`;
  }
  return undefined;
}

/** Day (YYYY-MM-DD) and zone → whether the zone's clocks change within a day of it: asked once per day, not per story. */
const changeNear = new Map<string, boolean>();
const SAMPLE_MS = 6 * 3600_000;

function clocksChangeNear(day: string, timeZone: string): boolean {
  const key = `${timeZone} ${day}`;
  let found = changeNear.get(key);
  if (found === undefined) {
    const zone = IANAZone.create(timeZone);
    // Offsets are under a day either way, so from the day before to the day after covers the day's wall-clock times.
    const from = Date.parse(`${day}T00:00:00Z`) - 2 * 86_400_000;
    const first = zone.offset(from);
    found = false;
    for (let at = from + SAMPLE_MS; at <= from + 5 * 86_400_000 && !found; at += SAMPLE_MS) found = zone.offset(at) !== first;
    changeNear.set(key, found);
  }
  return found;
}

/** Far wider than a change of a zone's clocks is near its moment, far narrower than the time between two changes. */
const AROUND_MS = 6 * 3600_000;

/** The zone's offsets (minutes) a little before and a little after the moment a wall-clock time (given as if it were UTC) is near. */
function offsetsAround(wallMs: number, zone: IANAZone): { before: number; at: number; after: number } {
  const near = wallMs - zone.offset(wallMs) * 60_000;
  return { before: zone.offset(near - AROUND_MS), at: zone.offset(near), after: zone.offset(near + AROUND_MS) };
}

/**
 * The instants, earliest first, at which the zone's clocks show a wall-clock time (given as if it
 * were UTC): none in a gap, two in an overlap, one otherwise.
 */
function momentsOfWallTime(wallMs: number, timeZone: string): number[] {
  const zone = IANAZone.create(timeZone);
  const offsets = new Set(Object.values(offsetsAround(wallMs, zone)));
  const moments = [...offsets].map((offset) => wallMs - offset * 60_000).filter((moment) => zone.offset(moment) * 60_000 === wallMs - moment);
  return [...new Set(moments)].sort((a, b) => a - b);
}

function skippedTimeProblem(wall: DateTime, timeZone: string): string {
  const { before, after } = offsetsAround(wall.toMillis(), IANAZone.create(timeZone));
  const gap = Math.abs(after - before);
  const size = gap === 60 ? "an hour" : gap % 60 === 0 ? `${gap / 60} hours` : `${gap} minutes`;
  const written = wall.toFormat("yyyy-MM-dd'T'HH:mm");
  // The time as written, read with the offset in force before the change: what the clocks showed after it.
  const sameMoment = DateTime.fromMillis(wall.toMillis() - before * 60_000, { zone: timeZone });
  const offsetText = (minutes: number) => DateTime.fromMillis(0, { zone: FixedOffsetZone.instance(minutes) }).toFormat("ZZ");
  return (
    `the local time ${wall.toFormat("yyyy-MM-dd HH:mm")} does not exist in ${timeZone}: the clocks go forward ${size} that night, from ${offsetText(before)} to ${offsetText(after)}, ` +
    `so it is skipped; expected a time after the change, such as ${sameMoment.toFormat("yyyy-MM-dd'T'HH:mm")} (the same moment), or one with an explicit offset, such as ${written}${offsetText(before)}`
  );
}

/**
 * Formats a moment in the newsroom's zone and the site's language, never the machine's, so builds
 * match on every machine.
 */
export function toTimestamp(moment: DateTime, timeZone: string, zoneAbbreviation?: string, language = "en"): Timestamp {
  const local = moment.setZone(timeZone);
  const zoneLabel = zoneAbbreviation ?? zoneName(local.toMillis(), timeZone);
  const { wallClock } = wallClockTime(local, timeZone);
  return {
    // The same text in every zone but before standard time: luxon's ISO writing is the costly part, done once.
    iso: Number.isInteger(local.offset) ? wallClock : machineIso(local),
    wallClock,
    display: `${localFormats(language).dateTime(local.toMillis(), timeZone)} ${zoneLabel}`,
    epochMs: local.toMillis(),
  };
}

/**
 * The part of a Timestamp that orders a story and makes its archive month and derived short code, without
 * the display text, whose formatting is most of toTimestamp's cost: what a shard takes from each story of
 * the rest of its archive (src/story-places.ts).
 */
export function wallClockTime(moment: DateTime, timeZone: string): Pick<Timestamp, "wallClock" | "epochMs"> {
  const local = moment.setZone(timeZone);
  return { wallClock: local.toISO({ suppressMilliseconds: true }) ?? "", epochMs: local.toMillis() };
}

/**
 * ISO 8601 of a moment with its zone's offset, or in UTC (Z) where that offset is not a whole minute.
 * Before a zone kept standard time its offset was local mean time, with seconds (Karachi's +04:28:12
 * until 1907); ISO 8601 offsets have none, and luxon writes the offset cut to the minute, "+04:28",
 * beside the local time to the second: a moment 12 seconds from the story's. UTC names it exactly.
 */
export function machineIso(moment: DateTime): string {
  const exact = Number.isInteger(moment.offset) ? moment : moment.toUTC();
  return exact.toISO({ suppressMilliseconds: true }) ?? "";
}

/**
 * A moment in the newsroom's zone as an editor writes one in front matter, for messages about dates:
 * the local time with its offset, or, where that offset is not a whole minute (local mean time, before
 * the zone kept standard time), without one, which front matter reads as the time on the newsroom's
 * clocks. Neither names another moment, as luxon's ISO form does there (its offset cut to the minute),
 * and neither is shifted to UTC, as machineIso is, away from the times the editor wrote.
 */
export function frontMatterTime(moment: DateTime, timeZone: string): string {
  const local = moment.setZone(timeZone);
  return local.toISO({ suppressMilliseconds: true, includeOffset: Number.isInteger(local.offset) }) ?? "";
}

/**
 * One Intl.DateTimeFormat per zone for each use. Making one costs about 90 µs, and its ICU object lives
 * outside V8's heap until a collection finds its small wrapper: luxon made one for every zone name (nearly
 * two seconds per 10,000 stories), and @11ty/eleventy-plugin-rss's dateToRfc822 one for every feed date
 * (with a feed for each tag and author, 20,000 at 10,000 stories, holding about 250 MB).
 */
function formatsByZone(locale: string, options: Intl.DateTimeFormatOptions): (timeZone: string) => Intl.DateTimeFormat {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    let format = formats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
      formats.set(timeZone, format);
    }
    return format;
  };
}

/** Zone names as luxon's "ZZZZ" prints them in en-GB ("BST", "GMT+5"); the options are luxon's. */
const zoneNameFormat = formatsByZone("en-GB", { timeZoneName: "short", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });

function zoneName(epochMs: number, timeZone: string): string {
  return zoneNameFormat(timeZone).formatToParts(epochMs).find((part) => part.type === "timeZoneName")?.value ?? "";
}

/** The options of @11ty/eleventy-plugin-rss's dateToRfc822, whose output rfc822Date keeps byte for byte. */
const rfc822Format = formatsByZone("en-US", {
  weekday: "short",
  day: "2-digit",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZoneName: "longOffset",
});
const RFC_822_OFFSET = /[+-]\d{4}$/;

function rfc822In(epochMs: number, timeZone: string): string {
  const [weekday, month, day, year, time, zone] = rfc822Format(timeZone).format(epochMs).replace(/[,\s]+/g, " ").split(" ");
  return `${weekday}, ${day} ${month} ${year} ${time} ${zone!.replace(/GMT([+-])(\d\d):(\d\d)/, "$1$2$3")}`;
}

/**
 * An RSS date ("Mon, 08 Jul 2024 18:30:00 +0500") in the newsroom's zone. Before a zone kept standard time
 * its offset was local mean time, with seconds (Karachi's +04:28:12 until 1907), written "+0428:12": no
 * RFC 822 reader takes it, and a feed of an archive's old stories lost every date. Such a moment is written
 * in UTC, which names it exactly.
 */
export function rfc822Date(epochMs: number, timeZone: string): string {
  const written = rfc822In(epochMs, timeZone);
  return RFC_822_OFFSET.test(written) ? written : rfc822In(epochMs, "UTC");
}

/** Reads a "now" given on the command line or in the environment; a clear error for anything else. */
export function parseNow(value: string | undefined): DateTime {
  if (value === undefined || value === "") return DateTime.utc();
  const parsed = DateTime.fromISO(value, { zone: "utc" });
  if (!parsed.isValid) throw new Error(`expected an ISO 8601 date-time such as 2026-01-01T08:00:00Z; found "${value}"`);
  return parsed;
}
