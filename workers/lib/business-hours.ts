/**
 * A tenant's opening hours (kept in the AI settings, `settings.ai.businessHours`) and the one rule that
 * reads them: the AI's handover policy and the workflows' `business_hours` condition both ask here.
 * Judged in the hours' own IANA zone through Intl, so DST is handled.
 */
import { z } from "zod";

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const Day = z.enum(DAYS);

export const BusinessHours = z.object({
  /** IANA time zone of the opening hours. */
  timezone: z.string().default("UTC"),
  /** Opening intervals per weekday; a missing day is closed; an interval ending before it starts runs overnight. */
  days: z.partialRecord(Day, z.array(z.tuple([Time, Time]))).default({}),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

/** Whether `at` falls in an opening interval; null when the time zone is unknown. */
export function openAt(hours: BusinessHours, at: Date | number): boolean | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone: hours.timezone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(at);
  } catch {
    return null;
  }
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = DAYS.find((d) => d === get("weekday").toLowerCase().slice(0, 3));
  if (!day) return false;
  const hhmm = `${get("hour").padStart(2, "0")}:${get("minute").padStart(2, "0")}`;
  return (hours.days[day] ?? []).some(([from, to]) =>
    from <= to ? hhmm >= from && hhmm < to : hhmm >= from || hhmm < to,
  );
}

/** For the handover policy: null hours mean always open; an unknown zone is judged in UTC rather than never open. */
export function isOpen(hours: BusinessHours | null, at: Date | number): boolean {
  if (!hours) return true;
  return openAt(hours, at) ?? openAt({ ...hours, timezone: "UTC" }, at) ?? false;
}

/** The hours stored in a tenant's settings (`businessHours`, else `ai.businessHours`); null when none are set. */
export function businessHoursFromSettings(
  settings: Record<string, unknown> | undefined,
): BusinessHours | null {
  const ai = settings?.ai;
  const raw =
    settings?.businessHours ??
    (ai && typeof ai === "object" ? (ai as Record<string, unknown>).businessHours : undefined);
  if (raw === undefined || raw === null) return null;
  const parsed = BusinessHours.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
