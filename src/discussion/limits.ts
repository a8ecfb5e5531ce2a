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
