import type { IncomingMessage } from "node:http";
import type express from "express";
import helmet from "helmet";
import proxyaddr from "proxy-addr";
import type { Authentication, Authenticator } from "./authenticate";
import { GatewayErrorCode } from "./errors";
import type { RateLimiter } from "./rate-limit";

/**
 * The express `trust proxy` setting from TRUST_PROXY: `false` (default: the socket's peer is the client),
 * `true`, a number of hops, or a comma-separated list of addresses/subnets or names (`loopback`, ...).
 */
export function parseTrustProxy(value: string | boolean | number | undefined): boolean | number | string {
  if (value === undefined || value === false || value === "false" || value === "") return false;
  if (value === true || value === "true") return true;
  if (typeof value === "number") return value;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** The client address of a raw request (the WebSocket upgrade), honouring the same trust-proxy setting as express. */
export function clientAddressOf(trustProxy: boolean | number | string): (req: IncomingMessage) => string {
  const trust: (address: string, hop: number) => boolean =
    typeof trustProxy === "boolean"
      ? () => trustProxy
      : typeof trustProxy === "number"
        ? (_address, hop) => hop < trustProxy
        : proxyaddr.compile(trustProxy.split(",").map((s) => s.trim()));
  return (req) => proxyaddr(req, trust) || "unknown";
}

/**
 * Security headers on every answer: no MIME sniffing, no referrer, a CSP that allows nothing (the gateway
 * serves JSON, never pages), no framing, and HSTS when the request came over TLS (directly, or per
 * `X-Forwarded-Proto` from a trusted proxy).
 */
export function securityHeaders(): express.RequestHandler[] {
  const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });
  return [
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
      strictTransportSecurity: false,
      referrerPolicy: { policy: "no-referrer" },
    }),
    (req, res, next) => (req.secure ? hsts(req, res, next) : next()),
  ];
}

/**
 * Rate limiting and authentication for `/graphql`: every request is charged to its client address first, then
 * its credential (token or API key) is judged, once, and left in `res.locals.authentication` for the GraphQL
 * context; a valid one charges its principal's bucket, anything else the address's public bucket (so made-up
 * keys and tokens are limited like anonymous requests, after the address limit and before any further work).
 * Over a limit it answers 429 with `Retry-After` and a RATE_LIMITED GraphQL error, before the body is parsed.
 */
export function authenticateAndLimit(
  limiter: RateLimiter,
  authenticator: Authenticator,
  refuse: (res: express.Response, wait: number) => void = (res, wait) =>
    void res.json({ errors: [{ message: `Too many requests; retry in ${wait} s.`, extensions: { code: GatewayErrorCode.RateLimited, retryAfterSeconds: wait } }] }),
): express.RequestHandler {
  const tooMany = (res: express.Response, wait: number) => refuse(res.status(429).set("Retry-After", String(wait)), wait);
  return async (req, res, next) => {
    const address = req.ip ?? "unknown";
    const byAddress = limiter.takeAddress(address);
    if (byAddress) return void tooMany(res, byAddress);
    let authentication: Authentication;
    try {
      authentication = await authenticator.authenticate(req.header("authorization"));
    } catch (error) {
      next(error);
      return;
    }
    res.locals.authentication = authentication;
    const subject = authentication.kind === "authenticated" ? authentication.principal.sub : null;
    const wait = limiter.takeSubject(address, subject);
    if (wait) return void tooMany(res, wait);
    next();
  };
}
