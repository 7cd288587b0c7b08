import type { Role } from "@tracehub/auth";
import type { AuthChecker } from "type-graphql";
import type { SubgraphContext } from "./server";

/**
 * type-graphql auth checker shared by every subgraph. `@Authorized()` admits any authenticated
 * (non-anonymous) principal; `@Authorized("operator", "compliance")` admits holders of one of the roles.
 * The `operator` role is admitted everywhere.
 */
export const authChecker: AuthChecker<SubgraphContext, Role> = ({ context }, roles) => {
  const { principal } = context;
  if (principal.anonymous) return false;
  if (roles.length === 0) return true;
  return principal.roles.includes("operator") || principal.roles.some((role) => roles.includes(role));
};
