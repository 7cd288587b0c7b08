import { ANONYMOUS } from "@tracehub/auth";
import { isDlPrimaryKey, parseCode } from "@tracehub/gs1";
import type express from "express";
import { GatewayErrorCode } from "../errors";
import { type Messages, languageFor } from "./messages";
import { PAGE_CSP, type PageFacts, problemPage, productPage } from "./page";
import { PUBLIC_OPERATIONS } from "../public-operations";

/**
 * The GS1 Digital Link resolver on the gateway's host. Any path that starts with a GS1 primary key (`/01/{gtin}`,
 * with `/10/{lot}`, `/21/{serial}` and query-string attributes) is answered by content negotiation:
 * - HTML for browsers: the product page, with the authenticity verdict for a serial (no JavaScript);
 * - JSON for apps (`Accept: application/json`);
 * - a linkset (RFC 9264, `application/linkset+json`, or `?linkType=all`) with GS1 link types;
 * - `?linkType=gs1:…` redirects (307) to that link, passing the query string on, with the linkset in `Link`; a link
 *   type it has no link for is a 404.
 * `/.well-known/gs1resolver` describes the resolver. Every answer carries CORS headers; `OPTIONS` is answered.
 * Verdicts come from the public `verifyAuthenticity`, product facts from the public `publicProductFacts`: the resolver
 * sees exactly what an anonymous caller of /graphql sees.
 */

