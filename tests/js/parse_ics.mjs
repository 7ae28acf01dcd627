// Parse an ICS file with ical.js (Thunderbird's parser) and print what a
// calendar client would show: JSON [[uid, start, end], ...] per VEVENT.
// Timed events: UTC ISO instants ("2027-02-22T06:00:00Z"); all-day: dates ("2027-02-22").
// Usage: node parse_ics.mjs FILE
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const file = process.argv[2];
if (!file) {
  console.error("usage: node parse_ics.mjs FILE");
  process.exit(2);
}

const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));

// Register every VTIMEZONE so DTSTART;TZID=... resolves to it (as Thunderbird does).
const zones = new Map();
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  const zone = new ICAL.Timezone(vtimezone);
  ICAL.TimezoneService.register(zone);
  zones.set(zone.tzid, zone);
}

function show(time, tzid, uid, name) {
  if (time.isDate) {
    if (tzid) throw new Error(`${uid}: ${name} is a DATE with TZID=${tzid}`);
    return time.toString(); // YYYY-MM-DD
  }
  if (tzid) {
    // An unknown TZID makes ical.js fall back to floating time silently: refuse that.
    // (ical.js 2 also resolves TZIDs from the calendar's own VTIMEZONEs, so
    // compare by TZID rather than by object.)
    if (!zones.has(tzid) || !time.zone || time.zone.tzid !== tzid) {
      throw new Error(`${uid}: ${name} TZID=${tzid} did not resolve to its VTIMEZONE`);
    }
  } else if (time.zone !== ICAL.Timezone.utcTimezone) {
    throw new Error(`${uid}: ${name} is floating (no TZID, no Z)`);
  }
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

const out = [];
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  const tzidOf = (name) => vevent.getFirstProperty(name)?.getParameter("tzid") ?? null;
  out.push([
    event.uid,
    show(event.startDate, tzidOf("dtstart"), event.uid, "DTSTART"),
    show(event.endDate, tzidOf("dtend"), event.uid, "DTEND"),
  ]);
}
process.stdout.write(JSON.stringify(out));
