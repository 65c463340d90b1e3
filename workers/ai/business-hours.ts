/** Opening-hours check in the tenant's time zone (Intl, so DST is handled). */
import type { BusinessHours } from "./settings";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/** True when `now` falls in an opening interval; null hours mean always open. */
export function isOpen(hours: BusinessHours | null, now: Date): boolean {
  if (!hours) return true;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone: hours.timezone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(now);
  } catch {
    // An invalid zone is a configuration error; judge in UTC rather than never open.
    return isOpen({ ...hours, timezone: "UTC" }, now);
  }
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = DAYS.find((d) => d === get("weekday").toLowerCase().slice(0, 3));
  if (!day) return false;
  const hhmm = `${get("hour").padStart(2, "0")}:${get("minute").padStart(2, "0")}`;
  return (hours.days[day] ?? []).some(([from, to]) => (from <= to ? hhmm >= from && hhmm < to : hhmm >= from || hhmm < to));
}
