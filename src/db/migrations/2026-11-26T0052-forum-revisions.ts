import type { Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// Edit history of forum posts.
//
// discussion_post_revisions: each edit (a guest's own within 30 minutes, or
// staff at any time) first copies what it replaces: the Markdown source, the
// topic title when the opening post is edited, who made the edit and when.
// Read only by staff (/admin/posts/<shortId>/history), newest first.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('discussion_post_revisions')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('discussion_posts.id').onDelete('cascade'))
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('edited_by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('edited_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('discussion_post_revisions_post_idx').on('discussion_post_revisions').columns(['post_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('discussion_post_revisions').execute()
}
