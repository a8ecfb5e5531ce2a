import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'

// STUB (staff helper): the low-stock mail.
export function registerStockAlertJobs(_deps: Deps) {}

/** After units are taken from these variants: queue the low-stock check, in the caller's transaction. */
export async function noteStockTaken(_deps: Pick<Deps, 'jobs'>, _trx: Db, _variantIds: number[]): Promise<void> {}
