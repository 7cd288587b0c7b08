import { CreateCompliance1764360000300 } from "./1764360000300-CreateCompliance";

/** Every migration of the compliance service, in order. */
export const migrations = [CreateCompliance1764360000300];
