import { createHash } from "node:crypto";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { Principal } from "@tracehub/auth";
import { type GraphQLInputType, type GraphQLSchema, type VariableDefinitionNode, isInputObjectType, isListType, isNonNullType, typeFromAST } from "graphql";
import { internalUrl, postInternal } from "./internal-call";
import { logLine } from "@tracehub/subgraph-kit/log";

/**
 * The audit trail: regulators' reads and everyone's state changes. Every query and every subscription started by
 * a principal with the `regulator` role is queued here once the gateway accepted it (authenticated, within the
 * limits, about to run), and every mutation by an authenticated caller once its answer is ready, with its request
 * id, root fields and outcome (refused ones too). A background flusher posts the queue to suppliers (`POST
 * /internal/audit`, signed) in batches, retrying with backoff; suppliers appends them to its hash chain. Recording
 * never delays or fails the operation: the queue is in memory and bounded, and when it is full the oldest entries
 * are dropped with one log line per overflow. What is still queued at stop() is sent then. (A gateway that dies
 * between a mutation's commit and the flush loses that entry: the chain proves what it holds was not altered, not
 * that nothing is missing.)
 */

/** Settings of {@link AuditTrail}. */
export interface AuditOptions {
  /** How often queued entries are sent, in ms (default 200); a full batch is sent at once. */
  flushIntervalMs: number;
  /** Most entries per batch (default 100, the suppliers endpoint's limit). */
  maxBatch: number;
  /** Most entries waiting (default 10,000); beyond it the oldest are dropped. */
  maxQueued: number;
  /** Time limit of one post (default 2 s). */
  timeoutMs: number;
  /** Longest wait between retries of a failed post, in ms (default 5 s). */
  maxBackoffMs: number;
}

export const DEFAULT_AUDIT_OPTIONS: Readonly<AuditOptions> = Object.freeze({ flushIntervalMs: 200, maxBatch: 100, maxQueued: 10_000, timeoutMs: 2_000, maxBackoffMs: 5_000 });

/** Largest `variables` recorded, as JSON bytes (suppliers' limit; larger ones are recorded as null). Keep in step with suppliers' audit.rules.ts. */
export const MAX_AUDIT_VARIABLES_BYTES = 2048;

/** Largest batch body in bytes, below the suppliers internal endpoints' 256 KB body limit. */
const MAX_BATCH_BYTES = 192 * 1024;

/** How a mutation ended. */
export type AuditOutcome = "OK" | "PARTIAL" | "FAILED";

/** One operation, as posted to suppliers. */
export interface AuditEntry {
  at: string;
  subject: string;
  organizationId: string | null;
  roles: string[];
  operationType: "QUERY" | "SUBSCRIPTION" | "MUTATION";
  operationName: string | null;
  documentHash: string;
  variables: Record<string, unknown> | null;
  clientAddress: string | null;
  requestId: string | null;
  rootFields: string[];
  outcome: AuditOutcome | null;
  errorCodes: string[];
}

/** What the gateway knows of one accepted operation. */
export interface AuditedRead {
  operationType: "QUERY" | "SUBSCRIPTION" | "MUTATION";
  operationName: string | null | undefined;
  /** The document as the client sent it. */
  document: string;
  variables: Record<string, unknown> | null | undefined;
  clientAddress: string | null | undefined;
  /** The gateway's request id (HTTP). */
  requestId?: string | null;
  /** For a mutation: its root fields, and how it ended. */
  rootFields?: string[];
  outcome?: AuditOutcome;
  errorCodes?: string[];
}

/** True when this operation by this principal is recorded: a regulator's read, or any authenticated caller's mutation. */
export function isAudited(principal: Principal | undefined, operationType: AuditedRead["operationType"] = "QUERY"): principal is Principal {
  if (!principal || principal.anonymous) return false;
  return operationType === "MUTATION" || principal.roles.includes("regulator");
}

/**
 * How a mutation ended, from its answer: OK without errors, PARTIAL when some root fields answered despite errors,
 * FAILED when none did.
 */
export function mutationOutcome(data: Record<string, unknown> | null | undefined, errors: readonly { extensions?: Record<string, unknown> }[] | undefined): { outcome: AuditOutcome; errorCodes: string[] } {
  const errorCodes = [...new Set((errors ?? []).map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : "UNKNOWN")))].slice(0, 20);
  if (!errors?.length) return { outcome: "OK", errorCodes: [] };
  const answered = data ? Object.values(data).some((v) => v !== null && v !== undefined) : false;
  return { outcome: answered ? "PARTIAL" : "FAILED", errorCodes };
}

/**
 * Text PostgreSQL stores: no NUL characters and no lone surrogates (a caller's variables or token could hold them,
 * and one such entry would be refused with its whole batch).
 */
