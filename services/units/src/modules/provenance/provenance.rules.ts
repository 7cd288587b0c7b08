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

/** The parts of a unit's story that name other units. */
export interface StoryParts<T extends { via: string | null }, C extends { childId: string; parentId: string }, L extends { unitId: string; intoId: string }> {
  timeline: T[];
  containers: C[];
  madeFrom: L[];
}

/** Every other unit a story names (containers, inputs, outputs, the containers events came through). */
export function unitsNamedIn(story: StoryParts<{ via: string | null }, { childId: string; parentId: string }, { unitId: string; intoId: string }>): string[] {
  const ids = new Set<string>();
  for (const t of story.timeline) if (t.via !== null) ids.add(t.via);
  for (const c of story.containers) ids.add(c.childId).add(c.parentId);
  for (const l of story.madeFrom) ids.add(l.unitId).add(l.intoId);
  return [...ids];
}

/**
 * A story as a reader sees it: containment periods and lineage links that name a unit it may not see are left out,
 * and an event that came through a hidden container stays (it moved the reader's unit) without naming it.
 */
export function storySeenBy<T extends { via: string | null }, C extends { childId: string; parentId: string }, L extends { unitId: string; intoId: string }>(
  story: StoryParts<T, C, L>,
  visible: ReadonlySet<string>,
): StoryParts<T, C, L> {
  return {
    timeline: story.timeline.map((t) => (t.via === null || visible.has(t.via) ? t : { ...t, via: null })),
    containers: story.containers.filter((c) => visible.has(c.childId) && visible.has(c.parentId)),
    madeFrom: story.madeFrom.filter((l) => visible.has(l.unitId) && visible.has(l.intoId)),
  };
}
