import { useVirtualizer } from "@tanstack/react-virtual";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { useQuery } from "urql";
import { BarChart } from "../chart";
import { RecentEventsDocument, type MovementFilter } from "../documents";
import { HourCounts } from "../hour-counts";
import { type FeedStatus, LiveFeed, type Movement } from "../live-feed";
import { hrefOf } from "../route";
import type { Credential } from "../session";
import { ErrorNote, When, place, short } from "../ui";

/** Rows the feed keeps: older movements drop off the end, so memory stays flat at any rate. */
export const MAX_ROWS = 500;
/** Event ids remembered to count repeats (none expected: the feed resumes after its last cursor). */
const MAX_REMEMBERED = 5_000;

declare global {
  interface Window {
    /** Read-only figures of the live feed, for support and for the browser tests. */
    tracehub?: { feed: { received: number; repeats: number; rows: number; eventIds(): string[]; status: FeedStatus["state"]; problem: string | null } };
  }
}

const FIELDS = [
  ["gtin", "GTIN"],
  ["lot", "Lot"],
  ["location", "Location (GLN or SGLN)"],
  ["bizStep", "Business step"],
  ["disposition", "Disposition"],
] as const;

export function FeedView({ credential }: { credential: Credential }) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [filter, setFilter] = useState<MovementFilter>({});
  const [rows, setRows] = useState<Movement[]>([]);
  const [status, setStatus] = useState<FeedStatus>({ state: "connecting" });
  const [notice, setNotice] = useState<string | null>(null);
  const [charts, setCharts] = useState<{ steps: [string, number][]; places: [string, number][] }>({ steps: [], places: [] });
  const feed = useRef<LiveFeed | null>(null);
  const pending = useRef<Movement[]>([]);
  const frame = useRef<number | null>(null);
  const counts = useMemo(() => ({ steps: new HourCounts(), places: new HourCounts() }), []);
  const stats = useRef({ received: 0, repeats: 0, ids: new Set<string>(), order: [] as string[] });
  const hourAgo = useMemo(() => new Date(Date.now() - 3_600_000).toISOString(), []);
  const [recent] = useQuery({ query: RecentEventsDocument, variables: { from: hourAgo } });

  // The last hour before the page opened (the 500 latest), then every movement the feed brings.
  useEffect(() => {
    for (const edge of recent.data?.events.edges ?? []) {
      const e = edge.node;
      counts.steps.add(new Date(e.recordTime), short(e.bizStep));
      counts.places.add(new Date(e.recordTime), place(e.bizLocation ?? e.readPoint));
    }
  }, [recent.data, counts]);

  useEffect(() => {
    const flush = () => {
      frame.current = null;
      const batch = pending.current;
      pending.current = [];
      setRows((current) => [...batch.reverse(), ...current].slice(0, MAX_ROWS));
    };
    const s = stats.current;
    const live = new LiveFeed(credential, filter, {
      movement: (m) => {
        s.received += 1;
        if (s.ids.has(m.eventId)) s.repeats += 1;
        s.ids.add(m.eventId);
        s.order.push(m.eventId);
        if (s.order.length > MAX_REMEMBERED) s.ids.delete(s.order.shift()!);
        counts.steps.add(new Date(m.recordTime), short(m.bizStep));
        counts.places.add(new Date(m.recordTime), place(m.bizLocation ?? m.readPoint));
        pending.current.push(m);
        if (pending.current.length > MAX_ROWS) pending.current.splice(0, pending.current.length - MAX_ROWS);
        frame.current ??= requestAnimationFrame(flush);
      },
      status: (next) => {
        setStatus(next);
        if (next.state === "reconnecting") setNotice(`Connection lost (${next.reason}); reconnecting, attempt ${next.attempt}.`);
        if (next.state === "live" && next.resumedFrom) setNotice(`Reconnected: resumed after the last movement seen, so nothing was missed.`);
      },
    });
    feed.current = live;
    live.start();
    return () => {
      live.stop();
      if (frame.current) cancelAnimationFrame(frame.current);
      frame.current = null;
    };
  }, [credential, filter, counts]);

  useEffect(() => {
    const timer = setInterval(() => setCharts({ steps: counts.steps.top(new Date()), places: counts.places.top(new Date()) }), 1_000);
    setCharts({ steps: counts.steps.top(new Date()), places: counts.places.top(new Date()) });
    return () => clearInterval(timer);
  }, [counts, recent.data]);

  useEffect(() => {
    const s = stats.current;
    window.tracehub = {
      feed: {
        get received() {
          return s.received;
        },
        get repeats() {
          return s.repeats;
        },
        get rows() {
          return document.querySelectorAll("[data-movement-row]").length;
        },
        eventIds: () => [...s.order],
        status: status.state,
        problem: status.state === "failed" || status.state === "reconnecting" ? status.reason : null,
      },
    };
  }, [status]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    for (const [key] of FIELDS) if (draft[key]?.trim()) next[key] = draft[key]!.trim();
    stats.current = { received: 0, repeats: 0, ids: new Set(), order: [] };
    setRows([]);
    setNotice(null);
    setFilter(next as MovementFilter);
  };

  const paused = status.state === "paused";
  return (
    <section aria-labelledby="feed-title">
      <h1 id="feed-title">Live movements</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter movements">
        {FIELDS.map(([key, label]) => (
          <div key={key} className="field">
            <label htmlFor={`filter-${key}`}>{label}</label>
            <input id={`filter-${key}`} value={draft[key] ?? ""} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
          </div>
        ))}
        <button type="submit">Apply filters</button>
        <button type="button" onClick={() => (paused ? feed.current?.resume() : feed.current?.pause())}>
          {paused ? "Resume" : "Pause"}
        </button>
      </form>
      <p role="status" className={`status status-${status.state}`} data-testid="feed-status">
        {statusText(status)} · <span data-testid="feed-received">{stats.current.received}</span> received
        {notice ? <span data-testid="feed-notice"> · {notice}</span> : null}
      </p>
      {status.state === "failed" && <ErrorNote error={{ message: status.reason }} />}
      <div className="charts">
        <BarChart title="Last hour per business step" rows={charts.steps} testId="chart-steps" />
        <BarChart title="Last hour per location" rows={charts.places} testId="chart-places" />
      </div>
      <h2>Movements, newest first</h2>
      <MovementList rows={rows} />
    </section>
  );
}

