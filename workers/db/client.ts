import { and, eq, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import * as schema from "./schema";

export type Db = ReturnType<typeof getDb>;

const instances = new WeakMap<D1Database, ReturnType<typeof create>>();
const create = (d1: D1Database) => drizzle(d1, { schema });

/** One drizzle instance per binding: building one walks the whole schema, too slow to do per request. */
export function getDb(d1: D1Database) {
  let db = instances.get(d1);
  if (!db) instances.set(d1, (db = create(d1)));
  return db;
}

/**
 * The one way services filter tenant-owned rows: every query on a tenant table goes through
 * `inTenant(table, tenantId, ...)`, so a forgotten tenant condition cannot compile.
 */
export function inTenant(
  table: { tenantId: SQLiteColumn },
  tenantId: string,
  ...conds: (SQL | undefined)[]
): SQL {
  return and(eq(table.tenantId, tenantId), ...conds) as SQL;
}
