import type { Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// One engine for article comments and (later) forum topics: a thread holds
// posts; a post's `path` (zero-padded ancestor ids) orders a whole tree
// oldest-first, depth-first, with one indexed range scan.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('discussion_threads')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('short_id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // comments | topic
    .addColumn('article_id', 'integer', (c) => c.unique().references('articles.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open')) // open | closed
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0)) // approved posts
    .addColumn('top_level_count', 'integer', (c) => c.notNull().defaultTo(0)) // approved roots
    .addColumn('last_posted_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('discussion_posts')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('short_id', 'text', (c) => c.notNull().unique()) // public id for permalinks and forms
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('discussion_threads.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('discussion_posts.id').onDelete('cascade'))
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('path', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text') // lower-cased; never rendered
    .addColumn('author_url', 'text')
    .addColumn('author_key', 'text') // the poster's browser identity (signed cookie) to show them their held posts
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | approved | spam | trash
    .addColumn('held_reason', 'text')
    .addColumn('ip_hash', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('notify_replies', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('approved_at', ts)
    .execute()
  await db.schema.createIndex('discussion_posts_thread_idx').on('discussion_posts').columns(['thread_id', 'status', 'path']).execute()
  await db.schema.createIndex('discussion_posts_queue_idx').on('discussion_posts').columns(['status', 'created_at']).execute()
  await db.schema.createIndex('discussion_posts_ip_idx').on('discussion_posts').columns(['ip_hash', 'created_at']).execute()
  await db.schema.createIndex('discussion_posts_email_idx').on('discussion_posts').columns(['author_email', 'created_at']).execute()
  await db.schema.createIndex('discussion_posts_parent_idx').on('discussion_posts').column('parent_id').execute()

  await db.schema
    .createTable('discussion_subscriptions')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('post_id', 'integer', (c) => c.references('discussion_posts.id').onDelete('cascade'))
    .addColumn('thread_id', 'integer', (c) => c.references('discussion_threads.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('confirmed_at', ts)
    .addColumn('unsubscribed_at', ts)
    .addColumn('last_sent_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('discussion_subscriptions_post_idx').on('discussion_subscriptions').column('post_id').execute()
  await db.schema.createIndex('discussion_subscriptions_thread_idx').on('discussion_subscriptions').column('thread_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('discussion_subscriptions').execute()
  await db.schema.dropTable('discussion_posts').execute()
  await db.schema.dropTable('discussion_threads').execute()
}
