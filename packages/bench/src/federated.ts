import { requestBinding, signPrincipal } from "@tracehub/auth";
import { DEV_PRINCIPAL_KEY } from "@tracehub/subgraph-kit";
import { type BenchHub, gql, load, processStats } from "./harness";
import type { Result } from "./scenarios";

const GTIN = "09506000134352";

/** The page every reader of the hub asks for: units with their product, brand owner, order and recalls (all four subgraphs). */
const FEDERATED = `query { units(first: 20) { edges { node { id gtin lot status product { gtin name brandOwner { name } } order { id reference } recalls { id reason } } } } }`;
/** The same page's own fields, straight from units. */
const UNITS_ALONE = `query { units(first: 20) { edges { node { id gtin lot status } } } }`;

/**
 * Issue 16's federated read and memory figures: the idle RSS of the five processes right after start-up and
 * seeding, then `units(first: 20)` with fields from all four subgraphs through the gateway, against the same page's
 * own fields sent straight to the units subgraph (signed as the gateway signs), in the same run; RSS after the load.
 */
export async function federatedReads(hub: BenchHub): Promise<Result> {
  const seconds = Number(process.env.BENCH_FEDERATED_SECONDS || 10);
  const clients = 8;
  await gql(
    hub.gatewayUrl,
    `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`,
    { i: { name: "Bench brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] } },
    hub.token,
  );
  await gql(hub.gatewayUrl, `mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Bench" }) { gtin } }`, {}, hub.token);
  await gql(
    hub.gatewayUrl,
    `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`,
    { i: { gtin: GTIN, lot: "F1", count: 1_000, serialType: "SEQUENTIAL" } },
    hub.token,
  );
  await new Promise((r) => setTimeout(r, 3_000));
  const idle = await processStats(hub.pids);
  const idleTotal = Object.values(idle).reduce((sum, p) => sum + p.rssMb, 0);

  const page = await gql<{ units: { edges: { node: { product: { brandOwner: { name: string } | null } | null } }[] } }>(hub.gatewayUrl, FEDERATED, {}, hub.token);
  if (page.units.edges.length !== 20 || page.units.edges.some((e) => e.node.product?.brandOwner?.name !== "Bench brand"))
    throw new Error("the federated page is not what the bench expects");
  // Signed per request, as the gateway does (a signed principal is valid for seconds only).
  const principal = () =>
    signPrincipal(
      { sub: "bench", org: null, roles: ["operator"], anonymous: false },
      process.env.PRINCIPAL_SIGNING_KEY || DEV_PRINCIPAL_KEY,
      requestBinding({ query: UNITS_ALONE, variables: {} }),
    );
  const federated = await load(seconds, clients, async () => void (await gql(hub.gatewayUrl, FEDERATED, {}, hub.token)), hub.pids);
  const alone = await load(
    seconds,
    clients,
    async () => void (await gql(hub.subgraphUrls.units as string, UNITS_ALONE, {}, "", { "x-tracehub-principal": principal() })),
    hub.pids,
  );
  const loaded = await processStats(hub.pids);
  return {
    scenario: `units(first: 20) with product, brand owner, order and recalls (four subgraphs), ${clients} clients, ${seconds} s each`,
    "idle RSS, all five processes, MB": Math.round(idleTotal),
    "idle RSS per process, MB": Object.entries(idle)
      .map(([name, p]) => `${name} ${Math.round(p.rssMb)}`)
      .join(", "),
    "federated page through the gateway, pages/s": federated.perSecond,
    "federated p50 ms": federated.p50,
    "federated p99 ms": federated.p99,
    "baseline: the page's own fields from units directly, pages/s": alone.perSecond,
    "baseline p50 ms": alone.p50,
    "ratio (federated / units alone)": Number((federated.perSecond / alone.perSecond).toFixed(3)),
    ...(federated.cpu ? { "CPU ms per federated page, by process": federated.cpu } : {}),
    ...(alone.cpu ? { "CPU ms per page from units alone, by process": alone.cpu } : {}),
    "RSS after the load per process, MB": Object.entries(loaded)
      .map(([name, p]) => `${name} ${Math.round(p.rssMb)}`)
      .join(", "),
  };
}
