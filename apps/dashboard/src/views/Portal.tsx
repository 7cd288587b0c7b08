import { useQuery } from "urql";
import { PartnersDocument, UnitsByStatusDocument } from "../documents";
import { hrefOf } from "../route";
import { ErrorNote, Table, When } from "../ui";

/** A supplier's own: units by status, its products as its units name them, partners and grants, API keys. */
export function PortalView() {
  const [units] = useQuery({ query: UnitsByStatusDocument });
  const [partners] = useQuery({ query: PartnersDocument });
  const d = units.data;
  const statuses = d
    ? ([
        ["Active", d.active.totalCount],
        ["In transit", d.inTransit.totalCount],
        ["Sold", d.sold.totalCount],
        ["Returned", d.returned.totalCount],
        ["Recalled", d.recalled.totalCount],
        ["Destroyed", d.destroyed.totalCount],
      ] as const)
    : [];
  const products = new Map<string, { name: string; units: number }>();
  for (const { node } of d?.all.edges ?? []) {
    if (!node.gtin) continue;
    const p = products.get(node.gtin) ?? { name: node.product?.name ?? "—", units: 0 };
    p.units += 1;
    products.set(node.gtin, p);
  }
  return (
    <section aria-labelledby="portal-title">
      <h1 id="portal-title">Products &amp; partners</h1>
      {units.error && <ErrorNote error={units.error} />}
      <h2>My units by status</h2>
      <Table testId="units-by-status" head={["Status", "Units"]} rows={statuses.map(([label, count]) => ({ key: label, cells: [label, count] }))} />
      <p>{d ? `${d.all.totalCount} units in all.` : null}</p>
      <h2>My products</h2>
      <Table testId="products" head={["GTIN", "Product", "Units among the latest 50"]} rows={[...products].map(([gtin, p]) => ({ key: gtin, cells: [gtin, p.name, p.units] }))} />
      <h2>Latest units</h2>
      <ul className="plain" data-testid="latest-units">
        {(d?.all.edges ?? []).slice(0, 20).map(({ node }) => (
          <li key={node.id}>
            <a href={hrefOf({ view: "unit", code: node.id })}>{node.serial ? `${node.gtin} · ${node.serial}` : node.id}</a> · {node.status}
          </li>
        ))}
      </ul>
      {partners.error && <ErrorNote error={partners.error} />}
      <h2>Partners and grants</h2>
      <Table
        testId="grants"
        head={["From", "To", "GTINs", "Permissions", "In force"]}
        rows={(partners.data?.grants.edges ?? []).map(({ node: g }) => ({
          key: g.id,
          cells: [g.grantorId, g.granteeId, g.gtins?.join(", ") ?? "all", g.permissions.join(", "), g.active ? "yes" : "no"],
        }))}
      />
      <h2>API keys</h2>
      <Table
        testId="api-keys"
        head={["Name", "Prefix", "Scopes", "Last used", "Revoked"]}
        rows={(partners.data?.apiKeys.edges ?? []).map(({ node: k }) => ({
          key: k.id,
          cells: [k.name, <code>{k.keyPrefix}</code>, k.scopes.join(", "), <When at={k.lastUsedAt} />, <When at={k.revokedAt} />],
        }))}
      />
    </section>
  );
}
