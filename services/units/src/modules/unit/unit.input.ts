import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { ArgsType, Field, InputType } from "type-graphql";
import { UnitStatus } from "./unit.rules";

/** Which units to list. */
@InputType({ description: "Which units to list; every given condition must hold." })
export class UnitFilter {
  @Field(() => String, { nullable: true, description: "Only units of this GTIN." })
  gtin?: string | null;

  @Field(() => String, { nullable: true, description: "Only units of this lot." })
  lot?: string | null;

  @Field(() => UnitStatus, { nullable: true, description: "Only units in this status." })
  status?: UnitStatus | null;

  @Field(() => String, { nullable: true, description: "Only units last at this location (business location or read point; any GS1 location form or URI)." })
  location?: string | null;

  @Field(() => String, { nullable: true, description: "Only units directly inside this container now (any code)." })
  container?: string | null;
}

/** Arguments of `units`. */
@ArgsType()
export class UnitsArgs extends ConnectionArgs {
  @Field(() => UnitFilter, { nullable: true, description: "Conditions on the units." })
  filter?: UnitFilter | null;
}
