import { once } from "node:events";
import type { Principal } from "@tracehub/auth";
import type express from "express";
import type { Authentication } from "./authenticate";
import { GatewayErrorCode } from "./errors";
import { logLine } from "@tracehub/subgraph-kit/log";

/**
 * Downloads for regulators and compliance teams, over plain HTTP GET with the same credentials as /graphql:
 *
 * - `GET /exports/traceability.csv?gtin=&lot=&from=&to=`: the FSMA 204 records of a lot (`traceabilityRecords`) as a
 *   sortable CSV spreadsheet;
 * - `GET /exports/recalls/:id/affected-units.csv` and `.json`: a recall's affected units (`Recall.affectedUnits`),
 *   with where each is and which order and customer it went to, streamed a page at a time (large recalls never sit
 *   in memory).
 *
 * Each runs ordinary GraphQL operations through the gateway with the caller's principal, so it sees exactly what the
 * caller may see, within the same limits, and a regulator's export is in the audit log like any of its reads.
 */

/** What an export needs from the gateway: the caller's context, and running an operation with it. */
export interface ExportDeps {
  /** The GraphQL context of an authenticated request (its principal with its scope, its request id). */
  contextOf(req: express.Request, res: express.Response, principal: Principal): Promise<Record<string, unknown>>;
  /** Runs one operation as the gateway runs a request's. */
  execute(query: string, variables: Record<string, unknown>, context: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;
}

/** Units per page of a streamed export. */
export const EXPORT_PAGE = 500;

/**
 * One CSV cell (RFC 4180): dates as ISO instants, null as empty, quoted when it holds a comma, quote or line
 * break. A text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a
 * leading `'`, so a customer name cannot become a formula on the reader's machine.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** The HTTP status an export's first GraphQL error calls for. */
export function statusOf(code: unknown): number {
  switch (code) {
    case "UNAUTHENTICATED":
      return 401;
    case "FORBIDDEN":
      return 403;
    case "NOT_FOUND":
      return 404;
    case "BAD_USER_INPUT":
    case "LIMIT_EXCEEDED":
    case "GRAPHQL_VALIDATION_FAILED":
      return 400;
    case "RATE_LIMITED":
      return 429;
    default:
      return 502;
  }
}

const TRACEABILITY = `query TraceabilityExport($gtin: String!, $lot: String!, $from: DateTimeISO, $to: DateTimeISO) {
  traceabilityRecords(gtin: $gtin, lot: $lot, from: $from, to: $to) {
    traceabilityLotCode gtin productDescription criticalTrackingEvent eventTime quantity unitOfMeasure location source destination referenceDocuments bizStep disposition eventId
  }
}`;
const TRACEABILITY_COLUMNS = [
  ["Traceability Lot Code", "traceabilityLotCode"],
  ["GTIN", "gtin"],
  ["Product Description", "productDescription"],
  ["Critical Tracking Event", "criticalTrackingEvent"],
  ["Event Date and Time (UTC)", "eventTime"],
  ["Quantity", "quantity"],
  ["Unit of Measure", "unitOfMeasure"],
  ["Location", "location"],
  ["Source", "source"],
  ["Destination", "destination"],
  ["Reference Documents", "referenceDocuments"],
  ["Business Step", "bizStep"],
  ["Disposition", "disposition"],
  ["EPCIS Event ID", "eventId"],
] as const;

const AFFECTED = `query AffectedUnitsExport($id: ID!, $first: Int!, $after: String) {
  recall(id: $id) {
    id
    affectedUnits(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id gtin serial lot expiry status location order { id reference customerName } } }
    }
  }
}`;
const AFFECTED_COLUMNS = ["Unit", "GTIN", "Serial", "Lot", "Expiry", "Status", "Last Known Location", "Order", "Order Reference", "Customer"];

interface AffectedNode {
  id: string;
  gtin: string | null;
  serial: string | null;
  lot: string | null;
  expiry: string | null;
  status: string;
  location: string | null;
  order: { id: string; reference: string; customerName: string } | null;
}
interface AffectedPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: AffectedNode }[];
}

function fail(res: express.Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** The caller, or an answer refusing it (anonymous callers may not export, nor print labels). */
export function callerOf(res: express.Response): Principal | null {
  const authentication = res.locals.authentication as Authentication | undefined;
  if (!authentication || authentication.kind === "anonymous") {
    fail(res, 401, GatewayErrorCode.Unauthenticated, "Authentication required: send Authorization: Bearer <token> or ApiKey <key>.");
    return null;
  }
  if (authentication.kind === "refused") {
    res.status(authentication.status).json({ errors: [{ message: authentication.message, extensions: { ...authentication.extensions, code: authentication.code } }] });
    return null;
  }
  return authentication.principal;
}

async function write(res: express.Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, "drain");
}

