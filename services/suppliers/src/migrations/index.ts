import { CreateSuppliers1764360000100 } from "./1764360000100-CreateSuppliers";

/** Every migration of the suppliers service, in order. */
export const migrations = [CreateSuppliers1764360000100];
