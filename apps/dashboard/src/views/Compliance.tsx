import { useEffect, useState } from "react";
import { stringifyDocument } from "@urql/core";
import { useQuery } from "urql";
import { socketClient } from "../client";
import { AuditChainDocument, CloneAlertsDocument, ComplianceDocument, RecallProgressDocument } from "../documents";
import type { RecallProgressSubscription, CloneAlertsSubscription } from "../gql/graphql";
import { hrefOf } from "../route";
import type { Credential } from "../session";
import { ErrorNote, Table, When } from "../ui";

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
      <Table
        testId="recalls"
        head={["GTIN and lots", "Class", "Reason", "Status", "Affected", "Located", "Returned", "Destroyed", "Unaccounted"]}
        rows={(data?.recalls.edges ?? []).map(({ node: r }) => {
          const p = live[r.id] ?? r.progress;
          const status = `${r.status}${live[r.id] ? " · live" : ""}${r.status === "ISSUED" && !r.allMarked ? " · marking" : ""}`;
          return { key: r.id, cells: [withLots(r.gtin, r.lots), r.classification, r.reason, status, p.affected, p.located, p.returned, p.destroyed, p.unaccounted] };
        })}
      />
      <h2>Quarantines</h2>
      <Table
        testId="quarantines"
        head={["GTIN and lots", "Reason", "Status", "Opened", "Outcome"]}
        rows={(data?.quarantines.edges ?? []).map(({ node: q }) => ({ key: q.id, cells: [withLots(q.gtin, q.lots), q.reason, q.status, <When at={q.openedAt} />, q.outcome ?? "—"] }))}
      />
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

/** A GTIN with the lots a recall or quarantine names. */
function withLots(gtin: string, lots: readonly string[]): string {
  return lots.length ? `${gtin} (${lots.join(", ")})` : gtin;
}
