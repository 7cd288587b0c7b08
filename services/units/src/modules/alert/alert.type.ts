import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { AlertKind } from "./alert.rules";

registerEnumType(AlertKind, {
  name: "AlertKind",
  description: "Why an event does not add up with what the hub knows.",
  valuesConfig: {
    UNKNOWN_UNIT: { description: "The event names a serial that was never commissioned." },
    DUPLICATE_COMMISSIONING: { description: "A unit was commissioned twice." },
    EVENT_AFTER_TERMINAL: { description: "The unit appears after being destroyed, decommissioned or consumed." },
    RECALLED_UNIT_SOLD: { description: "A recalled unit was sold, dispensed, or shipped onward (not back as a return)." },
    EXPIRED_UNIT_SOLD: { description: "A unit was sold or dispensed after its expiry date." },
    ALREADY_SOLD: { description: "A unit was sold twice (a copied code is likely)." },
    STOLEN_UNIT_SEEN: { description: "A unit reported stolen was seen again." },
    IMPOSSIBLE_TRAVEL: { description: "The unit was at two business locations closer in time than possible." },
    MOVED_WHILE_ON_HOLD: { description: "The unit is on hold (an open quarantine covers it) and an event moved it (shipping, receiving, selling, ...)." },
    CLONE_SUSPECTED: {
      description: "The serial's public authenticity checks point at copies of it (impossible travel, too many checks or countries, checked after dispensing); raised by no event.",
    },
  },
});

/** An alert raised against a unit. */
@ObjectType("Alert", { description: "Something that contradicts what the hub knew about a unit: an event (stored anyway), or its public checks." })
export class AlertType {
  @Field(() => AlertKind, { description: "What does not add up." })
  kind!: AlertKind;

  @Field({ description: "A sentence an operator can act on." })
  message!: string;

  @Field(() => ID, { description: "The unit concerned (canonical id)." })
  unitId!: string;

  @Field(() => String, { nullable: true, description: "The event that raised it; null for an alert no event raised (CLONE_SUSPECTED)." })
  eventId!: string | null;

  @Field(() => Date, { nullable: true, description: "When it was raised (null in a capture result, where it is now)." })
  raisedAt!: Date | null;
}

/** An alert as the live feed delivers it. */
@ObjectType("LiveAlert", { description: "An alert as the live feed delivers it, with the cursor to resume after it." })
export class LiveAlertType {
  @Field(() => AlertType, { description: "The alert." })
  alert!: AlertType;

  @Field({ description: "Pass it as `after` to resume the feed after this alert, without a gap." })
  cursor!: string;
}
