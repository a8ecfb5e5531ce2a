import { sql, type Kysely } from 'kysely'
import { isPostgres } from './column-types.js'

// An article page's own section (the article, its references, its tags and
// the posts "earlier in" its categories) is made once and kept per process
// (content/kept-sections.ts) for as long as nothing it shows has changed. That
// is told by one number, content_state.version, which triggers on every table
// the section reads move at each insert, delete and update, so no write path
// (the editor, an import, the command line, a hand-made SQL fix) can leave a
// stale section shown. Comments, the shop and sign-ins touch none of these
// tables (users only through the name, slug and bio an author shows), so a
// busy comment thread or shop does not remake the section.
//
// The row is made by the first change (an upsert), not here: a copy to
// PostgreSQL migrates an empty target and then copies every row as it is.
const TABLES = ['articles', 'article_categories', 'article_tags', 'article_citations', 'categories', 'tags', 'studies', 'media']
const USER_COLUMNS = 'name, slug, bio'
const BUMP = sql`insert into content_state (id, version) values (1, 1) on conflict (id) do update set version = content_state.version + 1`

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('content_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute()
  if (isPostgres(db)) {
    // Once per statement: an import's bulk insert moves the version once.
    await sql`create function content_bump_version() returns trigger language plpgsql as $$
      begin
        ${BUMP};
        return null;
      end $$`.execute(db)
    for (const table of TABLES) {
      await sql`create trigger ${sql.raw(`${table}_content_version`)} after insert or update or delete on ${sql.table(table)}
        for each statement execute function content_bump_version()`.execute(db)
    }
    await sql`create trigger users_content_version after update of ${sql.raw(USER_COLUMNS)} or delete on users
      for each statement execute function content_bump_version()`.execute(db)
  } else {
    for (const table of TABLES) {
      for (const op of ['insert', 'update', 'delete']) {
        await sql`create trigger ${sql.raw(`${table}_content_version_${op}`)} after ${sql.raw(op)} on ${sql.table(table)} begin ${BUMP}; end`.execute(db)
      }
    }
    await sql`create trigger users_content_version_update after update of ${sql.raw(USER_COLUMNS)} on users begin ${BUMP}; end`.execute(db)
    await sql`create trigger users_content_version_delete after delete on users begin ${BUMP}; end`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of [...TABLES, 'users']) await sql`drop trigger ${sql.raw(`${table}_content_version`)} on ${sql.table(table)}`.execute(db)
    await sql`drop function content_bump_version()`.execute(db)
  } else {
    for (const table of TABLES) for (const op of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.raw(`${table}_content_version_${op}`)}`.execute(db)
    for (const op of ['update', 'delete']) await sql`drop trigger ${sql.raw(`users_content_version_${op}`)}`.execute(db)
  }
  await db.schema.dropTable('content_state').execute()
}
