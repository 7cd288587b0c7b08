import { createHash } from "node:crypto";
import { type GraphQLDataSource, buildOperationContext, executeQueryPlan } from "@apollo/gateway";
import { operationFromDocument } from "@apollo/federation-internals";
import type { FetchNode, PlanNode, QueryPlan } from "@apollo/query-planner";
import { type Principal, STREAM_CURSOR_EXTENSION, STREAM_TRACE_EXTENSION } from "@tracehub/auth";
import {
  type ArgumentNode,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
  getOperationAST,
  parse,
  print,
} from "graphql";
import { CloseCode } from "graphql-ws";
import { ErrorCode, SubscriptionCloseCode } from "@tracehub/errors";
import type { GatewayInternals } from "./gateway-internals";
import { SubscriberSink } from "./sink";
import type { UpstreamClients } from "./upstream";
import { logLine } from "@tracehub/subgraph-kit/log";
import { inSpan } from "@tracehub/subgraph-kit/tracing";

export { SubscriptionCloseCode };

/** The longest close reason a WebSocket frame carries (123 bytes). */
export function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = `${out.slice(0, -2)}…`;
  return out;
}

/** One client's subscription, as the graphql-ws server hands it to the fan-out. */
export interface SubscriptionRequest {
  document: DocumentNode;
  operationName: string | null;
  /** Coerced variables. */
  variables: Record<string, unknown>;
  principal: Principal;
  /** Closes the client's whole connection (forbidden filter, slow consumer). */
  close(code: number, reason: string): void;
}

/** Fan-out settings. */
export interface FanoutOptions {
  /** Most undelivered messages per client subscription (default 1,000). */
  maxQueuedPerSubscriber?: number;
  /** Events of one shared subscription enriched at the same time, delivered in order (default 8). */
  enrichmentConcurrency?: number;
}

const EVENT_SOURCE = "__upstream_event__";

/**
 * Who sees the same data: the organization, its roles and its scope (what it owns and was granted); the subject does
 * not change what a read returns.
 */
export function scopeOf(principal: Principal): { key: string; principal: Principal } {
  const roles = [...principal.roles].sort();
  const base = `${principal.org ?? ""}|${roles.join(",")}`;
  const key = principal.scope === undefined ? base : `${base}|${createHash("sha256").update(stableJson(principal.scope)).digest("base64url")}`;
  const shared: Principal = { sub: `subscription-scope:${principal.org ?? "none"}`, org: principal.org, roles, anonymous: false };
  return { key, principal: principal.scope === undefined ? shared : { ...shared, scope: principal.scope } };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * True when a root field of the operation is given a non-null `after` (a resume cursor). Such a subscription
 * replays from its cursor, so a client may join it only before it delivered anything; a later client with the
 * same cursor gets its own (it must receive the replay from the start too).
 */
export function resumesFromCursor(document: DocumentNode, operationName: string | null, variables: Record<string, unknown>): boolean {
  const operation = getOperationAST(document, operationName ?? undefined);
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    for (const arg of selection.arguments ?? []) {
      if (arg.name.value !== "after") continue;
      if (arg.value.kind === Kind.VARIABLE) {
        if (variables[arg.value.name.value] !== null && variables[arg.value.name.value] !== undefined) return true;
      } else if (arg.value.kind !== Kind.NULL) {
        return true;
      }
    }
  }
  return false;
}

/** The argument a resumable subscription field takes its cursor in. */
const RESUME_ARGUMENT = "after";
const RESUME_VARIABLE = "__resumeAfter";

/**
 * The upstream operation of a subscription rewritten to resume from a cursor: the root field's `after` argument
 * becomes a variable (the one it already uses, or a new `$__resumeAfter`), whose name is returned with it. Null when
 * a root field takes no `after` in `schema` (its stream cannot be resumed).
 */
