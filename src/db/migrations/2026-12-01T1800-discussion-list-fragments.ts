import { sql, type Kysely } from 'kysely'
import { isPostgres } from './column-types.js'

// A comment page's list, as every reader without a held comment of their own
// sees it, kept whole (discussion_list_fragments) so an article page with 200
// comments reads one stored fragment instead of 200 posts. A fragment is good
// for one list_version of its thread: triggers on discussion_posts move the
// version on every insert, delete, or change to a column a list shows, so no
// write path (moderation, edits, purges, imports, a hand-made SQL fix) can
// leave a stale list behind. card_html and card_key, a cache of the row, are
// not among those columns: keeping a card changes nothing a reader sees.
const SHOWN_COLUMNS = ['thread_id', 'parent_id', 'depth', 'path', 'short_id', 'status', 'author_user_id', 'author_name', 'author_url', 'author_role', 'author_key', 'body_html', 'created_at']

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db)
  await db.schema.alterTable('discussion_threads').addColumn('list_version', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.createTable('discussion_list_fragments')
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('discussion_threads.id').onDelete('cascade'))
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('fragment_key', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer', (c) => c.notNull())
    .addColumn('html', pg ? sql`bytea` : sql`blob`, (c) => c.notNull())
    .addPrimaryKeyConstraint('discussion_list_fragments_pk', ['thread_id', 'page'])
    .execute()
  const columns = sql.raw(SHOWN_COLUMNS.join(', '))
  if (pg) {
    await sql`create function discussion_posts_bump_list_version() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then
          update discussion_threads set list_version = list_version + 1 where id = old.thread_id;
        end if;
        if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.thread_id is distinct from old.thread_id) then
          update discussion_threads set list_version = list_version + 1 where id = new.thread_id;
        end if;
        return null;
      end $$`.execute(db)
    await sql`create trigger discussion_posts_list_version after insert or delete or update of ${columns} on discussion_posts
      for each row execute function discussion_posts_bump_list_version()`.execute(db)
  } else {
    await sql`create trigger discussion_posts_list_version_insert after insert on discussion_posts
      begin update discussion_threads set list_version = list_version + 1 where id = new.thread_id; end`.execute(db)
    await sql`create trigger discussion_posts_list_version_update after update of ${columns} on discussion_posts
      begin update discussion_threads set list_version = list_version + 1 where id in (old.thread_id, new.thread_id); end`.execute(db)
    await sql`create trigger discussion_posts_list_version_delete after delete on discussion_posts
      begin update discussion_threads set list_version = list_version + 1 where id = old.thread_id; end`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger discussion_posts_list_version on discussion_posts`.execute(db)
    await sql`drop function discussion_posts_bump_list_version()`.execute(db)
  } else {
    for (const t of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.raw(`discussion_posts_list_version_${t}`)}`.execute(db)
  }
  await db.schema.dropTable('discussion_list_fragments').execute()
  await db.schema.alterTable('discussion_threads').dropColumn('list_version').execute()
}
