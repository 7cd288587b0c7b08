import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a webhook operation failed, answered in `extensions.reason`. */
export const WebhookReason = defineReasons([
  /** BAD_USER_INPUT: the URL cannot receive deliveries (not http(s), credentials in it, a private host in production). */
  "WEBHOOK_URL_REFUSED",
  /** NOT_FOUND: no webhook (or delivery) of that id is your organization's. */
  "WEBHOOK_NOT_FOUND",
  /** LIMIT_EXCEEDED: the organization has as many webhooks as it may. */
  "TOO_MANY_WEBHOOKS",
  /** FORBIDDEN: webhooks belong to an organization; the caller has none. */
  "WEBHOOK_NEEDS_ORGANIZATION",
]);
export type WebhookReason = ReasonOf<typeof WebhookReason>;
