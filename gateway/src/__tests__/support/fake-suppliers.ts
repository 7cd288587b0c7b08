import http from "node:http";
import type { AddressInfo } from "node:net";
import { PRINCIPAL_HEADER, type PrincipalScope, internalBinding, verifyPrincipal } from "@tracehub/auth";

/** The organization every key of the fake belongs to. */
export const FAKE_ORG = "7d1f3a5e-2b4c-4d6e-8f00-112233445566";

/**
 * The suppliers subgraph's internal endpoints as the gateway uses them, per the contract (docs/security.md,
 * API keys): `POST /internal/api-key` (200 identity, 404 for any key it does not hold, 401 without a principal
 * signed for the call) and `POST /internal/scope` (the organization's prefixes), with knobs to break them.
 */
export class FakeSuppliers {
  /** Valid keys: their scopes and organization kind (default BRAND_OWNER). */
  readonly keys = new Map<string, { scopes: string[]; kind?: string }>();
  /** The keys asked about, in order. */
  calls: string[] = [];
  mode: "contract" | "500" | "slow" | "garbage" = "contract";
  /** What `/internal/scope` answers for {@link FAKE_ORG}. */
  scope: PrincipalScope = { prefixes: ["9506000"], foreignPrefixes: [], grants: [] };
  url = "";
  private readonly server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += String(c)));
    req.on("end", () => this.answer(req, res, raw));
  });

  constructor(private readonly principalKey: string) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    const json = (status: number, body: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const name = req.url === "/internal/scope" ? "scope" : req.url === "/internal/api-key" ? "api-key" : null;
    if (!name || req.method !== "POST") return json(404, { error: { code: "NOT_FOUND", message: "no such endpoint" } });
    const body = JSON.parse(raw || "{}") as { key?: string; org?: string };
    try {
      verifyPrincipal(req.headers[PRINCIPAL_HEADER] as string, this.principalKey, internalBinding(name, body));
    } catch {
      return json(401, { error: { code: "UNAUTHENTICATED", message: "This service only answers requests that come through the tracehub gateway." } });
    }
    if (name === "scope") return json(200, body.org === FAKE_ORG ? this.scope : { prefixes: [], foreignPrefixes: [], grants: [] });
    this.calls.push(body.key ?? "");
    if (this.mode === "500") return json(500, { error: { code: "INTERNAL_SERVER_ERROR", message: "Internal error; it has been logged." } });
    if (this.mode === "slow") return void setTimeout(() => json(404, {}), 1_500);
    const found = body.key ? this.keys.get(body.key) : undefined;
    if (!found) return json(404, { error: { code: "UNAUTHENTICATED", message: "The API key is not valid: unknown, revoked or expired." } });
    if (this.mode === "garbage") return json(200, { id: 42 });
    json(200, { id: `id-of-${body.key!.slice(4, 8)}`, organizationId: FAKE_ORG, organizationKind: found.kind ?? "BRAND_OWNER", scopes: found.scopes });
  }
}
