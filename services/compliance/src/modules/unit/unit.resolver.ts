import { Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import type { ComplianceContext } from "../../context";
import { recallCovers } from "../recall/recall.rules";
import { RecallType } from "../recall/recall.type";
import { UnitRef } from "./unit.type";

@Resolver(() => UnitRef)
export class UnitRecallsResolver {
  @Directive('@requires(fields: "gtin lot serial productionDate expiry commissionedAt")')
  @FieldResolver(() => [RecallType], {
    description:
      "Recalls in force (issued, or closed after being issued) whose scope covers this unit: its GTIN, and the lots, serials and date ranges a recall names. A recall closed before the unit was commissioned does not cover it.",
  })
  async recalls(@Root() unit: UnitRef, @Ctx() ctx: ComplianceContext): Promise<RecallType[]> {
    if (!unit.gtin) return [];
    const facts = { gtin: unit.gtin, lot: unit.lot, serial: unit.serial, productionDate: unit.productionDate, expiry: unit.expiry, commissionedAt: unit.commissionedAt };
    const recalls = await ctx.loaders.recallsByGtin.load(unit.gtin);
    return recalls.filter((r) => recallCovers(r, facts));
  }
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** A unit reference carries what `@requires` asked the gateway to fetch. */
export function resolveUnitReference(reference: { id?: unknown; gtin?: unknown; lot?: unknown; serial?: unknown; productionDate?: unknown; expiry?: unknown; commissionedAt?: unknown }): UnitRef {
  return {
    id: String(reference.id),
    gtin: text(reference.gtin),
    lot: text(reference.lot),
    serial: text(reference.serial),
    productionDate: text(reference.productionDate),
    expiry: text(reference.expiry),
    commissionedAt: typeof reference.commissionedAt === "string" && !Number.isNaN(Date.parse(reference.commissionedAt)) ? new Date(reference.commissionedAt) : null,
  };
}
