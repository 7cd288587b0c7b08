import { PUBLIC_OPERATIONS } from "@tracehub/gateway/public-operations";
import type { CommandSpec, ParsedArgs } from "../args";
import type { CliContext, GlobalOptions } from "../context";
import { ExitCode } from "../errors";
import { HubClient } from "../http";

export const verifySpec: CommandSpec = {
  name: "verify",
  summary: "Asks the hub whether the product with this code is genuine (public: no token needed).",
  positionals: { name: "<code>", min: 1, max: 1 },
  options: [{ name: "origin", kind: "string", valueName: "country", description: "the country the check is made from (ISO 3166-1 alpha-2, e.g. DE)" }],
  notes: `The code may be any GS1 form: an element string (01)...(21)..., scan data, a Digital Link, an EPC URN.
Prints the verdict (GENUINE, UNKNOWN, INVALID_CODE, SUSPECT, ON_HOLD, DECOMMISSIONED, EXPIRED, RECALLED), the
reasons, the product and, for a recall, its notice; --json prints the hub's answer as JSON.
Exit code: 0 when the verdict is GENUINE, 1 for any other verdict or an error, 2 for a usage error.`,
};

/** The registered public operation: the gateway runs it for callers without credentials. */
const VERIFY = PUBLIC_OPERATIONS.VerifyAuthenticity;

/** The hub's answer to `verifyAuthenticity`. */
export interface Verdict {
  verdict: string;
  message: string;
  reasons: string[];
  mismatches: string[];
  gtin: string | null;
  productName: string | null;
  product: { name: string; brand: string | null; imageUrl: string | null } | null;
  expiry: string | null;
  recall: { reason: string | null; instructions: string | null } | null;
  checkedAt: string;
}

/** `tracehub verify`. */
export async function runVerify(args: ParsedArgs, global: GlobalOptions, ctx: CliContext): Promise<number> {
  const client = new HubClient({ url: global.url, token: global.token, attempts: 3 });
  const origin = args.options["origin"] as string | undefined;
  const { verifyAuthenticity: v } = await client.graphql<{ verifyAuthenticity: Verdict }>(VERIFY, { code: args.positionals[0], origin: origin ?? null, lot: null });
  if (global.json) ctx.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
  else ctx.stdout.write(verdictText(v));
  return v.verdict === "GENUINE" ? ExitCode.Ok : ExitCode.Failure;
}

/** The verdict for people. */
export function verdictText(v: Verdict): string {
  const lines = [`${v.verdict}: ${v.message}`];
  for (const reason of v.reasons) lines.push(`  - ${reason}`);
  if (v.mismatches.length) lines.push(`  contradicts the record: ${v.mismatches.join(", ")}`);
  const product = v.product?.name ?? v.productName;
  if (product) lines.push(`product: ${product}${v.product?.brand ? ` (${v.product.brand})` : ""}${v.gtin ? `, GTIN ${v.gtin}` : ""}`);
  else if (v.gtin) lines.push(`GTIN ${v.gtin}`);
  if (v.expiry) lines.push(`expiry: ${v.expiry}`);
  if (v.recall) {
    if (v.recall.reason) lines.push(`recall: ${v.recall.reason}`);
    if (v.recall.instructions) lines.push(`what to do: ${v.recall.instructions}`);
  }
  return `${lines.join("\n")}\n`;
}
