import type { Kysely, Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Tables } from '../db/tables.js'
import { iso } from '../clock.js'
import { readFrom, readTarget } from './addresses.js'
import { findRedirectsByKeys, insertRedirects, updateImportedTarget, type NewRedirect } from './queries.js'

// The importer's way in: the old site's links, upserted by key.

export interface PutRedirectsResult {
  /** New rows. */
  added: number
  /** Import rows whose target changed. */
  updated: number
  /** Rows left as they were: a staff row (never overwritten by an import), or an import row already leading to the same target. */
  kept: number
  /** Rows that cannot be redirects (an unreadable old address or target, the home page), with the reason. */
  refused: { from: string; to: string; reason: string }[]
}

// Keys per query: well under SQLite's and PostgreSQL's limits on bound values.
const BATCH = 500

/**
 * Upserts the importer's redirects by key, inside the caller's transaction
 * (pass it as `db`): a new key is added, an import row is updated to the new
 * target, a staff row is never touched. Within one call a later row for the
 * same key wins. `at` is the import's time (deps.clock), for created_at and updated_at.
 */
export async function putRedirects(
  db: Db | Kysely<Tables> | Transaction<Tables>,
  rows: { from: string; to: string }[],
  source: 'import',
  at: string = iso(new Date()),
): Promise<PutRedirectsResult> {
  const result: PutRedirectsResult = { added: 0, updated: 0, kept: 0, refused: [] }
  const wanted = new Map<string, NewRedirect>()
  for (const row of rows) {
    const from = readFrom(row.from)
    const to = readTarget(row.to)
    if (!from.ok || !to.ok) {
      result.refused.push({ from: row.from, to: row.to, reason: !from.ok ? from.message : (to as { message: string }).message })
      continue
    }
    wanted.delete(from.value.key) // a later row for the same key replaces it, in its own place
    wanted.set(from.value.key, { from_key: from.value.key, from_shown: withoutControls(from.value.shown), to_path: to.value, source })
  }
  const all = [...wanted.values()]
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH)
    const existing = await findRedirectsByKeys(db, batch.map((r) => r.from_key))
    const fresh: NewRedirect[] = []
    for (const row of batch) {
      const old = existing.get(row.from_key)
      if (!old) fresh.push(row)
      else if (old.source === 'staff' || old.to_path === row.to_path) result.kept++
      else if (await updateImportedTarget(db, old.id, { from_shown: row.from_shown, to_path: row.to_path }, at)) result.updated++
      else result.kept++
    }
    const added = await insertRedirects(db, fresh, at)
    result.added += added
    // Keys another process took between the read and the insert are kept as it left them.
    result.kept += fresh.length - added
  }
  return result
}

// PostgreSQL refuses a NUL in text; the shown form is for people, so control characters go.
// eslint-disable-next-line no-control-regex
const withoutControls = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, '')