export function resumingOperation(operation: string, schema: GraphQLSchema): { operation: string; variable: string } | null {
  const document = parse(operation);
  const definition = getOperationAST(document);
  const root = schema.getSubscriptionType();
  if (!definition || definition.operation !== "subscription" || !root) return null;
  const fields = definition.selectionSet.selections;
  if (fields.length === 0) return null;
  let variable: string | null = null;
  for (const selection of fields) {
    if (selection.kind !== Kind.FIELD) return null;
    const field = root.getFields()[selection.name.value];
    const argument = field?.args.find((a) => a.name === RESUME_ARGUMENT);
    if (!argument) return null;
    const given = selection.arguments?.find((a) => a.name.value === RESUME_ARGUMENT);
    const name = given?.value.kind === Kind.VARIABLE ? given.value.name.value : RESUME_VARIABLE;
    if (variable !== null && variable !== name) return null;
    variable = name;
  }
  const name = variable ?? RESUME_VARIABLE;
  const argumentNode: ArgumentNode = {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: RESUME_ARGUMENT },
    value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
  };
  const declared = definition.variableDefinitions?.some((v) => v.variable.name.value === name);
  const declaration: VariableDefinitionNode = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
    type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "String" } },
  };
  const resuming: OperationDefinitionNode = {
    ...definition,
    variableDefinitions: declared ? definition.variableDefinitions : [...(definition.variableDefinitions ?? []), declaration],
    selectionSet: {
      ...definition.selectionSet,
      selections: fields.map((field) =>
        field.kind === Kind.FIELD ? { ...field, arguments: [...(field.arguments ?? []).filter((a) => a.name.value !== RESUME_ARGUMENT), argumentNode] } : field,
      ),
    },
  };
  return { operation: print({ ...document, definitions: document.definitions.map((d) => (d === definition ? resuming : d)) }), variable: name };
}

/** The stream cursor a subgraph attached to one upstream message, if any. */
function streamCursorOf(event: FormattedExecutionResult<Record<string, unknown>, unknown>): string | null {
  const cursor = (event.extensions as Record<string, unknown> | undefined)?.[STREAM_CURSOR_EXTENSION];
  return typeof cursor === "string" ? cursor : null;
}

/** The `traceparent` of the request that stored an upstream event, when the subgraph attached one. */
function streamTraceOf(event: FormattedExecutionResult<Record<string, unknown>, unknown>): string | null {
  const traceparent = (event.extensions as Record<string, unknown> | undefined)?.[STREAM_TRACE_EXTENSION];
  return typeof traceparent === "string" ? traceparent : null;
}

function errorsOf(error: unknown): GraphQLFormattedError[] | null {
  if (Array.isArray(error) && error.every((e) => e && typeof e === "object" && "message" in e)) return error as GraphQLFormattedError[];
  return null;
}

function isCloseEvent(error: unknown): error is { code: number; reason: string } {
  return !!error && typeof error === "object" && "code" in error && "reason" in error;
}

/** A WebSocket `error` event (ws's ErrorEvent: the socket failed, e.g. the subgraph refused the connection). */
function isErrorEvent(error: unknown): error is { message?: string; error?: unknown } {
  return !!error && typeof error === "object" && !(error instanceof Error) && ("error" in error || "message" in error);
}

/**
 * What went wrong upstream, for subscribers: GraphQL errors keep their code; a failed connection is
 * SUBGRAPH_UNAVAILABLE and a closed one UPSTREAM_ERROR, both naming the service and the cause.
 */
