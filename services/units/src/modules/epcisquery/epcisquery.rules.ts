/**
 * Query subscription schedules, the pure part. A schedule is the REST binding's (and EPCIS 1.2's): `second`,
 * `minute`, `hour`, `dayOfMonth`, `month`, `dayOfWeek`, each a comma-separated list of numbers and `[a-b]` ranges,
 * in UTC. A field left out is any value when a finer field is given, and its least value when none is: `{ hour:
 * "1", minute: "5" }` runs at 01:05:00 every day. Days of the week run 1 (Monday) to 7 (Sunday).
 */

/** The fields of a schedule, coarsest last, with their ranges. */
export const SCHEDULE_FIELDS = [
  { name: "second", min: 0, max: 59 },
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "dayOfMonth", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "dayOfWeek", min: 1, max: 7 },
] as const;

export type ScheduleField = (typeof SCHEDULE_FIELDS)[number]["name"];
/** A schedule as given. */
export type ScheduleSpec = Partial<Record<ScheduleField, string>>;
/** A schedule read: for each field, the values it matches (null: any). */
export type Schedule = Record<ScheduleField, ReadonlySet<number> | null>;

/** Why a schedule cannot be read (which field, what is wrong), or its reading. */
export function readSchedule(spec: Record<string, unknown>): { schedule: Schedule } | { field: string; problem: string } {
  const known = new Set<string>(SCHEDULE_FIELDS.map((f) => f.name));
  const unknown = Object.keys(spec).find((k) => !known.has(k));
  if (unknown) return { field: unknown, problem: `is not a schedule field (${[...known].join(", ")})` };
  const given = SCHEDULE_FIELDS.filter((f) => spec[f.name] !== undefined && spec[f.name] !== null);
  if (given.length === 0) return { field: "schedule", problem: "names no field: give at least one (second, minute, hour, dayOfMonth, month, dayOfWeek)" };
  // The finest field given: finer ones left out are their least value; coarser ones left out are any value.
  const finest = Math.min(...given.map((f) => SCHEDULE_FIELDS.indexOf(f)));
  const out = {} as Record<ScheduleField, ReadonlySet<number> | null>;
  for (const [i, f] of SCHEDULE_FIELDS.entries()) {
    const raw = spec[f.name];
    if (raw === undefined || raw === null) {
      out[f.name] = i < finest && f.name !== "dayOfWeek" ? new Set([f.min]) : null;
      continue;
    }
    if (typeof raw !== "string" || raw.length > 200) return { field: f.name, problem: "must be a list of numbers and [a-b] ranges, such as \"5\" or \"0,30\" or \"[1-5]\"" };
    const values = new Set<number>();
    for (const item of raw.split(",").map((x) => x.trim())) {
      const range = /^\[(\d{1,2})-(\d{1,2})\]$/.exec(item);
      const [from, to] = range ? [Number(range[1]), Number(range[2])] : /^\d{1,2}$/.test(item) ? [Number(item), Number(item)] : [Number.NaN, Number.NaN];
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < f.min || to > f.max || from > to) {
        return { field: f.name, problem: `holds ${JSON.stringify(item)}: give numbers or [a-b] ranges from ${f.min} to ${f.max}` };
      }
      for (let v = from; v <= to; v++) values.add(v);
    }
    out[f.name] = values;
  }
  return { schedule: out };
}

/** The first moment strictly after `after` that the schedule matches (UTC, whole seconds); null when none within 5 years. */
export function nextRun(schedule: Schedule, after: Date): Date | null {
  const ok = (field: ScheduleField, value: number) => schedule[field] === null || (schedule[field] as ReadonlySet<number>).has(value);
  const t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
  const limit = after.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    if (!ok("month", t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!ok("dayOfMonth", t.getUTCDate()) || !ok("dayOfWeek", ((t.getUTCDay() + 6) % 7) + 1)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!ok("hour", t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!ok("minute", t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    if (!ok("second", t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1, 0);
      continue;
    }
    return t;
  }
  return null;
}
