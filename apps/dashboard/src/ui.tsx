import type { ReactNode } from "react";
import type { CombinedError } from "urql";

/** A GraphQL or network error as the hub said it, with its code. */
export function ErrorNote({ error }: { error: CombinedError | { message: string } }) {
  const errors = "graphQLErrors" in error && error.graphQLErrors.length ? error.graphQLErrors : null;
  return (
    <div role="alert" className="error">
      {errors
        ? errors.map((e, i) => (
            <p key={i}>
              {e.message} {e.extensions?.code ? <code>{String(e.extensions.code)}</code> : null}
            </p>
          ))
        : <p>{"networkError" in error && error.networkError ? `The hub could not be reached: ${error.networkError.message}` : error.message}</p>}
    </div>
  );
}

/** A date and time, short. */
export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <>—</>;
  const d = new Date(at);
  return <time dateTime={at}>{d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" })}</time>;
}

/** A CBV value without its vocabulary prefix (`urn:epcglobal:cbv:bizstep:shipping` → `shipping`). */
export function short(value: string | null | undefined): string {
  if (!value) return "—";
  return value.replace(/^urn:epcglobal:cbv:(bizstep|disp|btt|sdt|er):/, "").replace(/^https:\/\/ref\.gs1\.org\/cbv\/(BizStep|Disp)-/, "");
}

/** A location as people read it: `GLN 9506000000015` or `SGLN 9506000000015.1` rather than its Digital Link or URN. */
export function place(value: string | null | undefined): string {
  if (!value) return "—";
  const dl = /^https?:\/\/[^/]+\/414\/(\d{13})(?:\/254\/(.+))?$/.exec(value);
  if (dl) return dl[2] ? `GLN ${dl[1]} · ${decodeURIComponent(dl[2])}` : `GLN ${dl[1]}`;
  const urn = /^urn:epc:id:sgln:(.+)$/.exec(value);
  return urn ? `SGLN ${urn[1]}` : value;
}

/** One row of a {@link Table}: a key and its cells, in the order of the table's columns. */
export interface Row {
  key: string;
  cells: ReactNode[];
}

/** A data table with a header row (`scope="col"` on each column name). */
export function Table({ testId, head, rows }: { testId?: string; head: readonly string[]; rows: readonly Row[] }) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          {head.map((name) => (
            <th scope="col" key={name}>
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, i) => (
              <td key={i}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
