import type { Logger, QueryRunner } from "typeorm";

/**
 * A TypeORM logger that counts the SQL statements a service sends, so tests can assert how many
 * queries a GraphQL request costs. Transaction control statements are not counted, and neither is
 * background work: statements sent through a QueryRunner whose `data.background` is true.
 */
export class SqlCounter implements Logger {
  /** Every counted statement, in order. */
  readonly statements: string[] = [];

  /** The parameters of each of {@link statements}, at the same index (for tests that EXPLAIN what ran). */
  readonly parameters: unknown[][] = [];

  /** Statements of background work (QueryRunners with `data.background`), kept apart from the count. */
  readonly background: string[] = [];

  /** Number of counted statements since the last {@link reset}. */
  get count(): number {
    return this.statements.length;
  }

  /** Forgets what was counted. */
  reset(): void {
    this.statements.length = 0;
    this.parameters.length = 0;
    this.background.length = 0;
  }

  logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    if ((queryRunner?.data as { background?: boolean } | undefined)?.background) {
      this.background.push(query);
      return;
    }
    if (/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(query)) return;
    this.statements.push(query);
    this.parameters.push(parameters ?? []);
  }
  logQueryError(error: string | Error, query: string): void {
    console.error(`[sql] ${String(error)} in ${query}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") console.warn(`[typeorm] ${String(message)}`);
  }
}
