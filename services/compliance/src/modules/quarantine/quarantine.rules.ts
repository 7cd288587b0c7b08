/** How a quarantine ended. */
export type QuarantineOutcomeName = "RELEASED" | "RECALLED" | "DESTROYED";

/** How long a quarantine has been (or was) open, in whole seconds: until it closed, or until `now`. */
export function openSeconds(openedAt: Date, closedAt: Date | null, now: Date): number {
  return Math.max(0, Math.floor(((closedAt ?? now).getTime() - openedAt.getTime()) / 1000));
}

/** Why a quarantine cannot be closed or noted now, or null: only an open one can. */
export function closedRefusal(status: string): string | null {
  return status === "OPEN" ? null : "This quarantine is closed already; open a new one to hold the units again.";
}
