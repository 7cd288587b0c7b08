import { authChecker, buildFederatedSchema } from "@tracehub/subgraph-kit";
import type { GraphQLSchema } from "graphql";
import type { UnitsContext } from "./context";
import { CloneAlertResolver, UnitAlertsResolver } from "./modules/alert/alert.resolver";
import { AuthenticityResolver, PublicProductLinksResolver } from "./modules/authenticity/authenticity.resolver";
import { UnitVerificationsResolver } from "./modules/authenticity/verification.resolver";
import { CaptureResolver } from "./modules/capture/capture.resolver";
import { CaptureJobResolver } from "./modules/capturejob/capturejob.resolver";
import { CommissioningResolver } from "./modules/commissioning/commissioning.resolver";
import { EpcisQueryResolver } from "./modules/epcisquery/epcisquery.resolver";
import { EventResolver, UnitEventsResolver } from "./modules/event/event.resolver";
import { MovementResolver } from "./modules/movement/movement.resolver";
import { ProvenanceResolver } from "./modules/provenance/provenance.resolver";
import { ProductResolver, resolveProductReference } from "./modules/product/product.resolver";
import { RecallImpactResolver, RecallNoticeResolver, RecallNoticeStreamResolver, RecallProgressResolver, resolveRecallReference } from "./modules/recall/recall.resolver";
import { RecallRef } from "./modules/recall/recall.type";
import { UnitHoldResolver } from "./modules/hold/hold.resolver";
import { LabelResolver } from "./modules/label/label.resolver";
import { ReceiptResolver } from "./modules/receipt/receipt.resolver";
import { ReportResolver } from "./modules/report/report.resolver";
import { UnitResolver, resolveUnitReference } from "./modules/unit/unit.resolver";
import { WebhookResolver } from "./modules/webhook/webhook.resolver";

/**
 * type-graphql refuses a `@Subscription` without a pubSub even when every subscription brings its own
 * `subscribe` (ours read the movement stream); this one is never used.
 */
const UNUSED_PUBSUB = {
  publish(): void {
    throw new Error("The units subgraph publishes through the movement stream, not a pubSub.");
  },
  subscribe(): never {
    throw new Error("The units subgraph subscribes through the movement stream, not a pubSub.");
  },
};

/** The units subgraph schema. */
export function buildUnitsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<UnitsContext>(
    {
      resolvers: [
        UnitResolver,
        UnitEventsResolver,
        UnitAlertsResolver,
        CloneAlertResolver,
        ProductResolver,
        AuthenticityResolver,
        PublicProductLinksResolver,
        UnitVerificationsResolver,
        EventResolver,
        CaptureResolver,
        CaptureJobResolver,
        CommissioningResolver,
        ProvenanceResolver,
        MovementResolver,
        RecallImpactResolver,
        RecallNoticeResolver,
        RecallNoticeStreamResolver,
        RecallProgressResolver,
        ReportResolver,
        ReceiptResolver,
        LabelResolver,
        UnitHoldResolver,
        WebhookResolver,
        EpcisQueryResolver,
      ],
      orphanedTypes: [RecallRef],
      authChecker,
      pubSub: UNUSED_PUBSUB,
    },
    {
      Unit: (ref, ctx) => resolveUnitReference(ref, ctx),
      Product: (ref, ctx) => resolveProductReference(ref, ctx),
      Recall: (ref) => resolveRecallReference(ref as Record<string, unknown>),
    },
  );
}
