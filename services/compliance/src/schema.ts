import { authChecker, buildFederatedSchema, outboxResolver } from "@tracehub/subgraph-kit";
import type { GraphQLSchema } from "graphql";
import type { ComplianceContext } from "./context";
import { QuarantineResolver } from "./modules/quarantine/quarantine.resolver";
import { RecallResolver, resolveRecallReference } from "./modules/recall/recall.resolver";
import { UnitRecallsResolver, resolveUnitReference } from "./modules/unit/unit.resolver";
import { UnitRef } from "./modules/unit/unit.type";

/** Operators' view of the compliance outbox (`complianceOutbox`, `retryComplianceOutboxMessage`). */
const ComplianceOutboxResolver = outboxResolver("compliance");

/** The compliance subgraph schema. */
export function buildComplianceSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<ComplianceContext>(
    { resolvers: [RecallResolver, QuarantineResolver, UnitRecallsResolver, ComplianceOutboxResolver], orphanedTypes: [UnitRef], authChecker },
    {
      Recall: (ref, ctx) => resolveRecallReference(ref, ctx),
      Unit: (ref) => resolveUnitReference(ref),
    },
  );
}
