import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The links a brand owner configures for its product, which the GS1 Digital Link resolver serves: GS1 link type,
 * target, title, language, media type, and optionally the lot they are for (a list in one JSON column: a product
 * has a handful, read whole with the product); and the Digital Link stem its QR labels carry (the brand's own host
 * instead of id.gs1.org), null for the canonical one.
 */
export class ProductLinks1765300000200 implements MigrationInterface {
  name = "ProductLinks1765300000200";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."product" ADD COLUMN "links" jsonb NOT NULL DEFAULT '[]'::jsonb, ADD COLUMN "digital_link_stem" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."product" DROP COLUMN "links", DROP COLUMN "digital_link_stem"`);
  }
}