export function describeUpstreamFailure(error: unknown, service: string): { message: string; code: string; extensions: Record<string, unknown> } {
  const errors = errorsOf(error);
  if (errors) {
    const code = errors[0]?.extensions?.code;
    return {
      message: errors[0]?.message ?? "The upstream subscription failed.",
      code: typeof code === "string" ? code : ErrorCode.UpstreamError,
      extensions: { ...(errors[0]?.extensions ?? {}) },
    };
  }
  if (isCloseEvent(error)) {
    return {
      message: `The ${service} service closed the stream (${error.code}${error.reason ? `: ${error.reason}` : ""}).`,
      code: ErrorCode.UpstreamError,
      extensions: { serviceName: service, closeCode: error.code },
    };
  }
  if (isErrorEvent(error)) {
    const cause = error.error as { code?: string; message?: string } | undefined;
    const detail = cause?.code ?? cause?.message ?? error.message ?? "connection failed";
    return { message: `The ${service} service is unavailable (${detail}).`, code: ErrorCode.SubgraphUnavailable, extensions: { serviceName: service } };
  }
  const code = (error as { code?: unknown })?.code;
  const detail = error instanceof Error ? error.message : typeof error === "string" ? error : (JSON.stringify(error) ?? String(error));
  return {
    message: `The ${service} stream failed (${typeof code === "string" && !detail.includes(code) ? `${code}: ` : ""}${detail}).`,
    code: ErrorCode.UpstreamError,
    extensions: { serviceName: service },
  };
}

/** What subscribers share a subscription by: the same document, operation, variables and scope. */
function shareKey(request: SubscriptionRequest, scopeKey: string): string {
  return createHash("sha256")
    .update(print(request.document))
    .update("\u0000")
    .update(request.operationName ?? "")
    .update("\u0000")
    .update(stableJson(request.variables))
    .update("\u0000")
    .update(scopeKey)
    .digest("hex");
}

/**
 * What a resuming subscription and a live one have in common when they differ only in the cursor: the share key with
 * the root field's `after` variable left out. Null when the document gives `after` no variable (a literal cursor, or
 * no `after` at all): such a subscription has no live twin to merge with.
 */
function mergeKeyOf(request: SubscriptionRequest, scopeKey: string): string | null {
  const operation = getOperationAST(request.document, request.operationName ?? undefined);
  let variable: string | null = null;
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) return null;
    const after = selection.arguments?.find((a) => a.name.value === "after");
    if (after?.value.kind !== Kind.VARIABLE) return null;
    variable = after.value.name.value;
  }
  if (variable === null) return null;
  const variables = { ...request.variables };
  delete variables[variable];
  return shareKey({ ...request, variables }, scopeKey);
}

/**
 * One shared subscription: every client with the same (document, variables, principal scope). It holds one
 * upstream subscription to the owning subgraph and, for each event, runs the rest of the query plan (the entity
 * fetches into the other subgraphs, batched per subgraph as on HTTP) once, then pushes the result to each client.
 */
class SharedSubscription {
  readonly sinks = new Set<SubscriberSink>();
  private readonly closers = new Map<SubscriberSink, SubscriptionRequest["close"]>();
  private stopUpstream: (() => void) | null = null;
  private stopped = false;
  /** Which upstream subscription is the live one (each reopening starts a new generation). */
  private generation = 0;
  /** The stream position of the last message delivered (or where the stream started), from the subgraph. */
  private cursor: string | null = null;
  /** The upstream operation rewritten to resume from a cursor (false: its stream cannot be resumed). */
  private resume: { operation: string; variable: string } | false | undefined;
  /** Whether any event was delivered (a resuming subscription is joinable only before). */
  delivered = false;
  readonly resumable: boolean;
  private readonly primary: FetchNode;
  private readonly rest: PlanNode | undefined;
  private readonly operationContext: ReturnType<typeof buildOperationContext>;
  private scope: { key: string; principal: Principal };
  /** The key this subscription shares with its live twin, which differs only in the cursor (see {@link mergeKeyOf}). */
  mergeKey: string | null;

  constructor(
    private readonly fanout: SubscriptionFanout,
    public key: string,
    readonly request: SubscriptionRequest,
  ) {
    const internals = fanout.internals();
    const operation = operationFromDocument(internals.apiSchema, request.document, request.operationName ? { operationName: request.operationName } : {});
    const plan: QueryPlan = internals.queryPlanner.buildQueryPlan(operation);
    if (plan.node?.kind !== "Subscription") throw new GraphQLError("Only subscription operations are served over WebSocket.", { extensions: { code: ErrorCode.BadRequest } });
    this.primary = plan.node.primary;
    this.rest = plan.node.rest;
    this.operationContext = buildOperationContext({
      schema: internals.schema,
      operationDocument: request.document,
      ...(request.operationName ? { operationName: request.operationName } : {}),
    });
    this.scope = scopeOf(request.principal);
    this.resumable = resumesFromCursor(request.document, request.operationName, request.variables);
    this.mergeKey = mergeKeyOf(request, this.scope.key);
  }

