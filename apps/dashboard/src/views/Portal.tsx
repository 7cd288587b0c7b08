import { useQuery } from "urql";
import { PartnersDocument, UnitsByStatusDocument } from "../documents";
import { hrefOf } from "../route";
import { ErrorNote, When } from "../ui";

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
      <table data-testid="units-by-status">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Units</th>
          </tr>
        </thead>
        <tbody>
          {statuses.map(([label, count]) => (
            <tr key={label}>
              <td>{label}</td>
              <td>{count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{d ? `${d.all.totalCount} units in all.` : null}</p>
      <h2>My products</h2>
      <table data-testid="products">
        <thead>
          <tr>
            <th scope="col">GTIN</th>
            <th scope="col">Product</th>
            <th scope="col">Units among the latest 50</th>
          </tr>
        </thead>
        <tbody>
          {[...products].map(([gtin, p]) => (
            <tr key={gtin}>
              <td>{gtin}</td>
              <td>{p.name}</td>
              <td>{p.units}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
      <table data-testid="grants">
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">GTINs</th>
            <th scope="col">Permissions</th>
            <th scope="col">In force</th>
          </tr>
        </thead>
        <tbody>
          {(partners.data?.grants.edges ?? []).map(({ node: g }) => (
            <tr key={g.id}>
              <td>{g.grantorId}</td>
              <td>{g.granteeId}</td>
              <td>{g.gtins?.join(", ") ?? "all"}</td>
              <td>{g.permissions.join(", ")}</td>
              <td>{g.active ? "yes" : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>API keys</h2>
      <table data-testid="api-keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Scopes</th>
            <th scope="col">Last used</th>
            <th scope="col">Revoked</th>
          </tr>
        </thead>
        <tbody>
          {(partners.data?.apiKeys.edges ?? []).map(({ node: k }) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>
                <code>{k.keyPrefix}</code>
              </td>
              <td>{k.scopes.join(", ")}</td>
              <td>
                <When at={k.lastUsedAt} />
              </td>
              <td>
                <When at={k.revokedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
