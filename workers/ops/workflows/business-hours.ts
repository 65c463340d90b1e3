/**
 * Business hours for the `business_hours` condition. Read from `settings.businessHours` (or
 * `settings.ai.businessHours`, where the AI settings keep them):
 * `{ timezone: "Europe/Madrid", days: { mon: [["09:00","18:00"]], …, sun: [] } }`; a day left out is closed.
 */
import { z } from "zod";

const HHMM = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/);
const Range = z.union([z.tuple([HHMM, HHMM]), z.object({ open: HHMM, close: HHMM }).transform((r) => [r.open, r.close] as [string, string])]);
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export const BusinessHours = z.object({
  timezone: z.string().min(1).max(64),
  days: z.partialRecord(z.enum(DAYS), z.array(Range).max(6)),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

export function businessHoursFromSettings(settings: Record<string, unknown> | undefined): BusinessHours | null {
  const ai = settings?.ai;
  const raw = settings?.businessHours ?? (ai && typeof ai === "object" ? (ai as Record<string, unknown>).businessHours : undefined);
  const parsed = BusinessHours.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Whether `at` falls inside the opening hours, in the tenant's time zone; null if the zone is unknown. */
export function isOpen(hours: BusinessHours, at: number): boolean | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", { timeZone: hours.timezone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(at));
  } catch {
    return null;
  }
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = get("weekday").toLowerCase().slice(0, 3) as (typeof DAYS)[number];
  const minutes = Number(get("hour")) * 60 + Number(get("minute"));
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  return (hours.days[day] ?? []).some(([open, close]) => minutes >= toMin(open) && minutes < toMin(close));
}
