import { CreateCompliance1764360000300 } from "./1764360000300-CreateCompliance";
import { CreateComplianceOutbox1764600000300 } from "./1764600000300-CreateComplianceOutbox";
import { RecallLifecycle1765000000300 } from "./1765000000300-RecallLifecycle";
import { CreateQuarantines1765000000600 } from "./1765000000600-CreateQuarantines";
import { ComplianceOutboxTraceParent1765400000300 } from "./1765400000300-OutboxTraceParent";

/** Every migration of the compliance service, in order. */
export const migrations = [CreateCompliance1764360000300, CreateComplianceOutbox1764600000300, RecallLifecycle1765000000300, CreateQuarantines1765000000600, ComplianceOutboxTraceParent1765400000300];
