import { readFileSync } from "node:fs";
import path from "node:path";
import { buildComplianceSchema } from "@tracehub/compliance";
import { SUBGRAPHS, SUPERGRAPH_PATH, composeSupergraph } from "@tracehub/gateway";
import { buildOrdersSchema } from "@tracehub/orders";
import { printSubgraphSdl } from "@tracehub/subgraph-kit";
import { buildSuppliersSchema } from "@tracehub/suppliers";
import { buildUnitsSchema } from "@tracehub/units";
import { type GraphQLNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, buildSchema } from "graphql";

const builders = { units: buildUnitsSchema, orders: buildOrdersSchema, suppliers: buildSuppliersSchema, compliance: buildComplianceSchema };
const root = path.resolve(__dirname, "../../..");

describe("checked-in schemas", () => {
  let printed: { name: string; url: string; sdl: string }[];

  beforeAll(async () => {
    printed = [];
    for (const { name, url } of SUBGRAPHS) printed.push({ name, url, sdl: printSubgraphSdl(await builders[name]()) });
  });

  it.each(SUBGRAPHS.map((s) => s.name))("services/%s/schema.graphql matches the code (run `npm run compose` after changing it)", (name) => {
    const file = readFileSync(path.join(root, "services", name, "schema.graphql"), "utf8");
    expect(file).toBe(printed.find((p) => p.name === name)?.sdl);
  });

  it("gateway/supergraph.graphql is the composition of the subgraphs (run `npm run compose`)", () => {
    expect(readFileSync(SUPERGRAPH_PATH, "utf8")).toBe(composeSupergraph(printed));
  });

  it("describes every public type, field, argument and enum value", () => {
    const missing: string[] = [];
    for (const { name, sdl } of printed) {
      const schema = buildSchema(sdl.replace(/^extend schema[\s\S]*?\)\n/, ""), { assumeValid: true, assumeValidSDL: true });
      for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
        if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID"].includes(type.name)) continue;
        // Root operation types carry no description in SDL printed from type-graphql; their fields do.
        if (!type.description && !["Query", "Mutation", "Subscription"].includes(type.name)) missing.push(`${name}: type ${type.name}`);
        if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
          for (const field of Object.values(type.getFields())) {
            if (!field.description) missing.push(`${name}: ${type.name}.${field.name}`);
            for (const arg of "args" in field ? field.args : []) if (!arg.description) missing.push(`${name}: ${type.name}.${field.name}(${arg.name})`);
          }
        }
        if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${name}: ${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
