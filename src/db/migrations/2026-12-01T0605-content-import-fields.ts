import type { Kysely } from 'kysely'

// What a WordPress site brings that Crown's content lacked: categories nest
// (a parent's archive lists its children's articles too), and a post can be
// sticky (listed first on the home page).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('categories').addColumn('parent_id', 'integer', (c) => c.references('categories.id').onDelete('set null')).execute()
  await db.schema.alterTable('articles').addColumn('sticky', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('sticky').execute()
  await db.schema.alterTable('categories').dropColumn('parent_id').execute()
}
