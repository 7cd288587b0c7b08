import { mutationConfig } from "./base.mjs";

export default mutationConfig("units", [
  "services/units/src/modules/unit/unit.rules.ts",
  "services/units/src/modules/alert/alert.rules.ts",
  "services/units/src/modules/commissioning/commissioning.rules.ts",
  "services/units/src/modules/capture/capture.plan.ts",
  "services/units/src/modules/capture/capture.rules.ts",
  "services/units/src/modules/authenticity/authenticity.rules.ts",
]);
