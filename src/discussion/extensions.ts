import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import type { PostRow, ThreadRow } from './queries.js'
import type { ThreadKind } from './tables.js'

// What a thing built on the engine (the forum) adds to the engine's own
// transactions. The engine imports nothing built on it: each such module
// registers its extension at startup (registerForum, and its demo seed, which
// can run before any app exists), and the engine calls every registered one
// at these points, inside the transaction that made the change.

/** A reader's open flag on a post, as the moderation queue shows it. */
export interface QueueFlag { reason: string; note: string; createdAt: string }

/** Where a thread is filed by what is built on the engine: a name, its slug and its page. */
export interface ThreadPlace { slug: string; name: string; href: string }

export interface DiscussionExtension {
  /** The kind of thread it builds; a new post runs its hooks only in threads of this kind. */
  threadKind: ThreadKind
  /** Posts changed status (or one was posted live) in these threads: keep denormalised numbers in step. */
  threadsChanged?(trx: Db, threadIds: number[]): Promise<void>
  /** These posts went live for the first time. */
  firstApproved?(trx: Db, posts: Pick<PostRow, 'id' | 'guest_id'>[]): Promise<void>
  /** A post went live for the first time: tell whoever follows its thread (before the parent's subscriber). */
  postApproved?(deps: Pick<Deps, 'config' | 'jobs'>, trx: Db, post: PostRow, thread: ThreadRow, now: Date): Promise<void>
  /** Staff approved, spammed or trashed these posts: their decision settles what readers raised. */
  staffDecided?(trx: Db, postIds: number[], at: string): Promise<void>
  /** Readers' open flags on these posts, for the moderation queue. */
  openFlags?(db: Db, postIds: number[]): Promise<Map<number, QueueFlag[]>>
  /** Where these threads are filed (a topic's forum category), for search and the moderation queue. */
  threadPlaces?(db: Db, threadIds: number[]): Promise<Map<number, ThreadPlace>>
  /** A member is being deleted: forget what is kept about them beyond their posts. */
  memberForgotten?(trx: Db, member: { id: number; email: string }): Promise<void>
}

// Keyed by name, so registering again (each test app registers the forum)
// replaces rather than doubles.
const extensions = new Map<string, DiscussionExtension>()

/** Registers (or replaces) what `name` adds to the engine's transactions. */
export function extendDiscussion(name: string, extension: DiscussionExtension) {
  extensions.set(name, extension)
}

export const registered = () => [...extensions.values()]

/** Every registered extension's places for these threads. */
export async function threadPlaces(db: Db, threadIds: number[]): Promise<Map<number, ThreadPlace>> {
  const out = new Map<number, ThreadPlace>()
  if (!threadIds.length) return out
  for (const ext of registered()) for (const [id, place] of (await ext.threadPlaces?.(db, threadIds)) ?? []) out.set(id, place)
  return out
}
