import { CreateUnits1764360000000 } from "./1764360000000-CreateUnits";

/** Every migration of the units service, in order. */
export const migrations = [CreateUnits1764360000000];
