/**
 * @tracehub/db: one way to open a service's database, run its migrations, count its SQL in tests,
 * and run a real PostgreSQL from npm when no server is configured.
 */
export { createServiceDataSource, migrate } from "./data-source";
export type { ServiceDataSourceOptions } from "./data-source";
export { SqlCounter } from "./sql-counter";
export { preparedQuery } from "./prepared";
export { withDatabase, databaseName, ensureDatabase, dropDatabase, isReachable } from "./databases";
export { startEmbeddedPostgres } from "./embedded";
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from "./embedded";
export { createOutboxTables, addOutboxTraceParent, enqueueOutbox, acceptInboxMessage, backgroundSql, backgroundTransaction, OutboxStore } from "./outbox";
export type { OutboxMessage, OutboxMessageInput, OutboxStatus, OutboxTx } from "./outbox";
export { keysetPage, quoteColumn, MAX_KEY_COLUMNS } from "./keyset";
export type { KeyColumn, KeyDirection, KeyValue, KeysetPage, KeysetPageInput } from "./keyset";
export { oneRowOf, rowsOf } from "./rows";
export type { ColumnKind, RowOf, RowShape } from "./rows";
export { keyReadable } from "./visibility";
export type { KeyColumns, SqlCondition, SqlReadScope } from "./visibility";
