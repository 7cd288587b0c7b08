import { once } from "node:events";
import express from "express";
import PDFDocument from "pdfkit";
import { GatewayErrorCode } from "./errors";
import { type ExportDeps, callerOf, statusOf } from "./exports";

/**
 * Labels for printers: `GET /labels/{datamatrix|qr|gs1-128}/{code}.svg|.png`, `code` any identifier form,
 * URL-encoded. It runs the `labels` query with the caller's credentials (printers use API keys) and answers the image
 * itself, cacheable: a code's label never changes.
 */

/** What the route needs from the gateway: the caller's context and running an operation with it, as exports do. */
export type LabelDeps = ExportDeps;

const SYMBOLOGY: Record<string, string> = { datamatrix: "DATAMATRIX", qr: "QR", "gs1-128": "GS1_128" };
const LABELS = `query LabelImage($codes: [String!]!, $format: LabelFormat!, $symbology: Symbology!) { labels(codes: $codes, format: $format, symbology: $symbology) { text content contentType } }`;
/** A sheet's body: 10,000 codes of up to about 100 characters. */
const expressJson = () => express.json({ limit: "2mb" });

/** Most labels one sheet holds, and how many are drawn per query. */
export const MAX_SHEET_LABELS = 10_000;
const SHEET_BATCH = 100;
/** Cell size of a sheet's grid, in SVG user units (px at 96 dpi), and columns per row (an A4 page is 794 wide). */
const CELL = { width: 190, height: 150, columns: 4 };

/** A PDF sheet: A4 in points, a margin, and a grid of cells (four across, six down), each a label with its text beneath. */
const PDF = { width: 595.28, height: 841.89, margin: 28, columns: 4, rows: 6 };

/** What a sheet request asks for: the codes and the symbology, or null when the body is not one. */
function sheetRequest(body: unknown): { codes: string[]; symbology: string } | null {
  const b = body as { codes?: unknown; symbology?: unknown } | null;
  const codes = Array.isArray(b?.codes) && b.codes.every((c) => typeof c === "string") ? (b.codes as string[]) : null;
  const symbology = SYMBOLOGY[typeof b?.symbology === "string" ? b.symbology : "datamatrix"];
  return codes && codes.length >= 1 && codes.length <= MAX_SHEET_LABELS && symbology ? { codes, symbology } : null;
}

const BAD_SHEET = { errors: [{ message: `Send { codes: [1 to ${MAX_SHEET_LABELS} identifiers], symbology?: datamatrix | qr | gs1-128 }.`, extensions: { code: GatewayErrorCode.BadRequest } }] };

