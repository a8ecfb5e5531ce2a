import type { Db } from '../db/database.js'
import { iso } from '../clock.js'

// The importer's SQL: only its own table, import_map. Every other write goes
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
