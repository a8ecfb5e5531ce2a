import type { Kysely } from 'kysely'

// A topic page reads one page of the posts a reader may see, in #n order:
// "thread_id = ? and status = 'approved' order by post_number offset …". With
// only (thread_id, post_number) the walk fetched every skipped post's row to
// test its status (a topic's last page read all its posts: about 1 ms for
// 1,000 of them); with status in the index the skip stays in the index and
// only the page's own rows are read. The topic's visible-post count becomes
// an index-only range count too.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('discussion_posts_visible_idx').on('discussion_posts').columns(['thread_id', 'status', 'post_number']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('discussion_posts_visible_idx').execute()
}
