import { CreateSuppliers1764360000100 } from "./1764360000100-CreateSuppliers";
import { CreatePartnerGrants1764500000100 } from "./1764500000100-CreatePartnerGrants";
import { CreateLocations1764800000100 } from "./1764800000100-CreateLocations";
import { CreateApiKeys1764800000200 } from "./1764800000200-CreateApiKeys";
import { CreateAuditLog1764900000100 } from "./1764900000100-CreateAuditLog";
import { CreateMembers1765000000100 } from "./1765000000100-CreateMembers";
import { AuditChain1765000000500 } from "./1765000000500-AuditChain";

/** Every migration of the suppliers service, in order. */
export const migrations = [CreateSuppliers1764360000100, CreatePartnerGrants1764500000100, CreateLocations1764800000100, CreateApiKeys1764800000200, CreateAuditLog1764900000100, CreateMembers1765000000100, AuditChain1765000000500];
