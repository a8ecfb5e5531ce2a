import { sql, type Kysely } from 'kysely'

// Category counts move by increments instead of a re-sum of the whole
// category on every approval (which grew with the category: at 100,000 topics
// each approval read them all).
//
// discussion_threads.counted_posts: the posts this topic currently adds to its
// category's post_count (its post_count while listed, else 0). Keeping what was
// added makes each change a difference of two known numbers, whatever order
// status changes arrive in. Backfilled from the state the old re-sum produced.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('discussion_threads')
    .addColumn('counted_posts', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await sql`update discussion_threads set counted_posts = post_count where kind = 'topic' and listed = 1`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('discussion_threads').dropColumn('counted_posts').execute()
}