  /** The stream position of the last event delivered (or where the upstream subscription started). */
  get position(): string | null {
    return this.cursor;
  }

  /**
   * Hands every subscriber over to `target`, the live subscription of the same key, which has delivered up to the
   * same position: what comes next reaches them from `target`, so nothing is missed or doubled. This one's upstream
   * subscription closes, and what it was still enriching is dropped (`target` delivers the same events).
   */
  mergeInto(target: SharedSubscription): void {
    this.stopped = true;
    this.fanout.ended(this);
    this.stopUpstream?.();
    for (const sink of this.sinks) {
      target.add(sink, this.closers.get(sink) ?? (() => undefined));
      this.fanout.moveSink(sink, target);
    }
    this.sinks.clear();
    this.closers.clear();
    this.fanout.notifyWatchers();
  }

  add(sink: SubscriberSink, close: SubscriptionRequest["close"]): void {
    this.sinks.add(sink);
    this.closers.set(sink, close);
  }

  remove(sink: SubscriberSink): void {
    this.sinks.delete(sink);
    this.closers.delete(sink);
    if (this.sinks.size === 0) this.stop();
    this.fanout.notifyWatchers();
  }

  /** Opens the upstream subscription and pumps its events until it ends or the last client leaves. */
  start(): void {
    this.open(this.primary.operation, this.upstreamVariables());
  }

  /** The client's variables the upstream operation uses. */
  private upstreamVariables(): Record<string, unknown> {
    const variables: Record<string, unknown> = {};
    for (const name of this.primary.variableUsages ?? []) if (name in this.request.variables) variables[name] = this.request.variables[name];
    return variables;
  }

  /** Opens one upstream subscription (a new generation: what an earlier one still sends is dropped). */
  private open(operation: string, variables: Record<string, unknown>): void {
    const generation = ++this.generation;
    const client = this.fanout.upstream.client(this.primary.serviceName, this.scope.key, this.scope.principal);
    const events = client.iterate<Record<string, unknown>>({ query: operation, variables, ...(this.primary.operationName ? { operationName: this.primary.operationName } : {}) });
    this.stopUpstream = () => void events.return?.();
    void this.pump(events, generation);
  }

  /**
   * Moves the subscription to a new scope of its subscribers (their organization's access changed): the upstream
   * subscription is reopened as the new scope, resuming after the last position delivered, so every subscriber
   * gets what the new scope shows from there on, with no gap and no duplicate, on the same subscription. A stream
   * that cannot be resumed (no position known yet) ends instead, asking the clients to subscribe again.
   */
  rescope(principal: Principal): void {
    const next = scopeOf(principal);
    if (this.stopped || next.key === this.scope.key) return;
    this.resume ??= resumingOperation(this.primary.operation, this.fanout.internals().schema) ?? false;
    if (this.resume === false || this.cursor === null) {
      this.stopUpstream?.();
      this.failAll(
        new GraphQLError("Your organization's access changed; subscribe again (with 'after' set to your last cursor) to see what it now shows.", {
          extensions: { code: ErrorCode.UpstreamEnded, serviceName: this.primary.serviceName },
        }),
      );
      return;
    }
    this.stopUpstream?.();
    this.scope = next;
    this.fanout.rekey(this, next.key);
    this.open(this.resume.operation, { ...this.upstreamVariables(), [this.resume.variable]: this.cursor });
  }

  /** The organization and scope this subscription reads as. */
  get reader(): Principal {
    return this.scope.principal;
  }

