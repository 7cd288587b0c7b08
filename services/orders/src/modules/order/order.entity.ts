import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A customer order (table `orders.order`). */
@Entity({ name: "order", schema: "orders" })
export class OrderEntity {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ name: "organization_id", type: "text", nullable: true })
  organizationId!: string | null;

  @Column({ type: "text" })
  reference!: string;

  @Column({ name: "customer_name", type: "text" })
  customerName!: string;

  @Column({ type: "text" })
  status!: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
