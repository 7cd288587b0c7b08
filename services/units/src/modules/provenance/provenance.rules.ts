/** An event as the custody rule needs it. */
export interface Located {
  eventId: string;
  eventTime: Date;
  readPoint: string | null;
  bizLocation: string | null;
}

/**
 * The custody chain: consecutive stretches at one location, from a time-ordered timeline. The location
 * of an event is its business location, else its read point; events with neither do not move the unit.
 */
export function custodyChain(timeline: readonly Located[]): { location: string; from: Date; to: Date | null; eventId: string }[] {
  const steps: { location: string; from: Date; to: Date | null; eventId: string }[] = [];
  for (const event of timeline) {
    const location = event.bizLocation ?? event.readPoint;
    if (!location) continue;
    const last = steps.at(-1);
    if (last && last.location === location) continue;
    if (last) last.to = event.eventTime;
    steps.push({ location, from: event.eventTime, to: null, eventId: event.eventId });
  }
  return steps;
}
