/**
 * What capture accepts as an event time, and the base of the events the hub builds, as plain functions. No I/O; `capture.rules.spec.ts` is the
 * specification.
 */

/** Clock skew tolerated by default between a client's clock and the hub's: 5 minutes. */
export const DEFAULT_FUTURE_TOLERANCE_SECONDS = 300;

/** The earliest event time the hub accepts (the Unix epoch: older than any GS1-identified supply chain event). */
export const EARLIEST_EVENT_TIME = "1970-01-01T00:00:00.000Z";
const EARLIEST_MS = Date.parse(EARLIEST_EVENT_TIME);

/** A duration as people read it: seconds up to 2 minutes, minutes up to 2 hours, hours up to 2 days, then days. */
export function describeDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400).toLocaleString("en")} days`;
}

/**
 * Why an event time cannot be stored, or null when it can. A time must be a real instant, not before
 * {@link EARLIEST_EVENT_TIME}, and not more than `futureToleranceSeconds` ahead of `now` (milliseconds since
 * the epoch): an event from the future would outrank every real scan of its units. Error declarations are
 * exempt from the future bound: they repeat the eventTime of the event they correct, change no state, and
 * are the way to correct an event stored before the bound existed.
 */
export function eventTimeProblem(eventTime: string | Date, now: number, futureToleranceSeconds: number, errorDeclaration = false): string | null {
  const ms = typeof eventTime === "string" ? Date.parse(eventTime) : eventTime.getTime();
  if (Number.isNaN(ms)) return "is not a real date and time";
  const shown = new Date(ms).toISOString();
  if (ms < EARLIEST_MS) return `${shown} is before ${EARLIEST_EVENT_TIME.slice(0, 10)}, earlier than any event the hub can record`;
  const ahead = ms - now;
  if (!errorDeclaration && ahead > futureToleranceSeconds * 1000) {
    return `${shown} is ${describeDuration(ahead)} ahead of the hub's clock; event times may be at most ${futureToleranceSeconds} s in the future (clock skew)`;
  }
  return null;
}

/** The common fields of an event the hub builds itself (a scan, packing, commissioning), in UTC. */
export function builtEventBase(time: Date, readPoint: string | null, bizLocation: string | null): Record<string, unknown> {
  return {
    eventTime: time.toISOString(),
    eventTimeZoneOffset: "+00:00",
    ...(readPoint ? { readPoint: { id: readPoint } } : {}),
    ...(bizLocation ? { bizLocation: { id: bizLocation } } : {}),
  };
}
