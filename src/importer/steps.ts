import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'

/** Runs one step of an import (an article with its comments, a term…) in a transaction. */
export type InTx = <T>(fn: (db: Db) => Promise<T>) => Promise<T>

class DryRunRollback extends Error {}

/**
 * Runs an import's steps: each in a transaction of its own, so an interrupted
 * import leaves whole steps behind; or, for a dry run, all of them in one
 * transaction rolled back at the end, so the report is exact and nothing is
 * written. `readDb` is where to read between steps: the database, or the dry
 * run's transaction (outside it, a dry run's own writes are invisible).
 */
export async function runSteps<T>(deps: Pick<Deps, 'db'>, dryRun: boolean, body: (inTx: InTx, readDb: Db) => Promise<T>): Promise<T> {
  if (!dryRun) return body((fn) => deps.db.transaction().execute(fn), deps.db)
  let result: T | undefined
  try {
    await deps.db.transaction().execute(async (trx) => {
      result = await body((fn) => fn(trx), trx)
      throw new DryRunRollback()
    })
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err
  }
  return result as T
}
