import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { takeToken } from '../db/rate-limits.js'
import type { Actor } from '../accounts/index.js'
import { guestKeyHash, changeStatus, findPost, setHeldReason, type PostRow } from '../discussion/index.js'
import { insertFlag, openFlagCount, openFlagRows, resolveOpenFlags } from './queries/index.js'
import type { FlagReason } from './tables.js'

// Readers flag forum posts. One person counts once per post, however they
// come back: by the browser's identity key, by member account and by IP hash
// (each has a unique index per post). Three unresolved flags from different
// people take a live post out of view, back into the moderation queue, until
// staff decide; their decision resolves the flags.

export const FLAGS_TO_HIDE = 3
export const FLAGGED_REASON = 'Flagged by readers'

export const FLAG_REASONS: { value: FlagReason; label: string }[] = [
  { value: 'spam', label: 'Spam or advertising' },
  { value: 'abuse', label: 'Abusive or harassing' },
  { value: 'off-topic', label: 'Off-topic' },
  { value: 'misinformation', label: 'Medical misinformation' },
  { value: 'other', label: 'Something else' },
]

// A reader flags a handful of posts in a visit; a script flags dozens, to
// hide posts or to fill the queue. Counted in the database per IP hash and
// per flagger (account, or the browser's identity key), refused flags too.
export const FLAG_LIMITS = {
  perIp: { limit: 20, windowMs: 3600_000 },
  perFlagger: { limit: 10, windowMs: 3600_000 },
} as const

export interface Flagger { actor: Actor; key: string; ipHash: string }

export type FlagResult =
  | { kind: 'flagged'; hidden: boolean; topicId: number }
  | { kind: 'already-flagged' }
  | { kind: 'own-post' }
  | { kind: 'not-found' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }

/** A post readers may flag: a live forum post. */
export async function flaggablePost(db: Db, shortId: string): Promise<PostRow | undefined> {
  const post = await findPost(db, shortId)
  return post && post.post_number !== null && post.status === 'approved' ? post : undefined
}

export async function flagPost(deps: Deps, shortId: string, who: Flagger, reason: FlagReason, note: string): Promise<FlagResult> {
  const now = deps.clock.now()
  const keyHash = guestKeyHash(deps, who.key)
  const userId = who.actor.kind === 'user' ? who.actor.user.id : null
  // Outside the transaction: a flag that is then refused still counts.
  const flagger = userId !== null ? `user:${userId}` : `key:${keyHash}`
  for (const [key, rule] of [[`forum-flag:ip:${who.ipHash}`, FLAG_LIMITS.perIp], [`forum-flag:${flagger}`, FLAG_LIMITS.perFlagger]] as const) {
    const r = await takeToken(deps.db, { key, ...rule, now })
    if (!r.ok) return { kind: 'rate-limited', retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000) }
  }
  return deps.db.transaction().execute(async (trx): Promise<FlagResult> => {
    const post = await flaggablePost(trx, shortId)
    if (!post) return { kind: 'not-found' }
    if (post.author_key === who.key || (userId !== null && post.author_user_id === userId)) return { kind: 'own-post' }
    const inserted = await insertFlag(trx, {
      post_id: post.id, reason, note: note.slice(0, 300), key_hash: keyHash, user_id: userId, ip_hash: who.ipHash, created_at: iso(now), resolved_at: null,
    })
    if (!inserted) return { kind: 'already-flagged' }
    const open = await openFlagCount(trx, post.id)
    if (open < FLAGS_TO_HIDE) return { kind: 'flagged', hidden: false, topicId: post.thread_id }
    await changeStatus(deps, trx, [post], 'pending', now)
    await setHeldReason(trx, post.id, FLAGGED_REASON)
    return { kind: 'flagged', hidden: true, topicId: post.thread_id }
  })
}

/** Staff decided on these posts: their open flags are settled (kept, so the same readers cannot flag them again). */
export async function resolveFlags(db: Db, postIds: number[], at: string) {
  if (!postIds.length) return
  await resolveOpenFlags(db, postIds, at)
}

export interface FlagSummary { reason: string; note: string; createdAt: string }

/** Open flags on the given posts, for the moderation queue. */
export async function openFlagsByPost(db: Db, postIds: number[]): Promise<Map<number, FlagSummary[]>> {
  const out = new Map<number, FlagSummary[]>()
  if (!postIds.length) return out
  const rows = await openFlagRows(db, postIds)
  const label = new Map(FLAG_REASONS.map((r) => [r.value, r.label]))
  for (const r of rows) out.set(r.post_id, [...(out.get(r.post_id) ?? []), { reason: label.get(r.reason) ?? r.reason, note: r.note, createdAt: r.created_at }])
  return out
}
