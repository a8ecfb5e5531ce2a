import { sql } from 'kysely'
import type { Db } from './database.js'
import { sha256 } from '../http/signing.js'

export interface RateLimit {
  /**
   * What is counted, e.g. `sign-in:account:<keyed hash>`. Stored only as a
   * SHA-256, but a plain hash of an email can be guessed back: pass a keyed
   * hash (secrets.ipHash) of anything personal.
   */
  key: string
  /** Hits allowed per window; the one after them is refused. */
  limit: number
  windowMs: number
  now: Date
}

export type RateLimitOutcome = { ok: true; remaining: number } | { ok: false; retryAfterMs: number }

/**
 * Counts one hit against key and says whether it is within the limit. Every
 * process on the database shares the count: one upsert, atomic on SQLite and
 * Postgres, so parallel hits can never all slip under the limit. Windows are
 * fixed (aligned to multiples of windowMs), so a burst across a boundary can
 * reach twice the limit; that is the price of one row per key.
 *
 * Refused hits count too: a client that keeps trying stays refused. Call this
 * outside the transaction of the action it guards, or a rolled-back action
 * would take its hit with it.
 */
export async function takeToken(db: Db, { key, limit, windowMs, now }: RateLimit): Promise<RateLimitOutcome> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`rate limit for ${key}: limit must be a positive integer`)
  if (!Number.isInteger(windowMs) || windowMs < 1) throw new Error(`rate limit for ${key}: windowMs must be a positive integer`)
  const start = Math.floor(now.getTime() / windowMs) * windowMs
  const windowStart = new Date(start).toISOString()
  const expiresAt = new Date(start + windowMs).toISOString()
  // The window length is part of the row's key, so one key counted over two
  // windows (per minute and per day) keeps two counts.
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ key: sha256(`${windowMs}:${key}`), window_start: windowStart, expires_at: expiresAt, hits: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet({
      // A hit computed just before a boundary can land after one computed
      // just after it: it then counts in the newer window, never reopens the old.
      hits: sql`case when rate_limit_hits.window_start >= excluded.window_start then rate_limit_hits.hits + 1 else 1 end`,
      window_start: sql`case when rate_limit_hits.window_start > excluded.window_start then rate_limit_hits.window_start else excluded.window_start end`,
      expires_at: sql`case when rate_limit_hits.window_start > excluded.window_start then rate_limit_hits.expires_at else excluded.expires_at end`,
    }))
    .returning(['hits', 'expires_at'])
    .executeTakeFirstOrThrow()
  const hits = Number(row.hits)
  // A key's first hit in a window is the moment to sweep out ended windows:
  // at most once per key per window, and the table stays the size of the keys
  // active within their windows.
  if (hits === 1) await pruneRateLimitHits(db, now)
  if (hits <= limit) return { ok: true, remaining: limit - hits }
  return { ok: false, retryAfterMs: Math.max(1, Date.parse(String(row.expires_at)) - now.getTime()) }
}

/** Deletes the counts of windows that have ended. */
export async function pruneRateLimitHits(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_hits').where('expires_at', '<=', now.toISOString()).executeTakeFirst()
  return Number(result.numDeletedRows)
}