/** What the resolver needs from the gateway: running a public operation as an anonymous caller. */
export interface ResolverDeps {
  execute(query: string, variables: Record<string, unknown>, context: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;
  /** The country the visitor's address is in, as context for the check's log (never the address); none when unknown. */
  placed?(req: express.Request): { clientCountry?: string };
}

/** Settings of the resolver. */
export interface ResolverOptions {
  /** Where consumers report a suspicious item (a `mailto:` or https URL); no report link when absent. */
  reportTo: string | null;
  /** The resolver's name in its description file. */
  name: string;
}

export const DEFAULT_RESOLVER_OPTIONS: ResolverOptions = { reportTo: null, name: "tracehub GS1 Digital Link resolver" };

const GS1_VOC = "https://gs1.org/voc/";
const LINKSET = "application/linkset+json";

const VERIFY = PUBLIC_OPERATIONS.VerifyAuthenticity;
const FACTS = PUBLIC_OPERATIONS.PublicProductFacts;

/** A link of the linkset. */
interface Link {
  /** The GS1 link type, short (`pip`). */
  type: string;
  href: string;
  title: string;
  mediaType: string;
  /** The target's language; null: the page's own (the hub's links) or any (a brand link that names none). */
  lang: string | null;
}

/** A link its brand owner configured, as `publicProductFacts { links }` answers it. */
interface BrandLink {
  linkType: string;
  href: string;
  title: string;
  lang: string | null;
  mediaType: string | null;
}

/**
 * The link of a type to redirect to: one in the visitor's language (or its primary subtag), else one for any
 * language, else the first.
 */
function pickLink(links: readonly Link[], language: string): Link | undefined {
  const primary = language.split("-")[0];
  return links.find((l) => l.lang === language) ?? links.find((l) => l.lang?.split("-")[0] === primary) ?? links.find((l) => l.lang === null) ?? links[0];
}

const cors = (res: express.Response) =>
  res.set({
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, HEAD, OPTIONS",
    "access-control-allow-headers": "Accept, Accept-Language",
    "access-control-expose-headers": "Link, Location",
  });

/** The link type a `linkType` parameter names, short (`pip`), or null for all; undefined when it names none of GS1's. */
function linkTypeOf(value: string): string | null | undefined {
  if (value === "all" || value === "linkset") return null;
  if (value.startsWith("gs1:")) return value.slice(4);
  if (value.startsWith(GS1_VOC)) return value.slice(GS1_VOC.length);
  return undefined;
}

/** True when the resolver answers `path`: a Digital Link path, its verification, or the description file. */
export function isResolverPath(path: string): boolean {
  const [, first = "", second = ""] = path.split("/");
  return path === "/.well-known/gs1resolver" || isDlPrimaryKey(first) || (first === "verification" && isDlPrimaryKey(second));
}

/** The resolver, as Express middleware (it passes on every path that is not a Digital Link or its description). */
export function digitalLinkResolver(deps: ResolverDeps, options: Partial<ResolverOptions> = {}): express.RequestHandler {
  const settings = { ...DEFAULT_RESOLVER_OPTIONS, ...options };
  const handle = async (req: express.Request, res: express.Response, verificationOnly: boolean): Promise<void> => {
    const m = languageFor(req.get("accept-language"));
    const base = `${req.protocol}://${req.get("host") ?? "localhost"}`;
    const path = verificationOnly ? req.path.slice("/verification".length) : req.path;
    const params = new URLSearchParams(req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?") + 1) : "");
    const aiQuery = new URLSearchParams([...params].filter(([k]) => /^\d{2,4}$/.test(k)));
    const passOn = new URLSearchParams([...params].filter(([k]) => k !== "linkType"));
    const anchor = `${base}${path}${aiQuery.size ? `?${aiQuery}` : ""}`;
    const wants = (type: string) => req.accepts(["text/html", "application/json", LINKSET]) === type;
    const json = verificationOnly || (!wants("text/html") && wants("application/json"));
    const problem = (status: number, code: string, heading: string, detail: string) => {
      res.status(status);
      if (json || wants(LINKSET)) return void res.json({ errors: [{ message: `${heading}: ${detail}`, extensions: { code } }] });
      return void res.set({ "content-security-policy": PAGE_CSP, "cache-control": "no-store" }).type("html").send(problemPage(m, heading, detail));
    };

    // Parsed and validated by @tracehub/gs1 (check digits, AI formats, which qualifiers go with which key).
    let code: ReturnType<typeof parseCode>;
    try {
      code = parseCode(anchor);
    } catch (error) {
      return problem(400, GatewayErrorCode.BadRequest, m.badLink, error instanceof Error ? error.message : String(error));
    }
    const value = (ai: string) => code.elements.find((e) => e.ai === ai)?.value ?? null;
    const gtin = value("01");
    if (!gtin) return problem(404, GatewayErrorCode.NotFound, m.notFound, "This resolver answers product identifiers (GTIN, AI 01).");
    const serial = value("21");
    const context = { principal: ANONYMOUS, requestId: String(res.locals.requestId ?? ""), ...(deps.placed?.(req) ?? {}) };

    let verdict: PageFacts["verdict"] = null;
    let product: (NonNullable<PageFacts["product"]> & { links: BrandLink[] }) | null;
    // The brand's links for the lot the link names, else the product's own (the walk up from lot to GTIN).
    const lot = value("10");
    if (serial !== null) {
      const result = await deps.execute(VERIFY, { code: anchor, lot, origin: null }, context);
      const answer = result.data?.verifyAuthenticity as (NonNullable<PageFacts["verdict"]> & { product: typeof product }) | undefined;
      if (!answer) return problem(502, "INTERNAL_SERVER_ERROR", m.notFound, result.errors?.[0]?.message ?? "The check failed.");
      verdict = { verdict: answer.verdict, reasons: answer.reasons, details: answer.details ?? [], expiry: answer.expiry, recall: answer.recall, checkedAt: answer.checkedAt };
      product = answer.product;
    } else {
      const result = await deps.execute(FACTS, { gtin, lot }, context);
      product = (result.data?.publicProductFacts as typeof product | undefined) ?? null;
      if (!product) return problem(404, GatewayErrorCode.NotFound, m.notFound, m.unknownProduct);
    }

    const verification = `${base}/verification${path}${aiQuery.size ? `?${aiQuery}` : ""}`;
    const links: Link[] = [{ type: "pip", href: anchor, title: product?.name ?? m.title, mediaType: "text/html", lang: null }];
    if (serial !== null) {
      links.push({ type: "verificationService", href: verification, title: m.title, mediaType: "application/json", lang: null });
      links.push({ type: "recallStatus", href: verification, title: m.recall, mediaType: "application/json", lang: null });
    }
    for (const l of product?.links ?? []) links.push({ type: l.linkType.replace(/^gs1:/, ""), href: l.href, title: l.title, mediaType: l.mediaType ?? "text/html", lang: l.lang });
    const linksetUrl = `${base}${path}?${new URLSearchParams([...aiQuery, ["linkType", "all"]])}`;
    res.set("link", `<${linksetUrl}>; rel="linkset"; type="${LINKSET}", <${anchor}>; rel="owl:sameAs"`);
    // A verdict is fresh on every check (and each check counts for clone detection); a product page may be cached.
    res.set("cache-control", serial !== null ? "no-store" : "public, max-age=300");

    const linkset = () => ({
      linkset: [
        {
          anchor,
          ...Object.fromEntries(
            [...new Set(links.map((l) => l.type))].map((type) => [
              `${GS1_VOC}${type}`,
              links.filter((l) => l.type === type).map((l) => ({ href: l.href, title: l.title, type: l.mediaType, ...(l.lang !== null || l.type === "pip" ? { hreflang: [l.lang ?? m.lang] } : {}) })),
            ]),
          ),
        },
      ],
    });
    const requested = params.get("linkType");
    if (requested !== null && !verificationOnly) {
      const type = linkTypeOf(requested);
      if (type === null) return void res.status(200).type(LINKSET).send(JSON.stringify(linkset()));
      const link = type === undefined ? undefined : pickLink(links.filter((l) => l.type === type), req.acceptsLanguages()[0] ?? m.lang);
      if (!link) return problem(404, GatewayErrorCode.NotFound, m.notFound, `No link of type ${requested} for this identifier.`);
      const target = new URL(link.href);
      for (const [k, v] of passOn) if (!target.searchParams.has(k)) target.searchParams.append(k, v);
      return void res.redirect(307, target.toString());
    }
    const shown = product ? { name: product.name, brand: product.brand, imageUrl: product.imageUrl } : null;
    const facts = { link: anchor, gtin, serial, lot, product: shown, verdict };
    if (json) return void res.status(200).json({ ...facts, links: links.map((l) => ({ linkType: `gs1:${l.type}`, href: l.href, title: l.title, type: l.mediaType, ...(l.lang ? { hreflang: l.lang } : {}) })) });
    if (wants(LINKSET)) return void res.status(200).type(LINKSET).send(JSON.stringify(linkset()));
    res
      .status(200)
      .set({ "content-security-policy": PAGE_CSP, "content-language": m.lang, vary: "Accept, Accept-Language" })
      .type("html")
      .send(productPage({ ...facts, reportTo: settings.reportTo, links: links.filter((l) => !["pip", "verificationService", "recallStatus"].includes(l.type)) }, m as Messages));
  };

  return async (req, res, next) => {
    const first = req.path.split("/")[1] ?? "";
    const verificationOnly = first === "verification" && isDlPrimaryKey(req.path.split("/")[2] ?? "");
    const isDescription = req.path === "/.well-known/gs1resolver";
    if (!isDescription && !verificationOnly && !isDlPrimaryKey(first)) return next();
    cors(res);
    if (req.method === "OPTIONS") return void res.status(204).end();
    if (req.method !== "GET" && req.method !== "HEAD") return void res.status(405).set("allow", "GET, HEAD, OPTIONS").json({ errors: [{ message: "The resolver answers GET, HEAD and OPTIONS.", extensions: { code: GatewayErrorCode.BadRequest } }] });
    if (isDescription) {
      return void res.json({
        name: settings.name,
        resolverRoot: `${req.protocol}://${req.get("host") ?? "localhost"}`,
        supportedPrimaryKeys: ["01"],
        supportedLinkType: [{ namespace: GS1_VOC, prefix: "gs1:" }],
        linkTypeDefaultCanBeLinkset: true,
        linkTypeDefaultCanBeAll: true,
      });
    }
    try {
      await handle(req, res, verificationOnly);
    } catch (error) {
      next(error);
    }
  };
}
