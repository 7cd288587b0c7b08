import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import type { ProductLink } from "./product.rules";

/** A trade item, by GTIN (table `units.product`). */
@Entity({ name: "product", schema: "units" })
export class ProductEntity {
  @PrimaryColumn({ type: "char", length: 14 })
  gtin!: string;

  @Column({ type: "text" })
  name!: string;

  @Column({ type: "text", nullable: true })
  brand!: string | null;

  @Column({ type: "text", nullable: true })
  description!: string | null;

  @Column({ name: "image_url", type: "text", nullable: true })
  imageUrl!: string | null;

  @Column({ name: "identifier_scheme", type: "text" })
  identifierScheme!: string;

  /** The stem of the Digital Links its QR labels carry (`https://brand.example`), null for id.gs1.org. */
  @Column({ name: "digital_link_stem", type: "text", nullable: true })
  digitalLinkStem!: string | null;

  /** The links its brand owner configured for the resolver (checked by `checkProductLinks`). */
  @Column({ type: "jsonb", default: () => "'[]'::jsonb" })
  links!: ProductLink[];

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
