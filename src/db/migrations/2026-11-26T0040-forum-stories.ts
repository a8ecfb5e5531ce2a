import type { Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// Success stories and post images.
//
// - forum_stories: the structured fields of a success story, one row per
//   topic (keyed by its thread; the story text itself is the opening post's
//   body). treatments is JSON: [{ kind, minutesPerDay?, needleMm?,
//   intervalDays?, strength?, form?, text? }] from a fixed list, validated by
//   the app. change is the self-rated −3..+3 score; stage is an optional
//   self-assessed Norwood–Hamilton or Ludwig stage. treatment_keys is a
//   ",kind1,kind2," string so the category page filters by treatment with
//   one indexed join and a LIKE, the same on both databases.
// - forum_post_images: photos attached to a post, stored re-encoded under a
//   server-made file name in DATA_DIR/forum-images. position orders them
//   under the post; alt is the reader's short description.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('forum_stories')
    .addColumn('thread_id', 'integer', (c) => c.primaryKey().references('discussion_threads.id').onDelete('cascade'))
    .addColumn('treatments', 'text', (c) => c.notNull())
    .addColumn('treatment_keys', 'text', (c) => c.notNull())
    .addColumn('months', 'integer', (c) => c.notNull())
    .addColumn('change', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('forum_post_images')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('discussion_posts.id').onDelete('cascade'))
    .addColumn('file', 'text', (c) => c.notNull().unique())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('forum_post_images_post_idx').on('forum_post_images').columns(['post_id', 'position']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('forum_post_images_post_idx').execute()
  await db.schema.dropTable('forum_post_images').execute()
  await db.schema.dropTable('forum_stories').execute()
}
