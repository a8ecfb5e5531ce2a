import type { Db } from '../db/database.js'
import { keptPartsPerHandle } from '../views/kept-parts.js'

// A kept comment list (discussion_list_fragments) is about 190 KB for 200
// comments. Reading the row on every view copied that blob out of SQLite
// into a new Buffer: the largest allocation of an uncached article view, and
// what drove most of its garbage collection. Each process now also holds the
// lists it has read or made, under the list's full key (thread, page and
// fragment key, which names the thread's list_version). The table stays the
// truth: a view reads the row's key (a few bytes) and uses the held copy only
// when that key is the one the view expects, so a list dropped or replaced
// in the table (by any process, or by hand) is read afresh.

/** Bytes of kept lists one process holds for one database, least recently used dropped first. */
export const HELD_LIST_BYTES = 16 * 1024 * 1024

const stores = keptPartsPerHandle<Buffer>(HELD_LIST_BYTES, (list) => list.length)

const heldKey = (threadId: number, page: number, fragmentKey: string) => `${threadId}:${page}:${fragmentKey}`

/** The list this process holds under exactly this key, if any. */
export function heldList(db: Db, threadId: number, page: number, fragmentKey: string): Buffer | undefined {
  return stores.of(db).get(heldKey(threadId, page, fragmentKey))
}

/** Holds a list read from, or written to, the table under its key. */
export function holdList(db: Db, threadId: number, page: number, fragmentKey: string, list: Buffer) {
  stores.of(db).set(heldKey(threadId, page, fragmentKey), list)
}

/** Drops what this process holds for a database: for a list whose bytes were changed in the table under the same key (tests do that by hand). */
export function forgetHeldLists(db: Db) {
  stores.forget(db)
}
