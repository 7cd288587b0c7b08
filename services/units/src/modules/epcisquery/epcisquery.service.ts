import { randomBytes, randomUUID } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { type EpcisQueryFilter, QueryParameterError, readQueryBody, validateEpcisQuery } from "@tracehub/epcis";
import { BadUserInput, Conflict, Forbidden, NotFound, type Page, type ReadScope, decodeCursor, pageSize, toPage, uuidArgument } from "@tracehub/subgraph-kit";
import { EpcFormatType, type EventFilter } from "../event/event.input";
import type { EventService } from "../event/event.service";
import { urlProblem } from "../webhook/webhook.rules";
import { WebhookReason } from "../webhook/webhook.errors";
import { EpcisQueryReason } from "./epcisquery.errors";
import { nextRun, readSchedule } from "./epcisquery.rules";
import type { EpcisQueryRow, EpcisQueryStore, SubscriptionRow } from "./epcisquery.store";
import type { EpcisQuerySubscribedType, EpcisQuerySubscriptionType, EpcisQueryType, SubscribeEpcisQueryInput } from "./epcisquery.type";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const toQuery = (row: EpcisQueryRow): EpcisQueryType => ({ name: row.name, query: row.query, createdAt: row.createdAt });
const toSubscription = (row: SubscriptionRow): EpcisQuerySubscriptionType => ({
  id: row.id,
  dest: row.url,
  queryName: row.queryName,
  epcFormat: (row.epcFormat ?? EpcFormatType.ALWAYS_GS1_DIGITAL_LINK) as EpcFormatType,
  createdAt: row.createdAt,
  lastNotifiedAt: row.lastNotifiedAt,
  schedule: row.schedule as Record<string, string> | null,
  reportIfEmpty: row.reportIfEmpty,
  nextRunAt: row.schedule ? row.nextRunAt : null,
  minRecordTime: row.schedule ? row.minRecordTime : null,
});

/** A query body read into the hub's event filter, or BAD_USER_INPUT naming what is wrong. */
export function queryFilterOf(query: unknown): EpcisQueryFilter {
  if (!query || typeof query !== "object" || Array.isArray(query)) throw new BadUserInput("'query' must be an EPCIS query object (EQ_bizStep, GE_eventTime, ...).", { field: "query" }, EpcisQueryReason.EPCIS_QUERY_INVALID);
  const checked = validateEpcisQuery(query);
  if (!checked.valid) {
    throw new BadUserInput(`'query' is not a valid EPCIS query: ${checked.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join("; ")}`, { field: "query" }, EpcisQueryReason.EPCIS_QUERY_INVALID);
  }
  try {
    return readQueryBody(query as Record<string, unknown>);
  } catch (error) {
    if (error instanceof QueryParameterError) throw new BadUserInput(error.message, { field: `query.${error.parameter}` }, EpcisQueryReason.EPCIS_QUERY_INVALID);
    throw error;
  }
}

/** Named EPCIS queries of an organization, their results, and their subscriptions. */
export class EpcisQueryService {
  constructor(
    private readonly store: EpcisQueryStore,
    private readonly events: EventService,
    private readonly allowPrivateTargets: boolean,
  ) {}

  private orgOf(principal: Principal): string {
    if (!principal.org) throw new Forbidden("Named queries belong to an organization; you act for none.", {}, EpcisQueryReason.EPCIS_QUERY_NEEDS_ORGANIZATION);
    return principal.org;
  }

  private async existing(principal: Principal, name: string): Promise<EpcisQueryRow> {
    const row = await this.store.byName(this.orgOf(principal), name);
    if (!row) throw new NotFound(`Your organization has no query named ${JSON.stringify(name.slice(0, 100))}.`, { field: "name" }, EpcisQueryReason.EPCIS_QUERY_NOT_FOUND);
    return row;
  }

  async create(name: string, query: unknown, principal: Principal): Promise<EpcisQueryType> {
    const org = this.orgOf(principal);
    if (!NAME.test(name)) throw new BadUserInput("'name' must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit.", { field: "name" }, EpcisQueryReason.EPCIS_QUERY_INVALID);
    queryFilterOf(query);
    const row = await this.store.insert(org, name, query as object);
    if (!row) throw new Conflict(`Your organization has a query named ${name} already.`, { field: "name" }, EpcisQueryReason.EPCIS_QUERY_EXISTS);
    return toQuery(row);
  }

  async one(name: string, principal: Principal): Promise<EpcisQueryType | null> {
    if (!principal.org) return null;
    const row = await this.store.byName(principal.org, name);
    return row ? toQuery(row) : null;
  }

