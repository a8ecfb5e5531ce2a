import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { ImportRunsTable } from './tables.js'
import { iso } from '../clock.js'

// The importer's SQL: only its own tables, import_map and import_runs. Every other write goes
// through the owning module's index.ts.

export interface MapKey { source: string; site: string; kind: string; sourceId: string }

export async function findMapped(db: Db, k: MapKey): Promise<{ crownId: number; hash: string } | undefined> {
  const row = await db.selectFrom('import_map').select(['crown_id', 'content_hash'])
    .where('source', '=', k.source).where('site', '=', k.site).where('kind', '=', k.kind).where('source_id', '=', k.sourceId)
    .executeTakeFirst()
  return row ? { crownId: row.crown_id, hash: row.content_hash } : undefined
}

export async function putMapped(db: Db, k: MapKey, crownId: number, hash: string, at: Date) {
  await db.insertInto('import_map')
    .values({ source: k.source, site: k.site, kind: k.kind, source_id: k.sourceId, crown_id: crownId, content_hash: hash, updated_at: iso(at) })
    .onConflict((oc) => oc.columns(['source', 'site', 'kind', 'source_id']).doUpdateSet({ crown_id: crownId, content_hash: hash, updated_at: iso(at) }))
    .execute()
}

/** Rows per kind, for the report and the tests. */
export async function countMapped(db: Db, source: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('import_map').select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('source', '=', source).groupBy('kind').execute()
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]))
}

/** What a thing from any site of this source became (Disqus matching WordPress ids), or null. */
export async function findMappedAnySite(db: Db, source: string, kind: string, sourceId: string): Promise<number | null> {
  const row = await db.selectFrom('import_map').select('crown_id')
    .where('source', '=', source).where('kind', '=', kind).where('source_id', '=', sourceId).orderBy('id', 'desc').executeTakeFirst()
  return row?.crown_id ?? null
}

// import_runs: imports started from the admin, and the job's progress.

export type ImportRunRow = Selectable<ImportRunsTable>

export async function insertRun(db: Db, run: Insertable<ImportRunsTable>): Promise<number> {
  const row = await db.insertInto('import_runs').values(run).returning('id').executeTakeFirstOrThrow()
  return Number(row.id)
}

export async function findRun(db: Db, id: number): Promise<ImportRunRow | undefined> {
  return db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Newest first. */
export async function recentRuns(db: Db, limit: number): Promise<ImportRunRow[]> {
  return db.selectFrom('import_runs').selectAll().orderBy('id', 'desc').limit(limit).execute()
}

/** queued → running; false when the run was not queued (taken, finished, or failed). */
export async function claimRun(db: Db, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('import_runs').set({ status: 'running', started_at: at, updated_at: at })
    .where('id', '=', id).where('status', '=', 'queued').executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function recordProgress(db: Db, id: number, p: { bytes: number; records: number }, at: string) {
  await db.updateTable('import_runs').set({ bytes_done: p.bytes, records_done: p.records, updated_at: at })
    .where('id', '=', id).where('status', '=', 'running').execute()
}

export async function finishRun(db: Db, id: number, p: { bytes: number; records: number }, reportJson: string, at: string) {
  await db.updateTable('import_runs').set({ status: 'done', bytes_done: p.bytes, records_done: p.records, report_json: reportJson, finished_at: at, updated_at: at })
    .where('id', '=', id).execute()
}

export async function failRun(db: Db, id: number, error: string, at: string, p?: { bytes: number; records: number }) {
  await db.updateTable('import_runs').set({ status: 'failed', error, finished_at: at, updated_at: at, ...(p ? { bytes_done: p.bytes, records_done: p.records } : {}) })
    .where('id', '=', id).execute()
}

/** Runs still 'running' that have not moved since `before`: their process is gone. */
export async function staleRunningRuns(db: Db, before: string): Promise<ImportRunRow[]> {
  return db.selectFrom('import_runs').selectAll().where('status', '=', 'running').where('updated_at', '<', before).execute()
}

/** Fails a run only if it is still running and stale (another process may be finishing it). */
export async function failStaleRun(db: Db, id: number, before: string, error: string, at: string): Promise<boolean> {
  const r = await db.updateTable('import_runs').set({ status: 'failed', error, finished_at: at, updated_at: at })
    .where('id', '=', id).where('status', '=', 'running').where('updated_at', '<', before).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
