import { createHash } from "node:crypto";
import type { Messages } from "./messages";

/** What the product page shows: the verdict (for a serial) and the product's public facts. */
export interface PageFacts {
  /** The Digital Link as requested. */
  link: string;
  gtin: string | null;
  serial: string | null;
  lot: string | null;
  product: { name: string; brand: string | null; imageUrl: string | null } | null;
  verdict: {
    verdict: string;
    reasons: string[];
    /** The reasons as codes with their values (in the order of `reasons`), said in the page's language. */
    details?: readonly { code: string; text: string; values: readonly { name: string; value: string }[] }[];
    expiry: string | null;
    recall: { reason: string | null; instructions: string | null } | null;
    checkedAt: string;
  } | null;
  /** Where a suspicious item is reported (a mailto: or https: URL), when configured. */
  reportTo: string | null;
  /** The links its brand owner configured (instructions, certification, ...), for the lot when it has its own. */
  links?: readonly { href: string; title: string; lang: string | null }[];
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** The page's only style sheet; the Content-Security-Policy allows exactly it (by hash), and no script at all. */
const STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}
main{max-width:36rem;margin:0 auto;padding:1rem}
.verdict{border-radius:.5rem;padding:1rem;margin:1rem 0;border:2px solid}
.ok{background:#e6f4ea;border-color:#1e7b34}.warn{background:#fdecea;border-color:#b3261e}.info{background:#fff4e5;border-color:#8a5300}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.125rem;margin:1rem 0 .25rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;word-break:break-all}
img{max-width:100%;height:auto}a{color:#0b57d0}`;

/** The Content-Security-Policy of the page: no scripts, its own style sheet, images over https. */
export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

const TONE: Record<string, string> = { GENUINE: "ok", ON_HOLD: "info", EXPIRED: "info" };

/** A reason in the page's language: its code's sentence with its values filled in, or the hub's English sentence. */
function reasonText(m: Messages, reason: { code: string; text: string; values: readonly { name: string; value: string }[] }): string {
  const template = (m.reasonTexts as Record<string, string>)[reason.code];
  if (!template) return reason.text;
  const named = (name: string, value: string) =>
    name === "attribute" ? ((m.attributeNames as Record<string, string>)[value] ?? value) : name === "status" ? ((m.statusNames as Record<string, string>)[value] ?? value.toLowerCase()) : value;
  const values = new Map(reason.values.map((v) => [v.name, named(v.name, v.value)]));
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values.get(name) ?? whole);
}

/** The product page: accessible (landmarks, headings, a status region, text alternatives), no JavaScript. */
export function productPage(facts: PageFacts, m: Messages): string {
  const v = facts.verdict;
  const rows: [string, string | null][] = [
    [m.product, facts.product?.name ?? null],
    [m.brand, facts.product?.brand ?? null],
    [m.gtin, facts.gtin],
    [m.lot, facts.lot],
    [m.serial, facts.serial],
    [m.expiry, v?.expiry ?? null],
  ];
  const verdictBlock = v
    ? `<section class="verdict ${TONE[v.verdict] ?? "warn"}" role="status" aria-labelledby="verdict">
<h1 id="verdict">${escape((m.verdicts as Record<string, string>)[v.verdict] ?? v.verdict)}</h1>
<p>${escape((m.advice as Record<string, string>)[v.verdict] ?? "")}</p>
${v.reasons.length ? `<h2>${escape(m.reasons)}</h2><ul>${(v.details ?? v.reasons.map((text) => ({ code: "", text, values: [] }))).map((r) => `<li>${escape(reasonText(m, r))}</li>`).join("")}</ul>` : ""}
</section>`
    : `<h1>${escape(facts.product?.name ?? m.title)}</h1>`;
  const recall = v?.recall
    ? `<section aria-labelledby="recall"><h2 id="recall">${escape(m.recall)}</h2>${v.recall.reason ? `<p>${escape(v.recall.reason)}</p>` : ""}${v.recall.instructions ? `<p><strong>${escape(v.recall.instructions)}</strong></p>` : ""}</section>`
    : "";
  const image = facts.product?.imageUrl?.startsWith("https://") ? `<img src="${escape(facts.product.imageUrl)}" alt="${escape(facts.product.name)}" width="320">` : "";
  const details = `<section aria-labelledby="details"><h2 id="details">${escape(m.product)}</h2>${facts.product ? "" : `<p>${escape(m.unknownProduct)}</p>`}<dl>${rows
    .filter(([, value]) => value)
    .map(([label, value]) => `<dt>${escape(label)}</dt><dd>${escape(value as string)}</dd>`)
    .join("")}</dl></section>`;
  const more = facts.links?.length
    ? `<section aria-labelledby="more"><h2 id="more">${escape(m.moreInfo)}</h2><ul>${facts.links
        .map((l) => `<li><a href="${escape(l.href)}"${l.lang ? ` hreflang="${escape(l.lang)}" lang="${escape(l.lang)}"` : ""}>${escape(l.title)}</a></li>`)
        .join("")}</ul></section>`
    : "";
  const report = facts.reportTo && facts.serial ? `<p><a href="${escape(facts.reportTo)}">${escape(m.report)}</a></p>` : "";
  const checked = v ? `<p><small>${escape(m.checkedAt)} <time datetime="${escape(v.checkedAt)}">${escape(v.checkedAt)}</time></small></p>` : "";
  return page(m, `${verdictBlock}${recall}${image}${details}${more}${report}${checked}`);
}

/** A page that says what went wrong (unknown address, malformed link). */
export function problemPage(m: Messages, heading: string, detail: string): string {
  return page(m, `<h1>${escape(heading)}</h1><p>${escape(detail)}</p>`);
}

function page(m: Messages, body: string): string {
  return `<!doctype html>
<html lang="${escape(m.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(m.title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}