function statusText(status: FeedStatus): string {
  switch (status.state) {
    case "connecting":
      return "Connecting…";
    case "live":
      return "Live";
    case "paused":
      return "Paused: movements are kept by the hub and shown on resume";
    case "reconnecting":
      return "Reconnecting";
    case "failed":
      return "Stopped";
  }
}

const ROW_HEIGHT = 44;

/** The movements, virtualized: only the rows in view are in the page. */
function MovementList({ rows }: { rows: Movement[] }) {
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  return (
    <div ref={parent} className="feed" role="region" aria-label="Movements" tabIndex={0} data-testid="feed-list">
      <ol style={{ height: virtual.getTotalSize() }}>
        {virtual.getVirtualItems().map((item) => {
          const m = rows[item.index]!;
          const unit = m.units[0];
          return (
            <li key={m.eventId} data-movement-row data-event-id={m.eventId} aria-setsize={rows.length} aria-posinset={item.index + 1} style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
              <span className="step">{short(m.bizStep) === "—" ? m.type : short(m.bizStep)}</span>
              <span className="place">{place(m.bizLocation ?? m.readPoint)}</span>
              <span className="units">
                {unit ? <a href={hrefOf({ view: "unit", code: unit.id })}>{unit.serial ? `${unit.gtin} · ${unit.serial}` : unit.id}</a> : "—"}
                {m.units.length > 1 ? ` +${m.units.length - 1}` : ""}
              </span>
              <span className="time">
                <When at={m.eventTime} />
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
