/**
 * @tracehub/testkit: boots the whole hub in-process for tests (fresh database, real migrations, real
 * subgraph servers and the real gateway on free ports), with a seed API and tokens.
 */
export { startHub, adminDatabaseUrl } from "./hub";
export type { TestHub, ServiceName, HubOptions } from "./hub";
export { subscribe } from "./subscriptions";
export type { LiveSubscription, SubscribeOptions, Closed } from "./subscriptions";
export { postGraphQL, mustQuery } from "./client";
export type { GraphQLResponse } from "./client";
export { Seeder, seedDemo } from "./seed";
export type { DemoData } from "./seed";
export { units, orders, suppliers, compliance } from "./services";
export { portIsFree, freePortRange, processIsAlive } from "./ports";
export { startIdentityProvider, providerKey } from "./identity-provider";
export type { TestIdentityProvider, ProviderKey, ProviderTokenOptions } from "./identity-provider";
export type { ServiceModule } from "./services";
export { startLoadBalancer } from "./load-balancer";
export type { LoadBalancer } from "./load-balancer";
export { startReplicatedHub } from "./replicas";
export type { ReplicatedHub, Replica } from "./replicas";
export { until } from "./wait";
