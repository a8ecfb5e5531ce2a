import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { recordAudit } from '../db/audit.js'
import { userNamesByIds, type Actor } from '../accounts/index.js'
import { guestKeyHash, lockPoster } from './identity.js'
import { bansInForce, ensureGuest, findGuestById, findPost, insertBan, markBanLifted, recentBans } from './queries.js'
import type { BanPeriod } from './tables.js'

// Staff ban a guest identity or an IP hash from posting (forum posts and
// article comments) for a while. The spam pipeline (limits.ts admitPost)
// checks bans inside the post's transaction; a ban counts by the same keys
// the limits do, so a new email changes nothing, and a new cookie does not
// escape an IP ban.

type Staff = Extract<Actor, { kind: 'user' }>

const DAY_MS = 24 * 3600 * 1000
export const BAN_PERIODS: { value: BanPeriod; label: string; ms: number | null }[] = [
  { value: 'day', label: '1 day', ms: DAY_MS },
  { value: 'week', label: '1 week', ms: 7 * DAY_MS },
  { value: 'month', label: '1 month (30 days)', ms: 30 * DAY_MS },
  { value: 'permanent', label: 'Permanently', ms: null },
]

export interface ActiveBan { id: number; expiresAt: string | null }

/** The ban (if any) that stops this browser's guest identity or this address from posting now; the longest wins. */
export async function activeBan(db: Db, who: { keyHash: string | null; ipHash: string }, now: Date): Promise<ActiveBan | null> {
  const rows = await bansInForce(db, who, iso(now))
  if (!rows.length) return null
  const forever = rows.find((r) => r.expires_at === null)
  if (forever) return { id: forever.id, expiresAt: null }
  const latest = rows.map((r) => String(r.expires_at)).sort((a, b) => Date.parse(b) - Date.parse(a))[0]
  return { id: rows[0].id, expiresAt: new Date(latest).toISOString() }
}

export interface BanSource {
  shortId: string; authorName: string; bodyHtml: string
  /** The browser key a guest posted with (a forum post's guest identity, or a comment's commenter key). */
  guestKey: string | null
  guestId: number | null
  ipHash: string | null
}

/** What a post or comment lets staff ban: its guest identity and its IP hash (members have no guest identity; staff cannot be banned). */
export async function banSource(db: Db, shortId: string): Promise<BanSource | null> {
  const post = await findPost(db, shortId)
  if (!post || post.author_role) return null
  const guestKey = post.author_user_id === null ? post.author_key : null
  if (!guestKey && !post.guest_id && !post.ip_hash) return null
  return { shortId: post.short_id, authorName: post.author_name, bodyHtml: post.body_html, guestKey, guestId: post.guest_id, ipHash: post.ip_hash }
}

/** The guest identity behind a browser key; a commenter who never used the forum gets one, so it can be banned. */
async function guestIdentity(deps: Pick<Deps, 'secrets'>, trx: Db, src: BanSource, now: string): Promise<{ id: number; keyHash: string } | null> {
  if (src.guestId !== null) {
    const row = await findGuestById(trx, src.guestId)
    return row ? { id: row.id, keyHash: row.key_hash } : null
  }
  if (!src.guestKey) return null
  const keyHash = guestKeyHash(deps, src.guestKey)
  const row = await ensureGuest(trx, { keyHash, name: src.authorName, email: null, at: now })
  return { id: row.id, keyHash }
}

export type BanResult = { kind: 'banned'; id: number; what: string } | { kind: 'not-found' }

export async function banFromPost(deps: Deps, actor: Staff, shortId: string, target: 'guest' | 'ip', period: BanPeriod, reason: string): Promise<BanResult> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx): Promise<BanResult> => {
    const src = await banSource(trx, shortId)
    if (!src) return { kind: 'not-found' }
    const guest = target === 'guest' ? await guestIdentity(deps, trx, src, iso(now)) : null
    const guestId = guest?.id ?? null
    const ipHash = target === 'ip' ? src.ipHash : null
    if (guestId === null && ipHash === null) return { kind: 'not-found' }
    // Waits for posts in flight from this poster to commit; any post after it sees the ban.
    await lockPoster(deps, trx, { ipHash, keyHash: guest?.keyHash })
    const ms = BAN_PERIODS.find((p) => p.value === period)!.ms
    const id = await insertBan(trx, {
      guestId, ipHash, reason, period, byUserId: actor.user.id, at: iso(now), expiresAt: ms === null ? null : iso(new Date(now.getTime() + ms)),
    })
    const what = guestId !== null ? `guest identity of ${src.authorName}` : `IP hash ${ipHash!.slice(0, 10)}`
    await recordAudit(trx, {
      actorUserId: actor.user.id, action: 'forum.ban', subjectType: 'forum_ban', subjectId: String(id),
      detail: `${what}, ${period}, from post ${shortId}${reason ? `: ${reason}` : ''}`, at: iso(now),
    })
    return { kind: 'banned', id, what }
  })
}

export type LiftResult = { kind: 'lifted' } | { kind: 'not-found' }

export async function liftBan(deps: Deps, actor: Staff, id: number): Promise<LiftResult> {
  const now = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<LiftResult> => {
    if (!(await markBanLifted(trx, id, actor.user.id, now))) return { kind: 'not-found' }
    await recordAudit(trx, { actorUserId: actor.user.id, action: 'forum.ban.lift', subjectType: 'forum_ban', subjectId: String(id), at: now })
    return { kind: 'lifted' }
  })
}

export interface BanListItem {
  id: number; what: string; guest: boolean; reason: string; periodLabel: string
  createdAt: string; createdBy: string | null; expiresAt: string | null
  state: 'active' | 'expired' | 'lifted'
}

/** Active bans first, then the most recent others (for /admin/bans). */
export async function listBans(deps: Pick<Deps, 'db' | 'clock'>): Promise<BanListItem[]> {
  const rows = await recentBans(deps.db, 200)
  const staffNames = await userNamesByIds(deps.db, rows.flatMap((r) => (r.created_by === null ? [] : [r.created_by])))
  const now = deps.clock.now().getTime()
  const items = rows.map((r): BanListItem => ({
    id: r.id,
    what: r.guest_id !== null ? `Guest identity “${r.display_name ?? '?'}”` : `IP hash ${String(r.ip_hash).slice(0, 10)}`,
    guest: r.guest_id !== null,
    reason: r.reason, periodLabel: BAN_PERIODS.find((p) => p.value === r.period)?.label ?? r.period,
    createdAt: r.created_at, createdBy: (r.created_by === null ? undefined : staffNames.get(r.created_by)) ?? null, expiresAt: r.expires_at,
    state: r.lifted_at ? 'lifted' : r.expires_at && Date.parse(String(r.expires_at)) <= now ? 'expired' : 'active',
  }))
  return [...items.filter((i) => i.state === 'active'), ...items.filter((i) => i.state !== 'active')]
}
