import type { Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// The importer's memory of what it brought in: one row per imported thing
// (author, term, article, comment…), keyed by where it came from, with the
// Crown row it became and a hash of what the export said. A second run finds
// every row mapped and unchanged; a changed hash updates the Crown row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_map')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('crown_id', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', timestampType(db), (c) => c.notNull())
    .addUniqueConstraint('import_map_source_key', ['source', 'site', 'kind', 'source_id'])
    .execute()
  await db.schema.createIndex('import_map_crown_idx').on('import_map').columns(['kind', 'crown_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_map').execute()
}
