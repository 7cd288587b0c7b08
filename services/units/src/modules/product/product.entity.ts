import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";

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

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
