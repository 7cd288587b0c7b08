import { existsSync } from "node:fs";
import path from "node:path";
import express from "express";
import { GatewayErrorCode } from "./errors";

/** Where `npm run build` puts the web app (apps/dashboard), relative to the gateway's compiled code. */
export const DEFAULT_DASHBOARD_DIR = path.resolve(__dirname, "..", "..", "apps", "dashboard", "dist");

/**
 * What the app may load: its own scripts and styles, its own API over HTTP and WebSocket, images it draws.
 * Nothing inline, nothing from elsewhere.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The web app at `/app`: hashed files under `/app/assets/` cached for a year (`immutable`), every other path
 * `index.html` (the app routes by its URL's hash), revalidated on every load so a new build shows at once.
 * When the app was not built, `/app` says how to build it.
 */
export function dashboardRouter(dir: string = DEFAULT_DASHBOARD_DIR): express.Router {
  const router = express.Router();
  const index = path.join(dir, "index.html");
  router.use((_req, res, next) => {
    res.setHeader("content-security-policy", DASHBOARD_CSP);
    next();
  });
  router.use(
    "/assets",
    express.static(path.join(dir, "assets"), {
      immutable: true,
      maxAge: "365d",
      index: false,
      fallthrough: false,
    }),
  );
  router.get(/.*/, (req, res) => {
    if (!existsSync(index)) {
      res.status(404).json({ errors: [{ message: "The web app is not built: run `npm run build` (it builds apps/dashboard).", extensions: { code: GatewayErrorCode.NotFound } }] });
      return;
    }
    if (req.originalUrl === "/app") return void res.redirect(308, "/app/");
    res.setHeader("cache-control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
