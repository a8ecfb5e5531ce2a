import type { Kysely } from 'kysely'

// A post remembers its author's staff role as it was when they wrote it, so
// the "Staff" badge needs no join into accounts and stays true to the moment.
// A thread remembers its subject's path, so the moderation queue and the
// /comments/:id permalink can link back without asking content per row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('discussion_posts').addColumn('author_role', 'text').execute()
  await db.schema.alterTable('discussion_threads').addColumn('subject_path', 'text', (c) => c.notNull().defaultTo('')).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('discussion_threads').dropColumn('subject_path').execute()
  await db.schema.alterTable('discussion_posts').dropColumn('author_role').execute()
}