  async list(principal: Principal, args: { first?: number | null; after?: string | null }): Promise<Page<EpcisQueryType>> {
    const size = pageSize(args.first);
    if (!principal.org) return toPage([], size, () => [], 0);
    const after = decodeCursor(args.after, ["text"]);
    const [total, rows] = await Promise.all([this.store.count(principal.org), this.store.page(principal.org, after, size)]);
    return toPage(rows.map(toQuery), size, (q) => [q.name], total);
  }

  async remove(name: string, principal: Principal): Promise<boolean> {
    const removed = await this.store.remove(this.orgOf(principal), name);
    if (!removed) throw new NotFound(`Your organization has no query named ${JSON.stringify(name.slice(0, 100))}.`, { field: "name" }, EpcisQueryReason.EPCIS_QUERY_NOT_FOUND);
    return true;
  }

  /** A page of the query's results, as an EPCIS query document named after it. */
  async results(name: string, args: { first?: number | null; after?: string | null }, format: EpcFormatType, scope: ReadScope, principal: Principal) {
    const row = await this.existing(principal, name);
    return this.events.exportPage({ filter: queryFilterOf(row.query) as EventFilter, first: args.first ?? null, after: args.after ?? null, queryName: name }, format, null, scope, principal.scope?.prefixes ?? []);
  }

  async subscribe(name: string, input: SubscribeEpcisQueryInput, principal: Principal): Promise<EpcisQuerySubscribedType> {
    const row = await this.existing(principal, name);
    const problem = urlProblem(input.dest, this.allowPrivateTargets);
    if (problem) throw new BadUserInput(`'dest' ${problem}.`, { field: "dest" }, WebhookReason.WEBHOOK_URL_REFUSED);
    const token = input.signatureToken ?? randomBytes(32).toString("base64url");
    if (token.length < 16 || token.length > 200) throw new BadUserInput("'signatureToken' must be 16 to 200 characters (a secret only you and the hub know).", { field: "signatureToken" }, EpcisQueryReason.EPCIS_QUERY_INVALID);
    let schedule: Record<string, string> | null = null;
    let nextRunAt: Date | null = null;
    if (input.schedule) {
      schedule = Object.fromEntries(Object.entries(input.schedule).filter(([, v]) => v !== undefined && v !== null)) as Record<string, string>;
      const read = readSchedule(schedule);
      if ("problem" in read) throw new BadUserInput(`'schedule.${read.field}' ${read.problem}.`, { field: `schedule.${read.field}` }, EpcisQueryReason.EPCIS_QUERY_INVALID);
      nextRunAt = nextRun(read.schedule, new Date());
      if (!nextRunAt) throw new BadUserInput("'schedule' never matches a moment of the next five years.", { field: "schedule" }, EpcisQueryReason.EPCIS_QUERY_INVALID);
    } else if (input.reportIfEmpty || input.initialRecordTime) {
      throw new BadUserInput("'reportIfEmpty' and 'initialRecordTime' apply to a schedule; a stream subscription sends each event as it is recorded.", { field: "schedule" }, EpcisQueryReason.EPCIS_QUERY_INVALID);
    }
    const subscription = await this.store.subscribe({
      id: randomUUID(),
      orgId: row.orgId,
      queryName: row.name,
      url: input.dest,
      secret: token,
      roles: [...principal.roles],
      createdBy: principal.sub,
      epcFormat: input.epcFormat ?? EpcFormatType.ALWAYS_GS1_DIGITAL_LINK,
      schedule,
      reportIfEmpty: input.reportIfEmpty ?? false,
      nextRunAt,
      minRecordTime: input.initialRecordTime ?? null,
    });
    return { signatureToken: token, subscription: toSubscription(subscription) };
  }

  async subscriptions(name: string, principal: Principal): Promise<EpcisQuerySubscriptionType[]> {
    const row = await this.existing(principal, name);
    return (await this.store.subscriptions(row.orgId, row.name)).map(toSubscription);
  }

  async unsubscribe(name: string, id: string, principal: Principal): Promise<boolean> {
    const row = await this.existing(principal, name);
    const stopped = await this.store.unsubscribe(row.orgId, row.name, uuidArgument(id, "subscriptionId", "a subscription id"));
    if (!stopped) throw new NotFound(`The query ${name} has no subscription ${id}.`, { field: "subscriptionId" }, EpcisQueryReason.EPCIS_QUERY_NOT_FOUND);
    return true;
  }
}
