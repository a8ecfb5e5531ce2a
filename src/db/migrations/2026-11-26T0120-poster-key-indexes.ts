import type { Kysely } from 'kysely'

// The spam pipeline (discussion/limits.ts) counts a poster's recent posts by
// each of their keys: IP hash and email (indexed since the discussion
// tables), and now the browser key and the account for every kind of post.
// Without these indexes each post would scan discussion_posts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('discussion_posts_key_idx').on('discussion_posts').columns(['author_key', 'created_at']).execute()
  await db.schema.createIndex('discussion_posts_user_idx').on('discussion_posts').columns(['author_user_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('discussion_posts_user_idx').execute()
  await db.schema.dropIndex('discussion_posts_key_idx').execute()
}
