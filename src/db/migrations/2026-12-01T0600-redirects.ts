import { sql, type Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// Old addresses that keep working (issue 9): the WordPress site's permalinks,
// filled by the importer, and any staff add at /admin/redirects.
//
// redirects: from_key is the old URL normalized (host, trailing slash,
// index.php, comment pages and tracking parameters dropped), the one thing a
// request is looked up by; from_shown is the address as it was typed or
// imported, for people. to_path is a local path or an absolute http(s) URL.
// source is 'import' or 'staff': an import never overwrites a staff row.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('redirects')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('from_key', 'text', (c) => c.notNull().unique())
    .addColumn('from_shown', 'text', (c) => c.notNull())
    .addColumn('to_path', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('import', 'staff')`))
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_hit_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('redirects').execute()
}
