import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { UnitType } from "../unit/unit.type";
import { AlertType } from "./alert.type";

/** The alerts raised on a unit, as a field of `Unit`. */
@Resolver(() => UnitType)
export class UnitAlertsResolver {
  @FieldResolver(() => [AlertType], { description: "Alerts raised on it: events that contradicted what the hub knew." })
  alerts(@Root() unit: UnitType, @Ctx() ctx: UnitsContext): Promise<AlertType[]> {
    return ctx.loaders.alertsByUnit.load(unit.id);
  }
}
