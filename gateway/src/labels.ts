import type { Principal } from "@tracehub/auth";
import type express from "express";
import type { Authentication } from "./authenticate";
import { GatewayErrorCode } from "./errors";
import { statusOf } from "./exports";

/**
 * Labels for printers: `GET /labels/{datamatrix|qr|gs1-128}/{code}.svg|.png`, `code` any identifier form,
 * URL-encoded. It runs the `labels` query with the caller's credentials (printers use API keys) and answers the image
 * itself, cacheable: a code's label never changes.
 */

/** What the route needs from the gateway. */
export interface LabelDeps {
  contextOf(req: express.Request, res: express.Response, principal: Principal): Promise<Record<string, unknown>>;
  execute(query: string, variables: Record<string, unknown>, context: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;
}

const SYMBOLOGY: Record<string, string> = { datamatrix: "DATAMATRIX", qr: "QR", "gs1-128": "GS1_128" };
const LABELS = `query LabelImage($codes: [String!]!, $format: LabelFormat!, $symbology: Symbology!) { labels(codes: $codes, format: $format, symbology: $symbology) { content contentType } }`;

/** The `/labels` router. */
export function labelRouter(router: express.Router, deps: LabelDeps): express.Router {
  router.get(/^\/(datamatrix|qr|gs1-128)\/(.+)\.(svg|png)$/, async (req, res, next) => {
    try {
      const authentication = res.locals.authentication as Authentication | undefined;
      if (!authentication || authentication.kind !== "authenticated") {
        const status = authentication?.kind === "refused" ? authentication.status : 401;
        return void res.status(status).json({ errors: [{ message: "Authentication required: send Authorization: Bearer <token> or ApiKey <key>.", extensions: { code: GatewayErrorCode.Unauthenticated } }] });
      }
      const params = req.params as unknown as Record<string, string>;
      const [symbology, code, ext] = [params[0] as string, params[1] as string, params[2] as string];
      const result = await deps.execute(LABELS, { codes: [code], format: ext.toUpperCase(), symbology: SYMBOLOGY[symbology] }, await deps.contextOf(req, res, authentication.principal));
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