/** The `/labels` router. */
export function labelRouter(router: express.Router, deps: LabelDeps): express.Router {
  /**
   * `POST /labels/sheet.svg` with `{ codes: [...] (1 to 10,000), symbology?: "datamatrix" | "qr" | "gs1-128" }`: a
   * print-ready SVG page of labels in a grid, each with its text beneath, streamed 100 labels at a time.
   */
  router.post("/sheet.svg", expressJson(), async (req, res, next) => {
    let started = false;
    try {
      const principal = callerOf(res);
      if (!principal) return;
      const request = sheetRequest(req.body);
      if (!request) return void res.status(400).json(BAD_SHEET);
      const { codes, symbology } = request;
      const context = await deps.contextOf(req, res, principal);
      const rows = Math.ceil(codes.length / CELL.columns);
      let closed = false;
      res.once("close", () => (closed = true));
      for (let from = 0; from < codes.length && !closed; from += SHEET_BATCH) {
        const batch = codes.slice(from, from + SHEET_BATCH);
        const result = await deps.execute(LABELS, { codes: batch, format: "SVG", symbology }, context);
        if (result.errors?.length) {
          // Before the first byte, the caller gets the error; after it, the sheet ends short (the connection closes).
          if (!started) return void res.status(statusOf(result.errors[0]?.extensions?.code)).json({ errors: result.errors });
          return void res.destroy();
        }
        if (!started) {
          started = true;
          res.status(200).set({ "content-type": "image/svg+xml; charset=utf-8", "content-disposition": "inline; filename=\"labels.svg\"" });
          res.write(`<svg xmlns="http://www.w3.org/2000/svg" width="${CELL.width * CELL.columns}" height="${CELL.height * rows}" viewBox="0 0 ${CELL.width * CELL.columns} ${CELL.height * rows}"><rect width="100%" height="100%" fill="#fff"/>`);
        }
        const labels = (result.data?.labels ?? []) as { text: string; content: string }[];
        let chunk = "";
        labels.forEach((label, k) => {
          const i = from + k;
          const x = (i % CELL.columns) * CELL.width;
          const y = Math.floor(i / CELL.columns) * CELL.height;
          const inner = label.content.replace(/^<svg /, `<svg x="${x + 10}" y="${y + 8}" width="${CELL.width - 20}" height="${CELL.height - 36}" preserveAspectRatio="xMidYMid meet" `);
          const text = label.text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
          chunk += `${inner}<text x="${x + CELL.width / 2}" y="${y + CELL.height - 12}" font-family="monospace" font-size="9" text-anchor="middle">${text}</text>`;
        });
        if (!res.write(chunk)) await once(res, "drain");
      }
      if (!closed) res.end("</svg>");
    } catch (error) {
      if (started) res.destroy();
      else next(error);
    }
  });

  /**
   * `POST /labels/sheet.pdf`, the same body: a print-ready A4 PDF, 24 labels a page (PNG images with their text
   * beneath), streamed 100 labels at a time as pdfkit writes its pages.
   */
  router.post("/sheet.pdf", expressJson(), async (req, res, next) => {
    let doc: PDFKit.PDFDocument | null = null;
    try {
      const principal = callerOf(res);
      if (!principal) return;
      const request = sheetRequest(req.body);
      if (!request) return void res.status(400).json(BAD_SHEET);
      const { codes, symbology } = request;
      const context = await deps.contextOf(req, res, principal);
      const cell = { width: (PDF.width - 2 * PDF.margin) / PDF.columns, height: (PDF.height - 2 * PDF.margin) / PDF.rows };
      let closed = false;
      res.once("close", () => (closed = true));
      for (let from = 0; from < codes.length && !closed; from += SHEET_BATCH) {
        const result = await deps.execute(LABELS, { codes: codes.slice(from, from + SHEET_BATCH), format: "PNG", symbology }, context);
        if (result.errors?.length) {
          if (!doc) return void res.status(statusOf(result.errors[0]?.extensions?.code)).json({ errors: result.errors });
          return void res.destroy();
        }
        if (!doc) {
          doc = new PDFDocument({ size: "A4", margin: 0, autoFirstPage: false, info: { Title: "Labels", Producer: "tracehub" } });
          res.status(200).set({ "content-type": "application/pdf", "content-disposition": "inline; filename=\"labels.pdf\"" });
          doc.pipe(res);
        }
        const labels = (result.data?.labels ?? []) as { text: string; content: string }[];
        for (const [k, label] of labels.entries()) {
          const i = from + k;
          const slot = i % (PDF.columns * PDF.rows);
          if (slot === 0) doc.addPage();
          const x = PDF.margin + (slot % PDF.columns) * cell.width;
          const y = PDF.margin + Math.floor(slot / PDF.columns) * cell.height;
          doc.image(Buffer.from(label.content, "base64"), x + 6, y + 6, { fit: [cell.width - 12, cell.height - 30], align: "center", valign: "center" });
          // One line of Courier (0.6 em a character), smaller for a long Digital Link so the whole text fits.
          const size = Math.min(6, (cell.width - 8) / (label.text.length * 0.6));
          doc.font("Courier").fontSize(size).text(label.text, x + 4, y + cell.height - 18, { width: cell.width - 8, align: "center", lineBreak: false });
        }
        // Let pdfkit's output drain before drawing the next batch.
        if (res.writableNeedDrain) await once(res, "drain");
      }
      if (doc && !closed) doc.end();
    } catch (error) {
      if (doc) res.destroy();
      else next(error);
    }
  });

  router.get(/^\/(datamatrix|qr|gs1-128)\/(.+)\.(svg|png)$/, async (req, res, next) => {
    try {
      const principal = callerOf(res);
      if (!principal) return;
      const params = req.params as unknown as Record<string, string>;
      const [symbology, code, ext] = [params[0] as string, params[1] as string, params[2] as string];
      const result = await deps.execute(LABELS, { codes: [code], format: ext.toUpperCase(), symbology: SYMBOLOGY[symbology] }, await deps.contextOf(req, res, principal));
      if (result.errors?.length) return void res.status(statusOf(result.errors[0]?.extensions?.code)).json({ errors: result.errors });
      const [label] = (result.data?.labels ?? []) as { content: string; contentType: string }[];
      if (!label) return void res.status(502).json({ errors: [{ message: "No label was drawn.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      res.status(200).set({ "cache-control": "private, max-age=86400", "content-type": label.contentType });
      res.send(label.contentType === "image/png" ? Buffer.from(label.content, "base64") : label.content);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
