import type { Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// The community forum, on the discussion engine that runs article comments.
//
// Plan:
// - forum_categories: staff-made sections. guest_policy says what a guest may
//   do there (topics | replies | read); hold_first_guest_posts holds a guest
//   identity's posts for review until it has 2 approved posts. topic_count,
//   post_count and last_activity_at are denormalised (kept by the engine's
//   recount in the same transaction as the change), so /forum reads one row
//   per category and never counts posts.
// - A topic is a discussion_threads row of kind 'topic' (one thread table,
//   one post table, one moderation queue for comments and the forum). New
//   thread columns, unused by comment threads: category_id, slug (for the
//   URL), pinned, view_count, listed (1 once the opening post is approved:
//   held topics stay out of lists), last_poster_name, last_activity_at and
//   next_post_number (the counter behind each post's #n).
// - discussion_posts gains post_number (#n within a topic; null for
//   comments), guest_id (the forum guest identity that wrote it) and
//   edited_at (a guest's own edit within 30 minutes).
// - forum_guests: a guest identity. The browser holds a random key in a
//   signed cookie (the same commenter key comments use); the table keeps only
//   its HMAC, the display name last used, an optional email (never shown,
//   used for mail only once confirmed) and the approved post count that lifts
//   the hold. Limits count by guest and by IP hash, never by email.
//
// Indexes serve each list: a category page (category_id, listed, pinned,
// last_activity_at, id) read backwards; /forum/latest (listed,
// last_activity_at, id); a topic page (thread_id, post_number); guest limits
// (guest_id, created_at), IP limits use discussion_posts_ip_idx.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('forum_categories')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('guest_policy', 'text', (c) => c.notNull().defaultTo('topics')) // topics | replies | read
    .addColumn('hold_first_guest_posts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('topic_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_activity_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('forum_guests')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('email_confirmed_at', ts)
    .addColumn('approved_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_post_at', ts)
    .execute()

  await db.schema.alterTable('discussion_threads').addColumn('category_id', 'integer', (c) => c.references('forum_categories.id').onDelete('restrict')).execute()
  await db.schema.alterTable('discussion_threads').addColumn('slug', 'text', (c) => c.notNull().defaultTo('')).execute()
  await db.schema.alterTable('discussion_threads').addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('discussion_threads').addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('discussion_threads').addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('discussion_threads').addColumn('last_poster_name', 'text').execute()
  await db.schema.alterTable('discussion_threads').addColumn('last_activity_at', ts).execute()
  await db.schema.alterTable('discussion_threads').addColumn('next_post_number', 'integer', (c) => c.notNull().defaultTo(0)).execute()

  await db.schema.alterTable('discussion_posts').addColumn('post_number', 'integer').execute()
  await db.schema.alterTable('discussion_posts').addColumn('guest_id', 'integer', (c) => c.references('forum_guests.id').onDelete('set null')).execute()
  await db.schema.alterTable('discussion_posts').addColumn('edited_at', ts).execute()

  await db.schema.createIndex('discussion_threads_category_idx').on('discussion_threads')
    .columns(['category_id', 'listed', 'pinned', 'last_activity_at', 'id']).execute()
  await db.schema.createIndex('discussion_threads_latest_idx').on('discussion_threads')
    .columns(['listed', 'last_activity_at', 'id']).execute()
  await db.schema.createIndex('discussion_posts_number_idx').on('discussion_posts').columns(['thread_id', 'post_number']).execute()
  await db.schema.createIndex('discussion_posts_guest_idx').on('discussion_posts').columns(['guest_id', 'created_at']).execute()
  await db.schema.createIndex('forum_categories_position_idx').on('forum_categories').columns(['position', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('discussion_posts_guest_idx').execute()
  await db.schema.dropIndex('discussion_posts_number_idx').execute()
  await db.schema.dropIndex('discussion_threads_latest_idx').execute()
  await db.schema.dropIndex('discussion_threads_category_idx').execute()
  for (const c of ['edited_at', 'guest_id', 'post_number']) await db.schema.alterTable('discussion_posts').dropColumn(c).execute()
  for (const c of ['next_post_number', 'last_activity_at', 'last_poster_name', 'listed', 'view_count', 'pinned', 'slug', 'category_id']) {
    await db.schema.alterTable('discussion_threads').dropColumn(c).execute()
  }
  await db.schema.dropTable('forum_guests').execute()
  await db.schema.dropTable('forum_categories').execute()
}
