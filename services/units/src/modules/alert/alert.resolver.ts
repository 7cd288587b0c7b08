import type { SubscribeResolverData } from "type-graphql";
import { Arg, Ctx, FieldResolver, Resolver, Root, Subscription } from "type-graphql";
import { assertInScope } from "../scope/scope";
import type { UnitsContext } from "../../context";
import { UnitType } from "../unit/unit.type";
import { AlertType, LiveAlertType } from "./alert.type";

/** The alerts raised on a unit, as a field of `Unit`. */
@Resolver(() => UnitType)
export class UnitAlertsResolver {
  @FieldResolver(() => [AlertType], { description: "Alerts raised on it: events that contradicted what the hub knew." })
  alerts(@Root() unit: UnitType, @Ctx() ctx: UnitsContext): Promise<AlertType[]> {
    return ctx.loaders.alertsByUnit.load(unit.id);
  }
}

async function openCloneAlerts({ args, context }: SubscribeResolverData<unknown, { after?: string | null }, UnitsContext>) {
  assertInScope(context.principal, { kind: "read" });
  return context.cloneAlerts.open(args.after, context.readScope);
}

/** The live clone alerts. */
@Resolver(() => LiveAlertType)
export class CloneAlertResolver {
  @Subscription(() => LiveAlertType, {
    description:
      "Live CLONE_SUSPECTED alerts on units of products you own or were granted (all, for operators and regulators): one each time the public checks of a serial point at copies. Delivered a couple of seconds after they are raised; pass the last `cursor` as `after` to resume without a gap.",
    subscribe: openCloneAlerts,
  })
  cloneAlerts(
    @Root() alert: LiveAlertType,
    @Arg("after", () => String, { nullable: true, description: "Resume after this cursor (the `cursor` of the last alert you received); from now when left out." })
    _after: string | null,
  ): LiveAlertType {
    return alert;
  }
}
