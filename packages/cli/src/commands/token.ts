import type { CommandSpec, ParsedArgs } from "../args";
import type { CliContext, GlobalOptions } from "../context";
import { ExitCode, UsageError } from "../errors";
import { HubClient } from "../http";

export const tokenSpec: CommandSpec = {
  name: "token",
  summary: "Prints a development access token (JWT), or creates an API key through the hub with --api-key.",
  positionals: { name: "", min: 0, max: 0 },
  options: [
    { name: "role", kind: "strings", description: "a role of the token (default operator)" },
    { name: "org", kind: "string", valueName: "organization-id", description: "the organization the token acts for; with --api-key, the key's organization" },
    { name: "sub", kind: "string", default: "dev-user", valueName: "subject", description: "the token's subject" },
    { name: "expires", kind: "string", default: "12h", valueName: "duration", description: "how long the token is valid (e.g. 30m, 12h)" },
    { name: "api-key", kind: "boolean", description: "create an API key with the current --token (createApiKey) and print the key" },
    { name: "name", kind: "string", description: "with --api-key: what the key is for" },
    { name: "scopes", kind: "string", valueName: "READ,CAPTURE", description: "with --api-key: what the key allows, comma-separated" },
    { name: "expires-at", kind: "string", valueName: "iso-time", description: "with --api-key: when the key stops working (default: never)" },
  ],
  notes: `A token is signed with JWT_SECRET, or the hub's development default (as npm run token does): it is only
accepted by a hub running with the same secret. An API key is shown once: store it. Send either with --token.`,
};

/** `tracehub token`. */
export async function runToken(args: ParsedArgs, global: GlobalOptions, ctx: CliContext): Promise<number> {
  const o = args.options;
  if (o["api-key"]) return createApiKey(args, global, ctx);
  for (const only of ["name", "scopes", "expires-at"]) if (o[only] !== undefined) throw new UsageError(`tracehub token: --${only} goes with --api-key`);
  const { ROLES, signAccessToken } = await import("@tracehub/auth");
  const roles = (o["role"] as string[] | undefined) ?? ["operator"];
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new UsageError(`tracehub token: unknown role(s) ${unknown.join(", ")}; known: ${ROLES.join(", ")}`);
  const secret = ctx.env["JWT_SECRET"] || (await devJwtSecret());
  const token = await signAccessToken({ sub: o["sub"] as string, org: (o["org"] as string | undefined) ?? null, roles: roles as (typeof ROLES)[number][] }, { secret }, o["expires"] as string);
  ctx.stdout.write(`${token}\n`);
  return ExitCode.Ok;
}

/** The development secret, from where the gateway defines it (loaded only when JWT_SECRET is not set). */
async function devJwtSecret(): Promise<string> {
  const { DEV_JWT_SECRET } = await import("@tracehub/gateway");
  return DEV_JWT_SECRET;
}

const CREATE_API_KEY = `mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name scopes expiresAt } } }`;

async function createApiKey(args: ParsedArgs, global: GlobalOptions, ctx: CliContext): Promise<number> {
  const o = args.options;
  const name = o["name"] as string | undefined;
  const scopes = ((o["scopes"] as string | undefined) ?? "").split(",").map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (!name) throw new UsageError("tracehub token --api-key: --name is required (what the key is for)");
  if (scopes.length === 0 || scopes.some((s) => s !== "READ" && s !== "CAPTURE")) throw new UsageError("tracehub token --api-key: --scopes must list READ and/or CAPTURE, e.g. --scopes READ,CAPTURE");
  if (!global.token) throw new UsageError("tracehub token --api-key: needs --token (or TRACEHUB_TOKEN) of an admin or operator");
  const expiresAt = o["expires-at"] as string | undefined;
  if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt))) throw new UsageError(`tracehub token: --expires-at must be an ISO 8601 time; got "${expiresAt}"`);
  const input = { name, scopes, ...(o["org"] ? { organizationId: o["org"] } : {}), ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}) };
  const client = new HubClient({ url: global.url, token: global.token, attempts: 3 });
  const data = await client.graphql<{ createApiKey: { key: string; apiKey: { id: string; name: string; scopes: string[]; expiresAt: string | null } } }>(CREATE_API_KEY, { input });
  if (global.json) ctx.stdout.write(`${JSON.stringify(data.createApiKey, null, 2)}\n`);
  else {
    ctx.stdout.write(`${data.createApiKey.key}\n`);
    ctx.stderr.write(`API key ${data.createApiKey.apiKey.id} (${data.createApiKey.apiKey.scopes.join(", ")}): shown once, store it now\n`);
  }
  return ExitCode.Ok;
}
