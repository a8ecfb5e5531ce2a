import type { Db } from '../db/database.js'
import { addMs, iso } from '../http/clock.js'

// Every spam limit of the discussion engine lives here, with why it has the
// value it has. No captcha and no outside service: each rule is cheap to
// check against our own table and costs a real person nothing.
export const LIMITS = {
  // People take far longer than 3 s to read a form and type even "Thanks!";
  // scripts that post the form straight back do it in milliseconds.
  minFillMs: 3_000,
  // A bot can fetch one form and replay its signed timestamp for ever; a day
  // covers a tab left open overnight. An older form is re-shown, text kept.
  maxFormAgeMs: 24 * 3600_000,
  // One comment per 15 s per address and per email (WordPress's flood
  // interval): fast enough for a conversation, too slow for a spam run.
  ipIntervalMs: 15_000,
  emailIntervalMs: 15_000,
  // The same text twice within 5 minutes is a double-submit or a spam run.
  duplicateWindowMs: 5 * 60_000,
  // A lively reader might write a dozen comments a day; 30 from one address
  // in 24 h is a script (or a shared office NAT, who can wait for tomorrow).
  dailyPerIp: 30,
  dailyWindowMs: 24 * 3600_000,
  // The longest useful comment is an essay with citations; longer is a paste.
  maxBodyChars: 5_000,
  maxNameChars: 80,
  maxUrlChars: 200,
  // WordPress's default: two links or more holds a comment for review.
  // (Links to PubMed, doi.org, ClinicalTrials.gov and the site do not count.)
  holdAtLinks: 2,
  // At most one confirmation mail per address per hour, so a stranger typing
  // someone else's address cannot flood them; one click confirms them all.
  confirmationMailIntervalMs: 3600_000,
} as const

export type FormTiming = 'ok' | 'too-fast' | 'expired'

/** Whether a form shown at `shownAtMs` may be submitted now. */
export function checkFormTiming(shownAtMs: number | null, now: Date): FormTiming {
  if (shownAtMs === null) return 'expired'
  const age = now.getTime() - shownAtMs
  if (age < LIMITS.minFillMs) return 'too-fast'
  if (age > LIMITS.maxFormAgeMs) return 'expired'
  return 'ok'
}

export type PostingVerdict =
  | { kind: 'ok' }
  | { kind: 'rate-limited'; retryAfterSeconds: number; scope: 'ip' | 'email' | 'daily' }
  | { kind: 'duplicate' }

