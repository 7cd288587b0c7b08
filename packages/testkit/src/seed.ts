import { mustQuery } from "./client";

/** Seeds data through the gateway with the given (operator) token, as a user would. */
export class Seeder {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /** Registers an organization with company prefixes; returns its id. */
  async organization(input: { name: string; kind: string; companyPrefixes?: string[] }): Promise<string> {
    const data = await mustQuery<{ createOrganization: { id: string } }>(
      this.url,
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      { input },
      this.token,
    );
    return data.createOrganization.id;
  }

  /** Registers a product. */
  async product(gtin: string, name: string): Promise<void> {
    await mustQuery(this.url, `mutation($input: UpsertProductInput!) { upsertProduct(input: $input) { gtin } }`, { input: { gtin, name } }, this.token);
  }

  /** Commissions units; returns their ids and serials. */
  async units(input: { gtin: string; lot?: string; expiry?: string; count?: number; serials?: string[]; serialType?: "SEQUENTIAL" | "RANDOM" }) {
    const data = await mustQuery<{ commissionUnits: { unitIds: string[]; serials: string[]; eventId: string } }>(
      this.url,
      `mutation($input: CommissionUnitsInput!) { commissionUnits(input: $input) { unitIds serials eventId } }`,
      { input },
      this.token,
    );
    return data.commissionUnits;
  }

  /** Registers a location (GLN, 13 digits) to an organization. */
  async location(organizationId: string, gln: string, name = "Store"): Promise<void> {
    await mustQuery(this.url, `mutation($i: AddLocationInput!) { addLocation(input: $i) { gln } }`, { i: { organizationId, gln, name } }, this.token);
  }

  /**
   * Hands units over to the party at a GLN: ships them there (destination: that party) and receives them there, now.
   * Afterwards that party holds them (they are its stock to sell).
   */
  async handOver(unitIds: string[], gln: string): Promise<void> {
    const at = new Date().toISOString();
    const event = (fields: Record<string, unknown>) => ({ type: "ObjectEvent", eventTime: at, eventTimeZoneOffset: "+00:00", epcList: unitIds, action: "OBSERVE", ...fields });
    const document = {
      "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: at,
      epcisBody: {
        eventList: [
          event({ bizStep: "shipping", destinationList: [{ type: "owning_party", destination: `https://id.gs1.org/417/${gln}` }] }),
          event({ bizStep: "receiving", bizLocation: { id: `https://id.gs1.org/414/${gln}` } }),
        ],
      },
    };
    const data = await mustQuery<{ captureEvents: { rejected: unknown[] } }>(this.url, `mutation($d: JSON!) { captureEvents(document: $d) { rejected { message } } }`, { d: document }, this.token);
    if (data.captureEvents.rejected.length > 0) throw new Error(`The hand-over was rejected: ${JSON.stringify(data.captureEvents.rejected)}`);
  }

  /** Creates an order with these units; returns its id. */
  async order(input: { reference: string; customer: { name: string; email?: string }; unitCodes: string[] }, token = this.token): Promise<string> {
    const data = await mustQuery<{ createOrder: { id: string } }>(this.url, `mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }`, { input }, token);
    return data.createOrder.id;
  }

  /** Gives a partner a grant on a brand owner's products (all of them unless `gtins`); returns its id. */
  async grant(input: { grantorId: string; granteeId: string; permissions: ("READ" | "CAPTURE")[]; gtins?: string[] }): Promise<string> {
    const data = await mustQuery<{ grantAccess: { id: string } }>(this.url, `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }`, { input }, this.token);
    return data.grantAccess.id;
  }

  /** Prepares and issues a recall (class II unless said); returns its id. */
  async recall(input: { gtin: string; lots?: string[]; serials?: string[]; reason: string; classification?: "CLASS_I" | "CLASS_II" | "CLASS_III" }): Promise<string> {
    const created = await mustQuery<{ createRecall: { id: string } }>(
      this.url,
      `mutation($input: CreateRecallInput!) { createRecall(input: $input) { id } }`,
      { input: { classification: "CLASS_II", ...input } },
      this.token,
    );
    const data = await mustQuery<{ issueRecall: { id: string } }>(this.url, `mutation($id: ID!) { issueRecall(id: $id) { id } }`, { id: created.createRecall.id }, this.token);
    return data.issueRecall.id;
  }
}

/** What the demo seed created. */
export interface DemoData {
  brandOwnerId: string;
  retailerId: string;
  gtins: string[];
  unitIds: string[];
  orderedUnitIds: string[];
  recalledLot: string;
}

/**
 * The demo data set `npm start` loads into an empty database. It touches every cross-subgraph link:
 * products with a brand owner, units in an order, units under a recall, units in neither.
 */
export async function seedDemo(url: string, operatorToken: string, retailerToken: (orgId: string) => Promise<string>): Promise<DemoData> {
  const seed = new Seeder(url, operatorToken);
  const brandOwnerId = await seed.organization({ name: "Healthy Pharma GmbH", kind: "BRAND_OWNER", companyPrefixes: ["9506000", "4012345"] });
  const retailerId = await seed.organization({ name: "Corner Pharmacy", kind: "RETAILER" });
  await seed.organization({ name: "FastFreight Logistics", kind: "LOGISTICS" });
  const gtins = ["09506000134352", "04012345123456"];
  await seed.product(gtins[0] as string, "Ibuprofen 400 mg, 20 tablets");
  await seed.product(gtins[1] as string, "Vitamin D3 1000 IU, 90 capsules");
  const lotA = await seed.units({ gtin: gtins[0] as string, lot: "LOT-A1", expiry: "2027-06-30", count: 10, serialType: "RANDOM" });
  const lotB = await seed.units({ gtin: gtins[0] as string, lot: "LOT-B7", expiry: "2027-09-30", count: 10, serialType: "SEQUENTIAL" });
  const vitamins = await seed.units({ gtin: gtins[1] as string, lot: "VD-2026-11", expiry: "2028-01-31", count: 10, serialType: "RANDOM" });
  const orderedUnitIds = [...lotA.unitIds.slice(0, 3), ...vitamins.unitIds.slice(0, 2)];
  // The pharmacy sells the brand's units: the brand owner lets it read and capture them, and ships some to its store.
  await seed.grant({ grantorId: brandOwnerId, granteeId: retailerId, permissions: ["READ", "CAPTURE"] });
  await seed.location(retailerId, "4000001000005", "Corner Pharmacy, Main Street");
  await seed.handOver([...lotA.unitIds.slice(0, 5), ...vitamins.unitIds.slice(0, 5)], "4000001000005");
  await seed.order({ reference: "WEB-10001", customer: { name: "A. Customer" }, unitCodes: orderedUnitIds }, await retailerToken(retailerId));
  await seed.recall({ gtin: gtins[0] as string, lots: ["LOT-B7"], reason: "Tablet hardness out of specification in lot LOT-B7." });
  return { brandOwnerId, retailerId, gtins, unitIds: [...lotA.unitIds, ...lotB.unitIds, ...vitamins.unitIds], orderedUnitIds, recalledLot: "LOT-B7" };
}
