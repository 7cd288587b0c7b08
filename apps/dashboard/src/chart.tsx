import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "react";
import { Table } from "./ui";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/**
 * A horizontal bar chart (Chart.js on a canvas), described for screen readers by its label and by the same
 * figures as a table beneath it.
 */
export function BarChart({ title, rows, testId }: { title: string; rows: readonly [string, number][]; testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"bar"> | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, {
      type: "bar",
      data: { labels: [], datasets: [{ label: title, data: [], backgroundColor: "#1f5fa8" }] },
      options: { indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false, plugins: { tooltip: { enabled: true } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    return () => chart.current?.destroy();
  }, [title]);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.labels = rows.map(([label]) => label);
    c.data.datasets[0]!.data = rows.map(([, count]) => count);
    c.update("none");
  }, [rows]);
  const summary = rows.length ? rows.map(([label, count]) => `${label}: ${count}`).join(", ") : "no movements yet";
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="canvas-box">
        <canvas ref={canvas} role="img" aria-label={`${title}: ${summary}`} />
      </div>
      <details>
        <summary>Figures</summary>
        <Table head={[title.split(" per ")[1] ?? "Key", "Movements"]} rows={rows.map(([label, count]) => ({ key: label, cells: [label, count] }))} />
      </details>
    </figure>
  );
}
