import { type RowOf, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

/**
 * A location as every statement that reads locations returns it. Coordinates are read as text (PostgreSQL prints
 * a double precision so that it reads back exactly) and become numbers in the mapper.
 */
const LOCATION_ROW = {
  id: "text",
  organizationId: "text",
  gln: "text",
  name: "text",
  address: "text?",
  latitude: "text?",
  longitude: "text?",
  createdAt: "time",
} as const;
export type LocationRow = RowOf<typeof LOCATION_ROW>;

const LOCATION_COLUMNS = `l."id", l."organization_id" AS "organizationId", l."gln", l."name", l."address",
  l."latitude"::text AS "latitude", l."longitude"::text AS "longitude", l."created_at" AS "createdAt"`;

/**
 * A new location, unless its GLN is registered already (then no row). $1 organization, $2 GLN, $3 name, $4 address,
 * $5 latitude, $6 longitude, $7 who added it. Two organizations adding one GLN at once: one wins, the other gets no row.
 */
const INSERT_LOCATION = `INSERT INTO "suppliers"."location" AS l ("organization_id", "gln", "name", "address", "latitude", "longitude", "created_by")
  VALUES ($1::uuid, $2, $3, $4, $5::double precision, $6::double precision, $7)
  ON CONFLICT ("gln") DO NOTHING RETURNING ${LOCATION_COLUMNS}`;

/** The organization a GLN ($1) is registered to, if any. */
const GLN_HOLDER = `SELECT l."organization_id" AS "organizationId" FROM "suppliers"."location" l WHERE l."gln" = $1`;
const HOLDER_ROW = { organizationId: "text" } as const;

/** The locations of organizations $1 (uuid[]), each organization's oldest first. */
const LOCATIONS_OF = `SELECT ${LOCATION_COLUMNS} FROM "suppliers"."location" l
  WHERE l."organization_id" = ANY($1::uuid[]) ORDER BY l."organization_id", l."created_at", l."id"`;

/** The GLNs of organization $1's oldest $2 locations, oldest first. */
const SCOPE_GLNS = `SELECT COALESCE(array_agg(s."gln" ORDER BY s."created_at", s."id"), '{}') AS "glns" FROM (
  SELECT l."gln", l."created_at", l."id" FROM "suppliers"."location" l WHERE l."organization_id" = $1::uuid
  ORDER BY l."created_at", l."id" LIMIT $2) s`;
const GLNS_ROW = { glns: "text[]" } as const;

/** Every SQL statement of locations. */
export class LocationStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Stores a location; null when its GLN is registered already (to anyone). */
  async insert(location: {
    organizationId: string;
    gln: string;
    name: string;
    address: string | null;
    latitude: number | null;
    longitude: number | null;
    createdBy: string;
  }): Promise<LocationRow | null> {
    const params = [location.organizationId, location.gln, location.name, location.address, location.latitude, location.longitude, location.createdBy];
    const [row] = rowsOf("INSERT_LOCATION", LOCATION_ROW, await this.db.query(INSERT_LOCATION, params));
    return row ?? null;
  }

  /** The organization a GLN is registered to, or null. */
  async holderOf(gln: string): Promise<string | null> {
    const [row] = rowsOf("GLN_HOLDER", HOLDER_ROW, await this.db.query(GLN_HOLDER, [gln]));
    return row?.organizationId ?? null;
  }

  /** The locations of these organizations (ids must be UUIDs), each organization's oldest first. */
  async ofOrganizations(organizationIds: readonly string[]): Promise<LocationRow[]> {
    return rowsOf("LOCATIONS_OF", LOCATION_ROW, await this.db.query(LOCATIONS_OF, [organizationIds]));
  }

  /** The GLNs of an organization's oldest `limit` locations, oldest first. */
  async glnsOf(organizationId: string, limit: number): Promise<string[]> {
    return oneRowOf("SCOPE_GLNS", GLNS_ROW, await this.db.query(SCOPE_GLNS, [organizationId, limit])).glns;
  }
}