/** Applies the flood, duplicate and daily limits to a new post (staff are exempt). */
export async function checkPostingLimits(
  db: Db,
  input: { ipHash: string; email: string; contentHash: string; threadId: number | null; now: Date },
): Promise<PostingVerdict> {
  const { now } = input
  const wait = (lastAt: string | undefined, intervalMs: number) =>
    lastAt ? Math.ceil((new Date(lastAt).getTime() + intervalMs - now.getTime()) / 1000) : 0

  const lastFromIp = await db.selectFrom('discussion_posts').select('created_at')
    .where('ip_hash', '=', input.ipHash).where('created_at', '>', iso(addMs(now, -LIMITS.ipIntervalMs)))
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst()
  if (lastFromIp) return { kind: 'rate-limited', retryAfterSeconds: Math.max(1, wait(lastFromIp.created_at, LIMITS.ipIntervalMs)), scope: 'ip' }

  const lastFromEmail = await db.selectFrom('discussion_posts').select('created_at')
    .where('author_email', '=', input.email).where('created_at', '>', iso(addMs(now, -LIMITS.emailIntervalMs)))
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst()
  if (lastFromEmail) return { kind: 'rate-limited', retryAfterSeconds: Math.max(1, wait(lastFromEmail.created_at, LIMITS.emailIntervalMs)), scope: 'email' }

  const dayStart = iso(addMs(now, -LIMITS.dailyWindowMs))
  const today = await db.selectFrom('discussion_posts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('first')])
    .where('ip_hash', '=', input.ipHash).where('created_at', '>', dayStart)
    .executeTakeFirstOrThrow()
  if (Number(today.n) >= LIMITS.dailyPerIp) {
    return { kind: 'rate-limited', retryAfterSeconds: Math.max(1, wait(String(today.first), LIMITS.dailyWindowMs)), scope: 'daily' }
  }

  // The same text from the same person anywhere, or from anyone in this thread.
  const dup = await db.selectFrom('discussion_posts').select('id')
    .where('content_hash', '=', input.contentHash)
    .where('created_at', '>', iso(addMs(now, -LIMITS.duplicateWindowMs)))
    .where((eb) => eb.or([
      eb('ip_hash', '=', input.ipHash),
      eb('author_email', '=', input.email),
      ...(input.threadId !== null ? [eb('thread_id', '=', input.threadId)] : []),
    ]))
    .limit(1).executeTakeFirst()
  if (dup) return { kind: 'duplicate' }
  return { kind: 'ok' }
}

// ---- the forum ----
// A guest is a permanent new user (Discourse's trust level 0): these hold
// for every guest identity and, separately, for every IP address, so a new
// cookie, a forged one or a new email address starts no fresh allowance.
export const FORUM_LIMITS = {
  // A real newcomer opens a topic or two a day; a spammer opens dozens.
  topicsPerDay: 3,
  // Ten replies is a very engaged first day; more is a script working a list.
  repliesPerDay: 10,
  dayMs: 24 * 3600_000,
  // As for comments: a conversation never needs two posts inside 15 s.
  intervalMs: 15_000,
  duplicateWindowMs: 5 * 60_000,
  // Two links cite a source and a product page; a third is an advert. Links
  // to PubMed, doi.org and ClinicalTrials.gov (and the site) do not count.
  maxLinks: 2,
  // A guest identity's posts wait for review (when its category says so)
  // until this many have been approved: then it has shown it is a person.
  trustedAfterApproved: 2,
  // A guest may fix a typo or take a post back while it is fresh; later
  // edits would change what others already replied to.
  editWindowMs: 30 * 60_000,
  maxTitleChars: 150,
  minTitleChars: 5,
  maxBodyChars: 20_000,
} as const

export type ForumVerdict =
  | { kind: 'ok' }
  | { kind: 'rate-limited'; retryAfterSeconds: number; scope: 'interval' | 'topics-daily' | 'replies-daily' }
  | { kind: 'duplicate' }

/**
 * The forum's flood, daily and duplicate limits for a guest (or member)
 * post, counted per guest identity and per IP hash. Deleted, held and spam
 * posts count too: taking a post back frees no allowance.
 */
export async function checkForumLimits(
  db: Db,
  input: { guestId: number | null; userId: number | null; ipHash: string; contentHash: string; threadId: number | null; opensTopic: boolean; now: Date },
): Promise<ForumVerdict> {
  const { now } = input
  const who: { col: 'ip_hash' | 'guest_id' | 'author_user_id'; value: string | number }[] = [{ col: 'ip_hash', value: input.ipHash }]
  if (input.guestId !== null) who.push({ col: 'guest_id', value: input.guestId })
  if (input.userId !== null) who.push({ col: 'author_user_id', value: input.userId })
  const secondsUntil = (at: string, windowMs: number) => Math.max(1, Math.ceil((new Date(at).getTime() + windowMs - now.getTime()) / 1000))

  for (const w of who) {
    const last = await db.selectFrom('discussion_posts').select('created_at')
      .where(w.col, '=', w.value as never).where('created_at', '>', iso(addMs(now, -FORUM_LIMITS.intervalMs)))
      .orderBy('created_at', 'desc').limit(1).executeTakeFirst()
    if (last) return { kind: 'rate-limited', retryAfterSeconds: secondsUntil(last.created_at, FORUM_LIMITS.intervalMs), scope: 'interval' }
  }
  const dayStart = iso(addMs(now, -FORUM_LIMITS.dayMs))
  const cap = input.opensTopic ? FORUM_LIMITS.topicsPerDay : FORUM_LIMITS.repliesPerDay
  for (const w of who) {
    const row = await db.selectFrom('discussion_posts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('first')])
      .where(w.col, '=', w.value as never).where('created_at', '>', dayStart)
      .where('post_number', input.opensTopic ? '=' : '>', 1)
      .executeTakeFirstOrThrow()
    if (Number(row.n) >= cap) {
      return { kind: 'rate-limited', retryAfterSeconds: secondsUntil(String(row.first), FORUM_LIMITS.dayMs), scope: input.opensTopic ? 'topics-daily' : 'replies-daily' }
    }
  }
  const dup = await db.selectFrom('discussion_posts').select('id')
    .where('content_hash', '=', input.contentHash)
    .where('created_at', '>', iso(addMs(now, -FORUM_LIMITS.duplicateWindowMs)))
    .where((eb) => eb.or([
      ...who.map((w) => eb(w.col, '=', w.value as never)),
      ...(input.threadId !== null ? [eb('thread_id', '=', input.threadId)] : []),
    ]))
    .limit(1).executeTakeFirst()
  if (dup) return { kind: 'duplicate' }
  return { kind: 'ok' }
}