  private async pump(events: AsyncIterableIterator<FormattedExecutionResult<Record<string, unknown>, unknown>>, generation: number): Promise<void> {
    const current = () => !this.stopped && generation === this.generation;
    const window = this.fanout.enrichmentConcurrency;
    let active = 0;
    let freed: (() => void) | null = null;
    let tail: Promise<void> = Promise.resolve();
    try {
      for await (const event of events) {
        if (!current()) break;
        const cursor = streamCursorOf(event);
        if (!event.data && !event.errors?.length) {
          // A position marker (where the upstream subscription starts): nothing to deliver.
          if (cursor !== null) tail = tail.then(() => void (current() && (this.cursor = cursor)));
          continue;
        }
        if (event.errors?.length && !event.data) {
          await tail;
          if (current()) this.failAll(event.errors);
          return;
        }
        while (active >= window) await new Promise<void>((resolve) => (freed = resolve));
        active += 1;
        // One span per upstream event, continuing the trace of the request that stored it (the capture), around the
        // rest of the plan the gateway runs for it: the subgraph fetches of the enrichment are its children.
        const enriched = inSpan("subscription.deliver", { "tracehub.subscribers": this.sinks.size }, () => this.enrich(event), { traceparent: streamTraceOf(event) });
        tail = tail.then(async () => {
          const result = await enriched;
          active -= 1;
          const wake = freed;
          freed = null;
          wake?.();
          if (!current()) return;
          this.deliver(result);
          if (cursor !== null) this.cursor = cursor;
          this.fanout.afterDelivery(this);
        });
      }
      await tail;
      if (current()) {
        this.failAll(
          new GraphQLError("The movement stream ended (a subgraph restarted); subscribe again with 'after' set to your last cursor.", {
            extensions: { code: ErrorCode.UpstreamEnded, serviceName: this.primary.serviceName },
          }),
        );
      }
    } catch (error) {
      await tail;
      if (current()) this.failAll(error);
    }
  }

  /** Runs the rest of the plan for one upstream event, with the scope's principal on every subgraph fetch. */
  private enrich(event: FormattedExecutionResult<Record<string, unknown>, unknown>): Promise<ExecutionResult> {
    const internals = this.fanout.internals();
    const source = { ...this.primary, serviceName: EVENT_SOURCE };
    const node: PlanNode = this.rest ? { kind: "Sequence", nodes: [source, this.rest] } : source;
    const services: Record<string, GraphQLDataSource> = {
      ...internals.dataSources,
      [EVENT_SOURCE]: { process: async () => ({ data: event.data ?? null, ...(event.errors ? { errors: event.errors } : {}) }) } as unknown as GraphQLDataSource,
    };
    const requestContext = {
      request: { query: print(this.request.document), variables: this.request.variables, ...(this.request.operationName ? { operationName: this.request.operationName } : {}) },
      context: { principal: this.scope.principal },
      logger: this.fanout.logger,
      metrics: {},
      document: this.request.document,
      operationName: this.request.operationName,
      operation: this.operationContext.operation,
      schema: internals.schema,
      overallCachePolicy: undefined,
    };
    return executeQueryPlan(
      { kind: "QueryPlan", node } as QueryPlan,
      services,
      requestContext as never,
      this.operationContext,
      internals.supergraphSchema,
      internals.apiSchema,
    ).catch((error: unknown) => ({ errors: [new GraphQLError(error instanceof Error ? error.message : String(error), { extensions: { code: ErrorCode.Internal } })] }));
  }

  private deliver(result: ExecutionResult): void {
    this.delivered = true;
    for (const sink of this.sinks) sink.push(result);
  }

  /** Ends every client of this subscription: auth failures close the connection with the protocol's codes, the rest end the subscription with an error. */
  private failAll(error: unknown): void {
    this.stopped = true;
    this.fanout.ended(this);
    const failure = error instanceof GraphQLError ? null : describeUpstreamFailure(error, this.primary.serviceName);
    const resume = errorsOf(error) ? "" : " Subscribe again with 'after' set to your last cursor.";
    for (const sink of [...this.sinks]) {
      const close = this.closers.get(sink);
      if (failure?.code === ErrorCode.Forbidden) close?.(SubscriptionCloseCode.Forbidden, closeReason(failure.message));
      else if (failure?.code === ErrorCode.Unauthenticated) close?.(CloseCode.Unauthorized, closeReason(failure.message));
      sink.fail(error instanceof GraphQLError || !failure ? error : new GraphQLError(`${failure.message}${resume}`, { extensions: { ...failure.extensions, code: failure.code } }));
    }
    this.sinks.clear();
    this.fanout.notifyWatchers();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.fanout.ended(this);
    this.stopUpstream?.();
    for (const sink of [...this.sinks]) sink.finish();
    this.sinks.clear();
    this.fanout.notifyWatchers();
  }
}

