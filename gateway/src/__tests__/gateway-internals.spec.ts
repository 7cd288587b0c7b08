import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { operationFromDocument } from "@apollo/federation-internals";
import { PINNED_GATEWAY_VERSION, SUPERGRAPH_PATH, gatewayInternals } from "@tracehub/gateway";
import { parse } from "graphql";

// Contract test for the @apollo/gateway private fields the subscription forwarder reads.
describe("@apollo/gateway internals used for subscriptions", () => {
  let gateway: ApolloGateway;

  beforeAll(async () => {
    gateway = new ApolloGateway({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8") });
    await gateway.load();
  });
  afterAll(() => gateway.stop());

  it("is the pinned version", () => {
    expect((require("@apollo/gateway/package.json") as { version: string }).version).toBe(PINNED_GATEWAY_VERSION);
  });

  it("exposes the API schema, supergraph schema, planner and data sources where the forwarder reads them", () => {
    const internals = gatewayInternals(gateway);
    expect(internals.schema.getSubscriptionType()?.getFields().unitMovements).toBeDefined();
    expect(Object.keys(internals.dataSources).sort()).toEqual(["compliance", "orders", "suppliers", "units"]);
  });

  it("plans a cross-subgraph subscription as a primary fetch to units and entity fetches for the rest", () => {
    const internals = gatewayInternals(gateway);
    const document = parse(`subscription { unitMovements { cursor units { id order { id } recalls { id } product { brandOwner { name } } } } }`);
    const plan = internals.queryPlanner.buildQueryPlan(operationFromDocument(internals.apiSchema, document));
    expect(plan.node?.kind).toBe("Subscription");
    if (plan.node?.kind !== "Subscription") return;
    expect(plan.node.primary.serviceName).toBe("units");
    const services = JSON.stringify(plan.node.rest).match(/"serviceName":"(\w+)"/g) ?? [];
    expect(new Set(services.map((s) => s.split(":")[1]!.replace(/"/g, "")))).toEqual(new Set(["orders", "compliance", "suppliers"]));
  });
});
