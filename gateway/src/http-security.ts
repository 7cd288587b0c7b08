import type { IncomingMessage } from "node:http";
import { type JwtSettings, bearerToken, verifyAccessToken } from "@tracehub/auth";
import type express from "express";
import helmet from "helmet";
import proxyaddr from "proxy-addr";
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
 * Rate limiting for `/graphql`: every request is charged to its client address, and to its principal (a
 * verified token's subject) or, without a valid token, to its address's public bucket. Over the limit it
 * answers 429 with `Retry-After` and a RATE_LIMITED GraphQL error, before the body is parsed.
 */
export function rateLimit(limiter: RateLimiter, jwt: JwtSettings): express.RequestHandler {
  return async (req, res, next) => {
    let subject: string | null = null;
    try {
      const token = bearerToken(req.header("authorization"));
      if (token) subject = (await verifyAccessToken(token, jwt)).sub ?? null;
    } catch {
      // An invalid token is refused later with UNAUTHENTICATED; here it counts as anonymous.
    }
    const wait = limiter.take(req.ip ?? "unknown", subject);
    if (!wait) {
      next();
      return;
    }
    res
      .status(429)
      .set("Retry-After", String(wait))
      .json({ errors: [{ message: `Too many requests; retry in ${wait} s.`, extensions: { code: GatewayErrorCode.RateLimited, retryAfterSeconds: wait } }] });
  };
}
