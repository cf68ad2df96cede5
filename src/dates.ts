import { DateTime } from "luxon";

/** A moment as the site prints it: machine-readable for `datetime`, human-readable in the newsroom's zone. */
export interface Timestamp {
  /** ISO 8601 with the newsroom zone's offset, e.g. 2024-07-09T09:05:00+05:00. */
  iso: string;
  /** "09 July 2024 09:05 PKT". */
  display: string;
  /** Milliseconds since the epoch, for sorting and comparisons. */
  epochMs: number;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Reads a front-matter date. A value with an offset is that instant; one without an offset is
 * wall-clock time in the newsroom's zone (the editors' contract says the site time zone applies).
 * Returns undefined for anything that is not an ISO 8601 date or date-time.
 */
export function parseArticleDate(value: string, timeZone: string): DateTime | undefined {
  const text = value.trim();
  if (!ISO_DATE_TIME.test(text)) return undefined;
  const parsed = DateTime.fromISO(text.replace(" ", "T"), { zone: timeZone, setZone: false });
  return parsed.isValid ? parsed : undefined;
}

/** Formats a moment in the newsroom's zone, never the machine's, so builds match on every machine. */
export function toTimestamp(moment: DateTime, timeZone: string, zoneAbbreviation?: string): Timestamp {
  const local = moment.setZone(timeZone);
  const zoneLabel = zoneAbbreviation ?? zoneName(local.toMillis(), timeZone);
  return {
    iso: local.toISO({ suppressMilliseconds: true }) ?? "",
    display: `${local.toFormat("dd LLLL yyyy HH:mm", { locale: "en-GB" })} ${zoneLabel}`,
    epochMs: local.toMillis(),
  };
}

/**
 * Zone names as luxon's "ZZZZ" prints them in en-GB ("BST", "GMT+5"), from one Intl formatter per zone:
 * luxon makes a new Intl.DateTimeFormat for every name, about 90 µs each, so a newsroom without its own
 * abbreviation paid nearly two seconds per 10,000 stories for it. The options are luxon's.
 */
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

function zoneName(epochMs: number, timeZone: string): string {
  let format = zoneNameFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZoneName: "short",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      timeZone,
    });
    zoneNameFormats.set(timeZone, format);
  }
  return format.formatToParts(epochMs).find((part) => part.type === "timeZoneName")?.value ?? "";
}

/** Reads a "now" given on the command line or in the environment; a clear error for anything else. */
export function parseNow(value: string | undefined): DateTime {
  if (value === undefined || value === "") return DateTime.utc();
  const parsed = DateTime.fromISO(value, { zone: "utc" });
  if (!parsed.isValid) throw new Error(`"now" must be an ISO 8601 date-time such as 2026-01-01T08:00:00Z; found "${value}"`);
  return parsed;
}