export function storableText(text: string): string {
  return text.replaceAll("\u0000", "").replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** True when the JSON text, as JSON.stringify writes it, holds an escape PostgreSQL's jsonb refuses (NUL, a lone surrogate). */
function jsonbRefuses(json: string): boolean {
  return /\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(json);
}

/** Input types that carry personal data (a seller's customer): never written to the audit log. */
export const PERSONAL_INPUT_TYPES: ReadonlySet<string> = new Set(["CustomerInput"]);

/** What the audit log holds in place of personal data. */
export const REDACTED = "[personal data: not recorded]";

function redactValue(value: unknown, type: GraphQLInputType): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return redactValue(value, type.ofType);
  if (isListType(type)) return Array.isArray(value) ? value.map((v) => redactValue(v, type.ofType)) : redactValue(value, type.ofType);
  if (!isInputObjectType(type)) return value;
  if (PERSONAL_INPUT_TYPES.has(type.name)) return REDACTED;
  if (typeof value !== "object" || Array.isArray(value)) return value;
  const fields = type.getFields();
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fields[k] ? redactValue(v, fields[k].type) : v]));
}

/**
 * The operation's variables with every value of a personal input type ({@link PERSONAL_INPUT_TYPES}) replaced by
 * {@link REDACTED}, found through the variables' declared types; variables of unknown types stay as they are.
 */
export function redactPersonalData(variables: Record<string, unknown> | null | undefined, definitions: readonly VariableDefinitionNode[], schema: GraphQLSchema): Record<string, unknown> | null {
  if (!variables) return null;
  const out: Record<string, unknown> = { ...variables };
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type && name in out) out[name] = redactValue(out[name], type);
  }
  return out;
}

/** The entry recording `read` by `principal` at `at` (variables over the limit, or not storable as JSON, recorded as null). */
export function auditEntryOf(principal: Principal, read: AuditedRead, at: Date): AuditEntry {
  const raw = read.variables && Object.keys(read.variables).length ? JSON.stringify(read.variables) : null;
  const json = raw !== null && jsonbRefuses(raw) ? null : raw;
  return {
    at: at.toISOString(),
    subject: storableText(principal.sub ?? "unknown").slice(0, 200) || "unknown",
    organizationId: principal.org ?? null,
    roles: [...principal.roles],
    operationType: read.operationType,
    operationName: read.operationName ? storableText(read.operationName).slice(0, 200) : null,
    documentHash: createHash("sha256").update(read.document, "utf8").digest("hex"),
    variables: json !== null && Buffer.byteLength(json, "utf8") <= MAX_AUDIT_VARIABLES_BYTES ? (read.variables as Record<string, unknown>) : null,
    clientAddress: read.clientAddress ? storableText(read.clientAddress).slice(0, 100) : null,
    requestId: read.requestId ? storableText(read.requestId).slice(0, 100) : null,
    rootFields: (read.rootFields ?? []).slice(0, 50).map((f) => f.slice(0, 100)),
    outcome: read.operationType === "MUTATION" ? (read.outcome ?? "FAILED") : null,
    errorCodes: read.operationType === "MUTATION" ? (read.errorCodes ?? []).map((c) => c.slice(0, 64)) : [],
  };
}

interface Queued {
  entry: AuditEntry;
  bytes: number;
}

