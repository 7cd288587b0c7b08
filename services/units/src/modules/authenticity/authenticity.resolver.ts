import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { UnitsContext } from "../../context";
import { AuthenticityResultType } from "./authenticity.type";

@Resolver()
export class AuthenticityResolver {
  @Query(() => AuthenticityResultType, {
    description: "Public, no login: is the product with this code genuine? Answers a verdict and the product's public facts, never locations, customers or orders.",
  })
  verifyAuthenticity(
    @Arg("code", { description: "The code scanned from the pack (GS1 DataMatrix or QR content, Digital Link, element string)." }) code: string,
    @Ctx() ctx: UnitsContext,
  ): Promise<AuthenticityResultType> {
    return ctx.authenticity.verify(code);
  }
}