/**
 * The gateway's subscription fan-out: ONE upstream subscription and one plan execution per event for each
 * distinct (document, variables, principal scope), multicast to every client of that key.
 */
export class SubscriptionFanout {
  /** The share index: the subscription a new client with this key joins. */
  private readonly shared = new Map<string, SharedSubscription>();
  /**
   * Every shared subscription still running, indexed or not (a resuming one that delivered gives up its place in
   * the index; a moved one may find its new key taken): access changes and stop reach them all.
   */
  private readonly live = new Set<SharedSubscription>();
  /** Resuming subscriptions that may still merge into a live twin once they reach its position. */
  private readonly catchingUp = new Set<SharedSubscription>();
  /** The live (not resuming) subscription of each merge key, which a catching-up one merges into. */
  private readonly liveTwins = new Map<string, SharedSubscription>();
  /** Which shared subscription each client subscription is in now (a merge moves it). */
  private readonly owners = new WeakMap<SubscriberSink, SharedSubscription>();
  /** Catch-up subscriptions merged into their live twin since start. */
  mergedCount = 0;
  readonly maxQueued: number;
  readonly enrichmentConcurrency: number;
  readonly logger = {
    debug() {},
    info() {},
    warn: (m: unknown) => logLine("warn", `[gateway] subscriptions: ${String(m)}`),
    error: (m: unknown) => logLine("error", `[gateway] subscriptions: ${String(m)}`),
  };

  constructor(
    readonly internals: () => GatewayInternals,
    readonly upstream: UpstreamClients,
    options: FanoutOptions = {},
  ) {
    this.maxQueued = options.maxQueuedPerSubscriber ?? 1_000;
    this.enrichmentConcurrency = options.enrichmentConcurrency ?? 8;
  }

  /** Distinct upstream subscriptions open now. */
  get sharedCount(): number {
    return this.live.size;
  }

  /** Client subscriptions open now. */
  get subscriberCount(): number {
    let n = 0;
    for (const s of this.live) n += s.sinks.size;
    return n;
  }

  /** Joins (or opens) the shared subscription for this request and returns the client's stream of results. */
  subscribe(request: SubscriptionRequest): AsyncIterableIterator<ExecutionResult> {
    const key = shareKey(request, scopeOf(request.principal).key);
    let shared = this.shared.get(key);
    if (shared?.resumable && shared.delivered) shared = undefined;
    const isNew = !shared;
    if (!shared) {
      shared = new SharedSubscription(this, key, request);
      this.shared.set(key, shared);
      this.live.add(shared);
      this.track(shared);
    }
    const group = shared;
    const sink: SubscriberSink = new SubscriberSink(
      this.maxQueued,
      () =>
        request.close(SubscriptionCloseCode.SlowConsumer, closeReason(`Slow consumer: more than ${this.maxQueued} messages waited for you. Resume with after: your last cursor.`)),
      () => this.owners.get(sink)?.remove(sink),
    );
    this.owners.set(sink, group);
    group.add(sink, request.close);
    if (isNew) group.start();
    this.notifyWatchers();
    return sink;
  }

  private watchers: { test: (n: number) => boolean; resolve: () => void }[] = [];

