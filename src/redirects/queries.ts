import { sql, type Kysely, type Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Tables } from '../db/tables.js'
import type { RedirectSource } from './tables.js'

// The redirects module's SQL: every query on the redirects table is here.

type Q = Db | Kysely<Tables> | Transaction<Tables>

export interface RedirectRow {
  id: number
  from_key: string
  from_shown: string
  to_path: string
  source: RedirectSource
  hits: number
  last_hit_at: string | null
  created_at: string
  updated_at: string
}

/** What a request needs to be answered: one unique-index read. */
export async function findTargetByKey(db: Q, key: string): Promise<{ id: number; to_path: string } | undefined> {
  return db.selectFrom('redirects').select(['id', 'to_path']).where('from_key', '=', key).executeTakeFirst()
}

/** Counts a hit in place (no read first): one indexed update per redirected request. */
export async function countHit(db: Q, id: number, at: string): Promise<void> {
  await db.updateTable('redirects').set((eb) => ({ hits: eb('hits', '+', 1), last_hit_at: at })).where('id', '=', id).execute()
}

export async function findRedirect(db: Q, id: number): Promise<RedirectRow | undefined> {
  return db.selectFrom('redirects').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findRedirectByKey(db: Q, key: string): Promise<RedirectRow | undefined> {
  return db.selectFrom('redirects').selectAll().where('from_key', '=', key).executeTakeFirst()
}

/** The rows with these keys (the importer's batch), by key. */
export async function findRedirectsByKeys(db: Q, keys: string[]): Promise<Map<string, RedirectRow>> {
  if (!keys.length) return new Map()
  const rows = await db.selectFrom('redirects').selectAll().where('from_key', 'in', keys).execute()
  return new Map(rows.map((r) => [r.from_key, r]))
}

export interface NewRedirect { from_key: string; from_shown: string; to_path: string; source: RedirectSource }

/**
 * Inserts rows whose key is free; a key taken meanwhile (another process)
 * is skipped rather than failing the caller's transaction. Returns how many went in.
 */
export async function insertRedirects(db: Q, rows: NewRedirect[], at: string): Promise<number> {
  if (!rows.length) return 0
  const inserted = await db.insertInto('redirects')
    .values(rows.map((r) => ({ ...r, created_at: at, updated_at: at })))
    .onConflict((oc) => oc.column('from_key').doNothing())
    .returning('id')
    .execute()
  return inserted.length
}

/** Inserts one row; undefined when its key is already taken. */
export async function insertRedirect(db: Q, row: NewRedirect, at: string): Promise<number | undefined> {
  const inserted = await db.insertInto('redirects')
    .values({ ...row, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('from_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted?.id
}

export async function updateRedirectRow(db: Q, id: number, row: NewRedirect, at: string): Promise<boolean> {
  const r = await db.updateTable('redirects').set({ ...row, updated_at: at }).where('id', '=', id).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** An import's new target for an import row; a staff row is left alone even if it became one since it was read. */
export async function updateImportedTarget(db: Q, id: number, v: { from_shown: string; to_path: string }, at: string): Promise<boolean> {
  const r = await db.updateTable('redirects').set({ ...v, updated_at: at }).where('id', '=', id).where('source', '=', 'import').executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function deleteRedirectRow(db: Q, id: number): Promise<boolean> {
  const r = await db.deleteFrom('redirects').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** One page of redirects, newest first, optionally only those whose old or new address contains `q` (any case). */
export async function listRedirectRows(db: Q, o: { q?: string; limit: number; offset: number }): Promise<{ rows: RedirectRow[]; total: number }> {
  let query = db.selectFrom('redirects')
  if (o.q) {
    // LIKE's own wildcards in the search text are taken literally.
    const pattern = `%${o.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where(sql<boolean>`(lower(from_shown) like ${pattern} escape '\\' or from_key like ${pattern} escape '\\' or lower(to_path) like ${pattern} escape '\\')`)
  }
  const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const rows = await query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(o.limit).offset(o.offset).execute()
  return { rows, total }
}
