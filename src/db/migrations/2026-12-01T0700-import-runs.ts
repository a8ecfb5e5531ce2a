import type { Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// An import started from the admin: the uploaded export waits under
// DATA_DIR/imports (stored_as, a name the server made) until a job reads it;
// the job writes its progress here, then the report or the error.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_runs')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('stored_as', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bytes_done', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('records_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report_json', 'text')
    .addColumn('error', 'text')
    .addColumn('started_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', timestampType(db), (c) => c.notNull())
    .addColumn('started_at', timestampType(db))
    .addColumn('finished_at', timestampType(db))
    .addColumn('updated_at', timestampType(db), (c) => c.notNull())
    .execute()
  await db.schema.createIndex('import_runs_status_idx').on('import_runs').columns(['status']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_runs').execute()
}
