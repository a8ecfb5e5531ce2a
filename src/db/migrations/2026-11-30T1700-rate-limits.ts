import type { Kysely } from 'kysely'
import { timestampType } from './column-types.js'

// Rate limits shared by every process on the database (db/rate-limits.ts).
//
// rate_limit_hits: one row per limited key (a SHA-256 of what the caller
// counts by, so the table names no one), holding the hits of its current fixed
// window. A hit is one upsert, atomic on both databases; rows whose window
// has ended are pruned as new windows open.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('rate_limit_hits_expires_idx').on('rate_limit_hits').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').execute()
}
