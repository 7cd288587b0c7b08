import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { linksFor } from "../product/product.rules";
import { ProductLinkType } from "../product/product.type";
import type { UnitsContext } from "../../context";
import { AuthenticityResultType, PublicProductFactsType } from "./authenticity.type";

@Resolver()
export class AuthenticityResolver {
  @Query(() => AuthenticityResultType, {
    description: "Public, no login: is the product with this code genuine? Answers a verdict and the product's public facts, never locations, customers or orders.",
  })
  verifyAuthenticity(
    @Arg("code", { description: "The code scanned from the pack (GS1 DataMatrix or QR content, Digital Link, element string)." }) code: string,
    @Arg("origin", () => String, { nullable: true, description: "The country the check is made from, if the client says (ISO 3166-1 alpha-2, e.g. DE): it is logged for the brand owner and used to spot copies. Without it, the country the gateway placed the caller's address in (offline IP database) is used. Never an address." })
    origin: string | null,
    @Ctx() ctx: UnitsContext,
  ): Promise<AuthenticityResultType> {
    return ctx.authenticity.verify(code, origin, ctx.principal.country ?? null);
  }

  @Query(() => PublicProductFactsType, {
    nullable: true,
    description: "Public, no login: a product's public facts (name, brand, image) by GTIN, for a product page; null when the product is not registered. Never its units, lots or owner.",
  })
  publicProductFacts(@Arg("gtin", { description: "The GTIN (8, 12, 13 or 14 digits, check digit included)." }) gtin: string, @Ctx() ctx: UnitsContext): Promise<PublicProductFactsType | null> {
    return ctx.authenticity.productFacts(gtin);
  }
}

/** The links a product's public facts carry. */
@Resolver(() => PublicProductFactsType)
export class PublicProductLinksResolver {
  @FieldResolver(() => [ProductLinkType], {
    description:
      "The links its brand owner configured, public by design (what the resolver serves): for a lot, that lot's links, and the product's own for every link type the lot has none of.",
  })
  links(
    @Root() facts: PublicProductFactsType,
    @Arg("lot", () => String, { nullable: true, description: "The lot (AI 10) the links are for; the product's own links when left out." }) lot: string | null,
  ): ProductLinkType[] {
    return linksFor(facts.configuredLinks, lot ?? null);
  }
}
