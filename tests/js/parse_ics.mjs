// Parse an ICS file with ical.js (the parser inside Thunderbird) and print what
// a calendar client would show, as JSON: [[uid, start, end], ...] per VEVENT.
//   timed events:   UTC instants, "2027-02-22T06:00:00Z"
//   all-day events: dates, "2027-02-22" (DTEND is the day after)
// With --summary each row gets a 4th element, the decoded SUMMARY.
// Usage: node parse_ics.mjs FILE [--summary]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const args = process.argv.slice(2);
const withSummary = args.includes("--summary");
const file = args.find((arg) => !arg.startsWith("--"));
if (!file) {
  console.error("usage: node parse_ics.mjs FILE [--summary]");
  process.exit(2);
}

const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));

// Register every VTIMEZONE, as Thunderbird does, so DTSTART;TZID=... converts
// with the rules the file itself carries.
const zones = new Map();
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  const zone = new ICAL.Timezone(vtimezone);
  ICAL.TimezoneService.register(zone);
  zones.set(zone.tzid, zone);
}

function show(time, tzid, where) {
  if (time.isDate) {
    if (tzid) throw new Error(`${where} is a DATE with TZID=${tzid}`);
    return time.toString(); // YYYY-MM-DD
  }
  if (tzid) {
    // An unknown TZID makes ical.js fall back to floating time without a word;
    // refuse that. (ical.js 2 resolves a TZID from the calendar's own
    // VTIMEZONEs itself, so compare by TZID rather than by object.)
    if (!zones.has(tzid) || !time.zone || time.zone.tzid !== tzid) {
      throw new Error(`${where} TZID=${tzid} did not resolve to its VTIMEZONE`);
    }
  } else if (time.zone !== ICAL.Timezone.utcTimezone) {
    throw new Error(`${where} is a floating time (no TZID and no Z)`);
  }
  const utc = time.convertToZone(ICAL.Timezone.utcTimezone);
  if (utc.toUnixTime() !== time.toUnixTime()) throw new Error(`${where}: inconsistent UTC conversion`);
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

const rows = [];
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  const tzid = (name) => vevent.getFirstProperty(name)?.getParameter("tzid") ?? null;
  const row = [
    event.uid,
    show(event.startDate, tzid("dtstart"), `${event.uid} DTSTART`),
    show(event.endDate, tzid("dtend"), `${event.uid} DTEND`),
  ];
  if (withSummary) row.push(event.summary);
  rows.push(row);
}
process.stdout.write(JSON.stringify(rows));
