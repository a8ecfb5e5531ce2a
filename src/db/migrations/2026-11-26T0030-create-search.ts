import { sql, type Kysely } from 'kysely'
import { idColumn, isPostgres, timestampType } from './column-types.js'

// One row per searchable thing (article, forum topic, forum post), written by
// the owning module through search's indexing functions. The full-text index
// differs by database: an FTS5 table on SQLite, a generated tsvector with a
// GIN index on PostgreSQL; the search function hides the difference.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('search_documents')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('kind', 'text', (c) => c.notNull()) // article | topic | post | comment
    .addColumn('ref', 'text', (c) => c.notNull()) // the owner's public id: article slug, thread or post short id
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // plain text, never HTML
    .addColumn('category_slug', 'text')
    .addColumn('category_name', 'text')
    .addColumn('published_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('search_documents_kind_ref_key', ['kind', 'ref'])
    .execute()

  if (isPostgres(db)) {
    // Title lexemes weigh A, body lexemes B: a title match ranks above a body mention.
    await sql`alter table search_documents add column search_vector tsvector generated always as (
      setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, body), 'B')
    ) stored`.execute(db)
    await sql`create index search_documents_vector_idx on search_documents using gin (search_vector)`.execute(db)
  } else {
    // External content: the text lives once, in search_documents; the
    // indexing functions write both (no triggers, so one code path).
    // porter over unicode61 stems English words ("massaging" finds "massage").
    await sql`create virtual table search_fts using fts5(
      title, body, content='search_documents', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
    )`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await sql`drop table search_fts`.execute(db)
  await db.schema.dropTable('search_documents').execute()
}
