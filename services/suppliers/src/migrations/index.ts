import { CreateSuppliers1764360000100 } from "./1764360000100-CreateSuppliers";
import { CreatePartnerGrants1764500000100 } from "./1764500000100-CreatePartnerGrants";

/** Every migration of the suppliers service, in order. */
export const migrations = [CreateSuppliers1764360000100, CreatePartnerGrants1764500000100];