/** The export routes, to mount under `/exports` after authentication and rate limiting. */
export function exportRouter(router: express.Router, deps: ExportDeps): express.Router {
  router.get("/traceability.csv", async (req, res, next) => {
    try {
      const principal = callerOf(res);
      if (!principal) return;
      const q = req.query as Record<string, unknown>;
      const text = (name: string) => (typeof q[name] === "string" && q[name] !== "" ? (q[name] as string) : null);
      const gtin = text("gtin");
      const lot = text("lot");
      if (!gtin || !lot) return fail(res, 400, GatewayErrorCode.BadRequest, "Give 'gtin' and 'lot' (and optionally 'from' and 'to', ISO date-times) as query parameters.");
      const result = await deps.execute(TRACEABILITY, { gtin, lot, from: text("from"), to: text("to") }, await deps.contextOf(req, res, principal));
      if (result.errors?.length) {
        const [first] = result.errors;
        return void res.status(statusOf(first?.extensions?.code)).json({ errors: result.errors });
      }
      const records = (result.data?.traceabilityRecords ?? []) as Record<string, unknown>[];
      res.status(200).type("text/csv; charset=utf-8").attachment(`traceability-${gtin}-${lot}.csv`.replace(/[^A-Za-z0-9._-]/g, "_"));
      res.write(csvLine(TRACEABILITY_COLUMNS.map(([title]) => title)));
      for (const record of records) await write(res, csvLine(TRACEABILITY_COLUMNS.map(([, key]) => record[key])));
      res.end();
    } catch (error) {
      next(error);
    }
  });

  router.get(/^\/recalls\/([^/]+)\/affected-units\.(csv|json)$/, async (req, res, next) => {
    const params = req.params as unknown as Record<string, string>;
    const recallId = params[0] as string;
    const format = params[1] as "csv" | "json";
    let started = false;
    try {
      const principal = callerOf(res);
      if (!principal) return;
      const context = await deps.contextOf(req, res, principal);
      let closed = false;
      res.once("close", () => (closed = true));
      let after: string | null = null;
      let first = true;
      for (;;) {
        const result = await deps.execute(AFFECTED, { id: recallId, first: EXPORT_PAGE, after }, context);
        const recall = result.data?.recall as { affectedUnits: AffectedPage } | null | undefined;
        if (result.errors?.length || !recall) {
          if (!started) {
            if (result.errors?.length) return void res.status(statusOf(result.errors[0]?.extensions?.code)).json({ errors: result.errors });
            return fail(res, 404, GatewayErrorCode.NotFound, `No recall ${recallId}.`);
          }
          // Rows went out already: end the transfer broken, so that no reader takes a truncated file as whole.
          logLine("error", `[gateway] export of recall ${recallId} failed after it began: ${result.errors?.[0]?.message ?? "the recall vanished"}`);
          res.destroy();
          return;
        }
        const page = recall.affectedUnits;
        if (first) {
          started = true;
          res.status(200).setHeader("x-total-count", String(page.totalCount));
          if (format === "csv") {
            res.type("text/csv; charset=utf-8").attachment(`recall-${recallId}-affected-units.csv`.replace(/[^A-Za-z0-9._-]/g, "_"));
            await write(res, csvLine(AFFECTED_COLUMNS));
          } else {
            res.type("application/json; charset=utf-8");
            await write(res, `{"recallId":${JSON.stringify(recallId)},"totalCount":${page.totalCount},"units":[`);
          }
        }
        for (const [i, { node }] of page.edges.entries()) {
          if (format === "csv") {
            await write(res, csvLine([node.id, node.gtin, node.serial, node.lot, node.expiry, node.status, node.location, node.order?.id, node.order?.reference, node.order?.customerName]));
          } else {
            await write(res, `${first && i === 0 ? "" : ","}\n${JSON.stringify(node)}`);
          }
          if (closed) return;
        }
        first = false;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      if (format === "json") await write(res, "\n]}\n");
      res.end();
    } catch (error) {
      if (started) {
        logLine("error", `[gateway] export of recall ${recallId} failed after it began: ${error instanceof Error ? error.message : String(error)}`);
        res.destroy();
      } else {
        next(error);
      }
    }
  });
  return router;
}
