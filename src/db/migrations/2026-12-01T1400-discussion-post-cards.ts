import { sql, type Kysely } from 'kysely'
import { isPostgres } from './column-types.js'

// A shown comment's card (its header, text and reply link) as HTML, kept with
// the post once made, so a page of 200 comments joins 200 stored strings
// instead of building each from parts on every view. card_key names what the
// card was made for besides the post itself (its page, badge, time zone,
// whether replies are open): a card whose key does not match is made afresh.
// An edit or an anonymisation clears it. Nothing else reads these columns.
// The card is kept as UTF-8 bytes (bytea, blob): the page is sent as bytes,
// so a kept card is copied into it as it is, never made a string.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('discussion_posts').addColumn('card_html', isPostgres(db) ? sql`bytea` : sql`blob`).execute()
  await db.schema.alterTable('discussion_posts').addColumn('card_key', 'text').execute()
  // A comment page asks for its thread's top-level comments (whether there
  // are more than a page of them, and where each page starts): with depth in
  // the index that is answered from the index alone.
  await db.schema.createIndex('discussion_posts_roots_idx').on('discussion_posts').columns(['thread_id', 'status', 'depth', 'path']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('discussion_posts_roots_idx').execute()
  await db.schema.alterTable('discussion_posts').dropColumn('card_key').execute()
  await db.schema.alterTable('discussion_posts').dropColumn('card_html').execute()
}
