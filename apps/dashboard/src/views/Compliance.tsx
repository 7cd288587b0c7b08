import { useEffect, useState } from "react";
import { stringifyDocument } from "@urql/core";
import { useQuery } from "urql";
import { socketClient } from "../client";
import { AuditChainDocument, CloneAlertsDocument, ComplianceDocument, RecallProgressDocument } from "../documents";
import type { RecallProgressSubscription, CloneAlertsSubscription } from "../gql/graphql";
import { hrefOf } from "../route";
import type { Credential } from "../session";
import { ErrorNote, When } from "../ui";

type Progress = RecallProgressSubscription["recallProgress"]["progress"];

/** Recalls with live progress, quarantines, clone alerts to triage, and the audit chain's state. */
export function ComplianceView({ credential }: { credential: Credential }) {
  const [{ data, error }] = useQuery({ query: ComplianceDocument });
  const [audit] = useQuery({ query: AuditChainDocument });
  const [live, setLive] = useState<Record<string, Progress>>({});
  const [alerts, setAlerts] = useState<CloneAlertsSubscription["cloneAlerts"][]>([]);
  const issued = (data?.recalls.edges ?? []).filter(({ node }) => node.status === "ISSUED").map(({ node }) => node.id);

  // One socket for the live parts of the page: each issued recall's progress, and clone alerts as they come.
  useEffect(() => {
    const client = socketClient(credential);
    const stops = issued.map((recallId) =>
      client.subscribe<RecallProgressSubscription>(
        { query: stringifyDocument(RecallProgressDocument), variables: { recallId } },
        { next: (r) => r.data && setLive((l) => ({ ...l, [recallId]: r.data!.recallProgress.progress })), error: () => undefined, complete: () => undefined },
      ),
    );
    stops.push(
      client.subscribe<CloneAlertsSubscription>(
        { query: stringifyDocument(CloneAlertsDocument), variables: { after: null } },
        { next: (r) => r.data && setAlerts((a) => [r.data!.cloneAlerts, ...a].slice(0, 200)), error: () => undefined, complete: () => undefined },
      ),
    );
    return () => {
      for (const stop of stops) stop();
      void client.dispose();
    };
    // Resubscribed when the set of issued recalls changes, not on every render.
  }, [credential, issued.join(",")]);

  return (
    <section aria-labelledby="compliance-title">
      <h1 id="compliance-title">Compliance</h1>
      {error && <ErrorNote error={error} />}
      <h2>Recalls</h2>
      <table data-testid="recalls">
        <thead>
          <tr>
            <th scope="col">GTIN and lots</th>
            <th scope="col">Class</th>
            <th scope="col">Reason</th>
            <th scope="col">Status</th>
            <th scope="col">Affected</th>
            <th scope="col">Located</th>
            <th scope="col">Returned</th>
            <th scope="col">Destroyed</th>
            <th scope="col">Unaccounted</th>
          </tr>
        </thead>
        <tbody>
          {(data?.recalls.edges ?? []).map(({ node: r }) => {
            const p = live[r.id] ?? r.progress;
            return (
              <tr key={r.id} data-recall-id={r.id}>
                <td>
                  {r.gtin} {r.lots.length ? `(${r.lots.join(", ")})` : ""}
                </td>
                <td>{r.classification}</td>
                <td>{r.reason}</td>
                <td>
                  {r.status}
                  {live[r.id] ? " · live" : ""}
                  {r.status === "ISSUED" && !r.allMarked ? " · marking" : ""}
                </td>
                <td>{p.affected}</td>
                <td>{p.located}</td>
                <td>{p.returned}</td>
                <td>{p.destroyed}</td>
                <td>{p.unaccounted}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>Quarantines</h2>
      <table data-testid="quarantines">
        <thead>
          <tr>
            <th scope="col">GTIN and lots</th>
            <th scope="col">Reason</th>
            <th scope="col">Status</th>
            <th scope="col">Opened</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {(data?.quarantines.edges ?? []).map(({ node: q }) => (
            <tr key={q.id}>
              <td>
                {q.gtin} {q.lots.length ? `(${q.lots.join(", ")})` : ""}
              </td>
              <td>{q.reason}</td>
              <td>{q.status}</td>
              <td>
                <When at={q.openedAt} />
              </td>
              <td>{q.outcome ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Alerts to triage</h2>
      <p>Suspected copies of your products, as consumers' checks reveal them (live).</p>
      <ul className="alerts" data-testid="clone-alerts" aria-live="polite">
        {alerts.map((a) => (
          <li key={a.cursor}>
            <strong>{a.alert.kind}</strong>: <a href={hrefOf({ view: "unit", code: a.alert.unitId })}>{a.alert.unitId}</a> · {a.alert.message} <When at={a.alert.raisedAt} />
          </li>
        ))}
      </ul>
      <h2>Audit chain</h2>
      {audit.error ? (
        <ErrorNote error={audit.error} />
      ) : audit.data ? (
        <p data-testid="audit-chain">
          {audit.data.verifyAuditChain.valid ? "Intact" : `Broken at entry ${audit.data.verifyAuditChain.firstInvalidEntryId ?? "?"}: ${audit.data.verifyAuditChain.problem ?? ""}`} ·{" "}
          {audit.data.verifyAuditChain.entries} entries checked
        </p>
      ) : (
        <p role="status">Checking…</p>
      )}
    </section>
  );
}
