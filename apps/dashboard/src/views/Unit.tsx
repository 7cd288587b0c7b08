import { type FormEvent, useEffect, useRef, useState } from "react";
import { useQuery } from "urql";
import { UnitPageDocument, type UnitPageQuery } from "../documents";
import { hrefOf } from "../route";
import { ErrorNote, Table, When, place, short } from "../ui";

type Provenance = NonNullable<UnitPageQuery["provenance"]>;

/** Look a unit up by any identifier form, typed, pasted or scanned with the camera. */
export function UnitView({ code }: { code: string | null }) {
  const [draft, setDraft] = useState(code ?? "");
  const [scanning, setScanning] = useState(false);
  useEffect(() => setDraft(code ?? ""), [code]);
  const go = (value: string) => {
    if (value.trim()) window.location.hash = hrefOf({ view: "unit", code: value.trim() });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go(draft);
  };
  const canScan = typeof navigator !== "undefined" && !!navigator.mediaDevices?.getUserMedia;
  return (
    <section aria-labelledby="unit-title">
      <h1 id="unit-title">Unit lookup</h1>
      <form className="lookup" onSubmit={submit}>
        <label htmlFor="unit-code">Identifier: a Digital Link, an element string such as (01)…(21)…, scan data, an EPC URN or RFID hex</label>
        <div className="row">
          <input id="unit-code" value={draft} onChange={(e) => setDraft(e.target.value)} autoComplete="off" spellCheck={false} />
          <button type="submit">Look up</button>
          {canScan && (
            <button type="button" onClick={() => setScanning(!scanning)}>
              {scanning ? "Stop camera" : "Scan with camera"}
            </button>
          )}
        </div>
      </form>
      {scanning && (
        <Scanner
          onCode={(text) => {
            setScanning(false);
            go(text);
          }}
        />
      )}
      {code && <UnitPage code={code} />}
    </section>
  );
}

/** The camera, read by ZXing (loaded only when asked for): GS1 DataMatrix, QR and GS1-128. */
function Scanner({ onCode }: { onCode: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    void (async () => {
      try {
        const { BrowserMultiFormatReader } = await import("@zxing/browser");
        if (cancelled || !video.current) return;
        const reader = new BrowserMultiFormatReader();
        const controls = await reader.decodeFromVideoDevice(undefined, video.current, (result) => {
          if (result) {
            controls.stop();
            // GS1 element strings from a DataMatrix or GS1-128 arrive with FNC1 as the group separator.
            onCode(result.getText());
          }
        });
        stop = () => controls.stop();
        if (cancelled) stop();
      } catch (error) {
        setProblem(error instanceof Error ? error.message : String(error));
      }
    })();
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [onCode]);
  return (
    <div className="scanner">
      <video ref={video} muted playsInline aria-label="Camera view for scanning a code" />
      {problem && <ErrorNote error={{ message: `The camera could not be used: ${problem}` }} />}
    </div>
  );
}

function UnitPage({ code }: { code: string }) {
  const [{ data, error, fetching }] = useQuery({ query: UnitPageDocument, variables: { code } });
  if (error) return <ErrorNote error={error} />;
  if (fetching && !data) return <p role="status">Looking up…</p>;
  const p = data?.provenance;
  if (!p) return <p role="status" data-testid="unit-not-found">No unit with this identifier is yours to see.</p>;
  return <Provenance p={p} />;
}

function Provenance({ p }: { p: Provenance }) {
  const u = p.unit;
  return (
    <article className="unit" data-testid="unit-page" aria-labelledby="unit-heading">
      <h2 id="unit-heading">{u.product?.name ?? (u.kind === "SSCC" ? "Logistic unit" : "Unit")}</h2>
      <dl className="facts">
        <dt>Identifier</dt>
        <dd data-testid="unit-id">{u.id}</dd>
        <dt>Status</dt>
        <dd data-testid="unit-status">
          {u.status}
          {u.onHold ? " · on hold" : ""}
          {u.disposition ? ` · ${short(u.disposition)}` : ""}
        </dd>
        {u.gtin && (
          <>
            <dt>GTIN · serial · lot</dt>
            <dd>
              {u.gtin} · {u.serial ?? "—"} · {u.lot ?? "—"}
            </dd>
          </>
        )}
        <dt>Expiry</dt>
        <dd>{u.expiry ?? "—"}</dd>
        <dt>Where now</dt>
        <dd>{place(u.bizLocation ?? u.location)}</dd>
        <dt>Inside</dt>
        <dd>{u.parent ? <a href={hrefOf({ view: "unit", code: u.parent.id })}>{u.parent.id}</a> : "—"}</dd>
        <dt>Recalls</dt>
        <dd>{u.recalls.length ? u.recalls.map((r) => `${r.reason} (${r.status})`).join("; ") : "none"}</dd>
      </dl>

      <h3>Alerts</h3>
      {p.alerts.length ? (
        <ul className="alerts" data-testid="unit-alerts">
          {p.alerts.map((a, i) => (
            <li key={i}>
              <strong>{a.kind}</strong>: {a.message} <When at={a.raisedAt} />
            </li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}

      <h3>Provenance timeline</h3>
      <Table
        testId="unit-timeline"
        head={["When", "Event", "Business step", "Where", "Own or inherited"]}
        rows={p.timeline.map((e) => ({
          key: e.eventId,
          cells: [<When at={e.eventTime} />, `${e.type} ${e.action ?? ""}`, short(e.bizStep), place(e.bizLocation ?? e.readPoint), e.inherited ? `inherited, via ${e.via ?? "a container"}` : "own"],
        }))}
      />

      <h3>Custody</h3>
      <ol className="custody" data-testid="unit-custody">
        {p.custody.map((c) => (
          <li key={`${c.eventId}-${c.location}`}>
            {place(c.location)}: <When at={c.from} /> to {c.to ? <When at={c.to} /> : "now"}
          </li>
        ))}
      </ol>

      <h3>Containment</h3>
      {u.contents.length ? (
        <ul className="tree" data-testid="unit-contents">
          {u.contents.map((c) => (
            <li key={c.unit.id} style={{ marginLeft: `${(c.depth - 1) * 1.5}rem` }}>
              <a href={hrefOf({ view: "unit", code: c.unit.id })}>{c.unit.id}</a> ({c.unit.status})
            </li>
          ))}
        </ul>
      ) : (
        <p>Contains nothing.</p>
      )}
      {p.containers.length > 0 && (
        <ul data-testid="unit-containers">
          {p.containers.map((c, i) => (
            <li key={i}>
              In <a href={hrefOf({ view: "unit", code: c.parentId })}>{c.parentId}</a> (level {c.level}) from <When at={c.packedAt} />
              {c.unpackedAt ? (
                <>
                  {" "}
                  to <When at={c.unpackedAt} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h3>Lineage</h3>
      {p.madeFrom.length ? (
        <ul data-testid="unit-lineage">
          {p.madeFrom.map((n) => (
            <li key={`${n.unitId}-${n.intoId}`} style={{ marginLeft: `${(n.depth - 1) * 1.5}rem` }}>
              <a href={hrefOf({ view: "unit", code: n.unitId })}>{n.unitId}</a> went into {n.intoId}
            </li>
          ))}
        </ul>
      ) : (
        <p>Made from nothing the hub tracks.</p>
      )}
    </article>
  );
}
