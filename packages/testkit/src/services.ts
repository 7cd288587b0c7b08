import * as complianceService from "@tracehub/compliance";
import * as ordersService from "@tracehub/orders";
import * as suppliersService from "@tracehub/suppliers";
import * as unitsService from "@tracehub/units";
import type { RunningSubgraph } from "@tracehub/subgraph-kit";
import type { DataSource, Logger } from "typeorm";

/** How the testkit opens, migrates and starts one service. */
export interface ServiceModule {
  open(url: string, logger?: Logger): DataSource;
  migrate(ds: DataSource): Promise<string[]>;
  start(deps: {
    ds: DataSource;
    principalKey: string;
    port: number;
    movementStream?: { maxQueuedPerSubscription?: number; pollIntervalMs?: number };
    /** Compliance and orders: where units listens (recalls and order events go there through the outbox; orders reads unit facts there). */
    unitsUrl?: string;
    /** Units only: where suppliers listens (webhooks look up their organization's scope there). */
    suppliersUrl?: string;
    /** Units only: let webhooks point at loopback receivers (the tests' own). */
    webhookPrivateTargets?: boolean;
    /** Units only: capture limits that differ from the defaults. */
    captureLimits?: { futureToleranceSeconds?: number; maxIdentifiers?: number };
    /** Units only: the recall marking worker's batch size. */
    recallMarking?: { batchSize?: number };
  }): Promise<RunningSubgraph>;
}

export const units: ServiceModule = { open: unitsService.createUnitsDataSource, migrate: unitsService.migrateUnits, start: unitsService.createSubgraph };
export const orders: ServiceModule = { open: ordersService.createOrdersDataSource, migrate: ordersService.migrateOrders, start: ordersService.createSubgraph };
export const suppliers: ServiceModule = {
  open: suppliersService.createSuppliersDataSource,
  migrate: suppliersService.migrateSuppliers,
  start: suppliersService.createSubgraph,
};
export const compliance: ServiceModule = {
  open: complianceService.createComplianceDataSource,
  migrate: complianceService.migrateCompliance,
  start: complianceService.createSubgraph,
};
