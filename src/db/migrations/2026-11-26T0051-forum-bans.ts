import type { Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// Staff bans on forum posting.
//
// forum_bans: one row per ban, on a guest identity (guest_id, a forum_guests
// row, reached through the browser's signed identity key) or on an IP hash
// (ip_hash, never the address itself). expires_at null means permanent.
// Lifting sets lifted_at/lifted_by instead of deleting, so the list keeps
// its history; each ban and lift is also in audit_log.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('forum_bans')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('guest_id', 'integer', (c) => c.references('forum_guests.id').onDelete('cascade'))
    .addColumn('ip_hash', 'text')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('period', 'text', (c) => c.notNull()) // day | week | month | permanent
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts)
    .addColumn('lifted_at', ts)
    .addColumn('lifted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute()
  await db.schema.createIndex('forum_bans_guest_idx').on('forum_bans').columns(['guest_id']).execute()
  await db.schema.createIndex('forum_bans_ip_idx').on('forum_bans').columns(['ip_hash']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('forum_bans').execute()
}