  /** Re-checks what {@link whenSubscribers} waits for. */
  notifyWatchers(): void {
    if (this.watchers.length === 0) return;
    const count = this.subscriberCount;
    this.watchers = this.watchers.filter((w) => {
      if (!w.test(count)) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once the number of open client subscriptions passes `test` (tests and benchmarks wait on it). */
  whenSubscribers(test: (count: number) => boolean): Promise<void> {
    return new Promise((resolve) => {
      this.watchers.push({ test, resolve });
      this.notifyWatchers();
    });
  }

  /** Indexes a shared subscription under its new scope (it was moved to it); another already there keeps the place. */
  rekey(shared: SharedSubscription, scopeKey: string): void {
    this.forget(shared);
    this.untrack(shared);
    shared.key = shareKey(shared.request, scopeKey);
    shared.mergeKey = mergeKeyOf(shared.request, scopeKey);
    if (!this.shared.has(shared.key)) this.shared.set(shared.key, shared);
    this.track(shared);
  }

  /**
   * Looks up again the scope of every organization with open subscriptions (`refresh` adds the current one to a
   * principal) and moves each subscription whose scope changed to the new one (see {@link SharedSubscription.rescope}).
   * A scope that cannot be had now (null) leaves the subscription as it is.
   */
  async rescopeAll(refresh: (principal: Principal) => Promise<Principal>): Promise<void> {
    const scoped = [...this.live].filter((s) => s.reader.org && s.reader.scope !== undefined);
    await Promise.all(
      scoped.map(async (shared) => {
        const fresh = await refresh(shared.reader).catch(() => null);
        if (fresh?.scope) shared.rescope(fresh);
      }),
    );
  }

  /** Drops a shared subscription from the index (it ended, or moves to another key). */
  forget(shared: SharedSubscription): void {
    if (this.shared.get(shared.key) === shared) this.shared.delete(shared.key);
  }

  /** Drops a shared subscription for good (it ended, or merged into its live twin). */
  ended(shared: SharedSubscription): void {
    this.forget(shared);
    this.live.delete(shared);
    this.untrack(shared);
  }

  /** Indexes a subscription for merging: a resuming one as catching up, a live one as the twin of its merge key. */
  private track(shared: SharedSubscription): void {
    if (shared.mergeKey === null) return;
    if (shared.resumable) this.catchingUp.add(shared);
    else if (!this.liveTwins.has(shared.mergeKey)) this.liveTwins.set(shared.mergeKey, shared);
  }

  private untrack(shared: SharedSubscription): void {
    this.catchingUp.delete(shared);
    if (shared.mergeKey !== null && this.liveTwins.get(shared.mergeKey) === shared) {
      this.liveTwins.delete(shared.mergeKey);
      // Another live subscription of that key, if any, takes the place.
      for (const other of this.live) {
        if (!other.resumable && other.mergeKey === shared.mergeKey) {
          this.liveTwins.set(shared.mergeKey, other);
          break;
        }
      }
    }
  }

  /**
   * A catch-up subscriber merges back into the shared upstream subscription once it is live: after each delivery,
   * a resuming subscription at the same position as the live twin of its key hands its subscribers over to it.
   */
  afterDelivery(shared: SharedSubscription): void {
    if (this.catchingUp.size === 0 || shared.mergeKey === null || shared.position === null) return;
    if (shared.resumable) {
      const twin = this.liveTwins.get(shared.mergeKey);
      if (twin && twin !== shared && twin.position === shared.position) this.merge(shared, twin);
      return;
    }
    if (this.liveTwins.get(shared.mergeKey) !== shared) return;
    for (const behind of [...this.catchingUp]) if (behind.mergeKey === shared.mergeKey && behind.position === shared.position) this.merge(behind, shared);
  }

  private merge(from: SharedSubscription, into: SharedSubscription): void {
    from.mergeInto(into);
    this.mergedCount += 1;
  }

  /** Records that a client subscription moved to another shared subscription. */
  moveSink(sink: SubscriberSink, to: SharedSubscription): void {
    this.owners.set(sink, to);
  }

  /** Ends every subscription and closes the upstream connections. */
  async stop(): Promise<void> {
    for (const shared of [...this.live]) shared.stop();
    await this.upstream.dispose();
  }
}