/** The queue of regulators' reads and its flusher (see the module comment). */
export class AuditTrail {
  private readonly options: AuditOptions;
  private readonly url: string;
  private readonly queue: Queued[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  private failures = 0;
  private retryAt = 0;
  private overflowing = false;
  private stopped = false;

  constructor(
    private readonly target: { suppliersUrl: string; principalKey: string },
    options: Partial<AuditOptions> = {},
  ) {
    this.options = { ...DEFAULT_AUDIT_OPTIONS, ...options };
    this.url = internalUrl(target.suppliersUrl, "audit");
  }

  /** Queues the operation when it is one the trail records (see {@link isAudited}); never throws, never waits. */
  record(principal: Principal | undefined, read: AuditedRead): void {
    if (!isAudited(principal, read.operationType)) return;
    try {
      const entry = auditEntryOf(principal, read, new Date());
      if (this.queue.length >= this.options.maxQueued) {
        const dropped = this.queue.length - this.options.maxQueued + 1;
        this.queue.splice(0, dropped);
        if (!this.overflowing) logLine("error", `[gateway] audit queue full (${this.options.maxQueued} entries; suppliers not taking them): dropping the oldest`);
        this.overflowing = true;
      }
      this.queue.push({ entry, bytes: Buffer.byteLength(JSON.stringify(entry), "utf8") + 1 });
      if (this.queue.length >= this.options.maxBatch) this.kick(0);
      else this.kick(this.options.flushIntervalMs);
    } catch (error) {
      logLine("error", `[gateway] audit entry not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Entries waiting to be sent. */
  get pending(): number {
    return this.queue.length;
  }

  /** Sends every queued entry now (tests; stop). Resolves once the queue is empty or a post failed. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.sending) await this.sending;
      if (this.queue.length === 0) return;
      const before = this.failures;
      await this.sendOne();
      if (this.failures > before) return;
    }
  }

  /** Stops the flusher after one last flush; what could not be sent is counted in a log line. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.retryAt = 0;
    await this.flush();
    if (this.queue.length) logLine("error", `[gateway] audit: ${this.queue.length} entries could not be sent before stopping; they are lost`);
  }

  private kick(delayMs: number): void {
    if (this.stopped || this.timer) return;
    const wait = Math.max(delayMs, this.retryAt - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sendOne().then(() => {
        if (this.queue.length) this.kick(this.queue.length >= this.options.maxBatch ? 0 : this.options.flushIntervalMs);
      });
    }, wait);
    this.timer.unref();
  }

  /** Posts one batch from the head of the queue (one post at a time); removes it once suppliers took it. */
  private sendOne(): Promise<void> {
    if (this.sending) return this.sending;
    if (this.queue.length === 0) return Promise.resolve();
    let bytes = 16;
    let count = 0;
    while (count < this.queue.length && count < this.options.maxBatch && bytes + (this.queue[count] as Queued).bytes <= MAX_BATCH_BYTES) {
      bytes += (this.queue[count] as Queued).bytes;
      count++;
    }
    const batch = this.queue.slice(0, count);
    this.sending = this.post(batch.map((q) => q.entry))
      .then((outcome) => {
        if (outcome === "retry") {
          this.failures++;
          this.retryAt = Date.now() + Math.min(this.options.maxBackoffMs, this.options.flushIntervalMs * 2 ** Math.min(this.failures, 10));
          return;
        }
        this.failures = 0;
        this.retryAt = 0;
        this.overflowing = false;
        // Entries dropped for overflow while posting may have shifted the queue: remove exactly those sent.
        for (const sent of batch) {
          const at = this.queue.indexOf(sent);
          if (at >= 0) this.queue.splice(at, 1);
        }
      })
      .finally(() => {
        this.sending = null;
      });
    return this.sending;
  }

  /** "done" when suppliers recorded the batch or refused it as malformed (logged; retrying cannot help), "retry" otherwise. */
  private async post(entries: AuditEntry[]): Promise<"done" | "retry"> {
    try {
      const response = await postInternal(this.url, "audit", { entries }, this.target.principalKey, this.options.timeoutMs);
      if (response.ok) return "done";
      const text = await response.text().catch(() => "");
      if (response.status === 400) {
        logLine("error", `[gateway] audit: suppliers refused a batch of ${entries.length} entries as malformed; dropped: ${text.slice(0, 300)}`);
        return "done";
      }
      if (this.failures === 0) logLine("error", `[gateway] audit: suppliers answered ${response.status}; retrying with backoff`);
      return "retry";
    } catch (error) {
      if (this.failures === 0) logLine("error", `[gateway] audit: posting to suppliers failed (${error instanceof Error ? error.message : String(error)}); retrying with backoff`);
      return "retry";
    }
  }
}

/**
 * Records, over HTTP, every query a regulator runs once it is about to execute (authenticated, allowed, within the
 * limits; refused reads are not reads and are not recorded), and every mutation an authenticated caller sends once
 * its answer is ready, with its outcome: refused ones (FORBIDDEN, invalid input) included.
 */
export function auditPlugin<TContext extends BaseContext & { principal: Principal; clientAddress?: string; requestId?: string }>(trail: AuditTrail): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (!contextValue.principal || contextValue.principal.anonymous) return;
      return {
        async executionDidStart({ operation, operationName, source, request, contextValue: context }) {
          if (operation.operation !== "query" || !isAudited(context.principal, "QUERY")) return;
          trail.record(context.principal, {
            operationType: "QUERY",
            operationName: operationName ?? null,
            document: source,
            variables: request.variables ?? null,
            clientAddress: context.clientAddress ?? null,
            requestId: context.requestId ?? null,
          });
        },
        async willSendResponse({ operation, operationName, source, request, response, contextValue: context, schema }) {
          if (operation?.operation !== "mutation" || source === undefined) return;
          const single = response.body.kind === "single" ? response.body.singleResult : null;
          const rootFields = operation.selectionSet.selections.flatMap((s) => (s.kind === "Field" ? [s.name.value] : []));
          trail.record(context.principal, {
            operationType: "MUTATION",
            operationName: operationName ?? null,
            document: source,
            // A seller's customers are personal data: the log keeps that a customer was given, not who.
            variables: redactPersonalData(request.variables, operation.variableDefinitions ?? [], schema),
            clientAddress: context.clientAddress ?? null,
            requestId: context.requestId ?? null,
            rootFields,
            ...mutationOutcome(single?.data as Record<string, unknown> | null | undefined, single?.errors as { extensions?: Record<string, unknown> }[] | undefined),
          });
        },
      };
    },
  };
}
