import { useQuery } from "urql";
import { OrdersDocument } from "../documents";
import { hrefOf } from "../route";
import { ErrorNote, Table, When } from "../ui";

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
      <Table
        testId="orders"
        head={["Reference", "Customer", "Status", "Lines (allocated of ordered)", "Created", "Shipped"]}
        rows={orders.map(({ node: o }) => ({
          key: o.id,
          cells: [o.reference, o.customerName ?? "—", o.status, o.lines.map((l) => `${l.gtin}: ${l.allocated}/${l.quantity}`).join("; "), <When at={o.createdAt} />, <When at={o.shippedAt} />],
        }))}
      />
      <h2>Returns</h2>
      <Table
        testId="returns"
        head={["Order", "Unit", "Verdict", "Status", "Requested"]}
        rows={returns.map((r) => ({
          key: r.id,
          cells: [r.reference, <a href={hrefOf({ view: "unit", code: r.unitId })}>{r.unitId}</a>, r.verdict, r.status, <When at={r.requestedAt} />],
        }))}
      />
    </section>
  );
}
