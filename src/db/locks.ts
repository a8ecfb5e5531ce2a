import { sql } from 'kysely'
import type { Deps } from '../deps.js'
import type { Db } from './database.js'

/**
 * Serialises, until the transaction commits, everything done in the name of
 * these keys, on Postgres (transaction-scoped advisory locks). SQLite runs one
 * writing transaction at a time, so there is nothing to do there. Locks are
 * taken in one sorted order, so two transactions never wait on each other in
 * a cycle; `scope` keeps one module's keys apart from another's.
 */
export async function lockKeys(deps: Pick<Deps, 'database'>, trx: Db, scope: string, keys: (string | null)[]) {
  if (deps.database.dialect !== 'postgres') return
  for (const key of [...new Set(keys.filter((k): k is string => k !== null))].sort()) {
    await sql`select pg_advisory_xact_lock(hashtext(${`${scope}:${key}`}))`.execute(trx)
  }
}
