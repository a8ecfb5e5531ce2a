import type { Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// Reader flags on forum posts.
//
// forum_flags: one row per flag. Who flagged is kept three ways, each unique
// per post, so one person counts once however they try: key_hash (HMAC of the
// browser's signed identity key), user_id (a signed-in member) and ip_hash.
// Three unresolved flags hide a post (it goes back to 'pending' with the held
// reason "Flagged by readers") until staff decide; a staff decision sets
// resolved_at on its flags rather than deleting them, so the same readers
// cannot flag it into hiding again.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('forum_flags')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('discussion_posts.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull()) // spam | abuse | off-topic | misinformation | other
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('key_hash', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('ip_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('resolved_at', ts)
    .execute()
  await db.schema.createIndex('forum_flags_post_key_idx').on('forum_flags').columns(['post_id', 'key_hash']).unique().execute()
  await db.schema.createIndex('forum_flags_post_user_idx').on('forum_flags').columns(['post_id', 'user_id']).unique().execute()
  await db.schema.createIndex('forum_flags_post_ip_idx').on('forum_flags').columns(['post_id', 'ip_hash']).unique().execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('forum_flags').execute()
}
