import { useQuery } from "urql";
import { OrdersDocument } from "../documents";
import { hrefOf } from "../route";
import { ErrorNote, When } from "../ui";

/** Orders and their returns, with each return's verdict against the sale. */
export function FulfilmentView() {
  const [{ data, error }] = useQuery({ query: OrdersDocument });
  const orders = data?.orders.edges ?? [];
  const returns = orders.flatMap(({ node }) => node.returns.map((r) => ({ ...r, reference: node.reference })));
  return (
    <section aria-labelledby="fulfilment-title">
      <h1 id="fulfilment-title">Fulfilment</h1>
      {error && <ErrorNote error={error} />}
      <h2>Orders</h2>
      <table data-testid="orders">
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col">Lines (allocated of ordered)</th>
            <th scope="col">Created</th>
            <th scope="col">Shipped</th>
          </tr>
        </thead>
        <tbody>
          {orders.map(({ node: o }) => (
            <tr key={o.id}>
              <td>{o.reference}</td>
              <td>{o.customerName ?? "—"}</td>
              <td>{o.status}</td>
              <td>{o.lines.map((l) => `${l.gtin}: ${l.allocated}/${l.quantity}`).join("; ")}</td>
              <td>
                <When at={o.createdAt} />
              </td>
              <td>
                <When at={o.shippedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Returns</h2>
      <table data-testid="returns">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Unit</th>
            <th scope="col">Verdict</th>
            <th scope="col">Status</th>
            <th scope="col">Requested</th>
          </tr>
        </thead>
        <tbody>
          {returns.map((r) => (
            <tr key={r.id}>
              <td>{r.reference}</td>
              <td>
                <a href={hrefOf({ view: "unit", code: r.unitId })}>{r.unitId}</a>
              </td>
              <td>{r.verdict}</td>
              <td>{r.status}</td>
              <td>
                <When at={r.requestedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
