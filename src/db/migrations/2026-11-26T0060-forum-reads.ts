import type { Kysely } from 'kysely'
import { timestampType } from './column-types.js'

// What a member has read in the forum, so a returning member sees what is new.
//
// forum_topic_reads: one row per (member, topic): the highest post number the
// member has had on screen. Guests keep the same thing in a signed cookie
// (bounded to their most recent topics), so no row is written for them.
// Rows go with their member or topic.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('forum_topic_reads')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('discussion_threads.id').onDelete('cascade'))
    .addColumn('last_seen_number', 'integer', (c) => c.notNull())
    .addColumn('seen_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('forum_topic_reads_pk', ['user_id', 'thread_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('forum_topic_reads').execute()
}
