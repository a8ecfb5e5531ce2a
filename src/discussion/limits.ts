import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { addMs, iso } from '../clock.js'
import { checkFormTiming, FORM_TIMING } from '../http/form-stamp.js'
import { activeBan } from './bans.js'
import { guestKeyHash, lockPoster } from './identity.js'
import { countedLinks } from './markdown.js'
import { hasDuplicateSince, lastPostSince, postsOfKindSince, type PosterKeyValue } from './queries.js'

// Every spam limit of the discussion engine lives here, with why it has the
// value it has, and admitPost below is the one place they are applied: to
// article comments, forum topics and forum replies alike, inside the post's
// own transaction. No captcha and no outside service: each rule is cheap to
// check against our own tables and costs a real person nothing.
export const LIMITS = {
  // The minimum fill time and the longest a form stays good (http/form-stamp.ts).
  ...FORM_TIMING,
  // Daily caps count the last 24 hours, not the calendar day: there is no
  // midnight at which a script gets a fresh allowance.
  dayMs: 24 * 3600_000,
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

export type PostKind = 'comment' | 'topic' | 'reply'

/** The keys a poster is known by: address (IP hash), browser (signed identity key), email, account. */
export type PosterKey = 'ip' | 'browser' | 'email' | 'account'

interface KindLimits {
  /** The keys each limit counts by, separately: changing one key leaves the others counting. */
  countedBy: readonly PosterKey[]
  /** Since the poster's last post of any kind, by any of their keys. */
  intervalMs: number
  /** Posts of this kind per poster key in LIMITS.dayMs. */
  perDay: number
  /** The same text from the same poster, or in the same thread, is refused within this window. */
  duplicateWindowMs: number
  /** Counted links above this refuse the post; null: none are refused (comments hold instead). */
  maxLinks: number | null
}

// A poster is counted by each of their keys separately: a new cookie, a
// forged one, another email or a spoofed X-Forwarded-For changes at most one
// key, and every other still counts. Deleted, held and spam posts count too:
// taking a post back frees nothing.
export const POST_LIMITS: Record<PostKind, KindLimits> = {
  comment: {
    // A commenter is known by address and by the email the form requires, as
    // in WordPress; their approval history is kept per email too
    // (screening.ts). The browser key is the forum's guest identity: it is
    // not counted here, though a ban on it stops comments as well.
    countedBy: ['ip', 'email', 'account'],
    // WordPress's flood interval: fast enough for a conversation, too slow
    // for a spam run.
    intervalMs: 15_000,
    // A lively reader writes a dozen comments a day; 30 in 24 h from one
    // address is a script (or a shared office NAT, who can wait for tomorrow).
    perDay: 30,
    // The same text twice within 5 minutes is a double-submit or a spam run.
    duplicateWindowMs: 5 * 60_000,
    // Links hold a comment for review (LIMITS.holdAtLinks) rather than
    // refusing it: a reader quoting sources should not lose their text.
    maxLinks: null,
  },
  // A guest is a permanent new user (Discourse's trust level 0), known by
  // their guest identity (the browser key) since the email is optional.
  topic: {
    countedBy: ['ip', 'browser', 'email', 'account'],
    // As for comments: a conversation never needs two posts inside 15 s.
    intervalMs: 15_000,
    // A real newcomer opens a topic or two a day; a spammer opens dozens.
    perDay: 3,
    duplicateWindowMs: 5 * 60_000,
    // Two links cite a source and a product page; a third is an advert. Links
    // to PubMed, doi.org and ClinicalTrials.gov (and the site) do not count.
    maxLinks: 2,
  },
  reply: {
    countedBy: ['ip', 'browser', 'email', 'account'],
    intervalMs: 15_000,
    // Ten replies is a very engaged first day; more is a script working a list.
    perDay: 10,
    duplicateWindowMs: 5 * 60_000,
    maxLinks: 2,
  },
}

/** Links over the kind's cap, or null (an edit meets the same cap as the post it changes). */
export function tooManyLinks(deps: Pick<Deps, 'config'>, kind: PostKind, bodyHtml: string): { kind: 'too-many-links'; links: number } | null {
  const max = POST_LIMITS[kind].maxLinks
  if (max === null) return null
  const links = countedLinks(bodyHtml, deps.config.siteUrl)
  return links > max ? { kind: 'too-many-links', links } : null
}

/** Who is posting, by every key a limit or a ban counts. */
export interface Poster {
  ipHash: string
  /** The browser's signed identity key (identity.ts); a guest's forum identity is derived from it. */
  key: string
  email: string | null
  userId: number | null
  /** Staff pass the pipeline untouched; they cannot be banned. */
  staff: boolean
}

export interface PostAttempt {
  kind: PostKind
  poster: Poster
  bodyHtml: string
  contentHash: string
  /** The thread posted to, when it exists already (a new topic or first comment has none). */
  threadId: number | null
  /** The form's signed "shown at" stamp, and its honeypot field. */
  stamp: number | null
  honeypot: string | undefined
  now: Date
}

export type SpamRefusal =
  | { kind: 'honeypot' }
  | { kind: 'too-fast' }
  | { kind: 'expired-form' }
  | { kind: 'too-many-links'; links: number }
  | { kind: 'banned'; until: string | null }
  | { kind: 'rate-limited'; retryAfterSeconds: number; scope: 'interval' | 'daily' }
  | { kind: 'duplicate' }

/**
 * The one spam pipeline, for every kind of post: holding the poster's locks
 * until commit, bans, then honeypot, fill time and links, then the flood
 * interval, the daily cap and duplicates. Call it inside the transaction
 * that writes the post, before any other write, so two posts sent at the
 * same instant, or a ban placed while the form was open, cannot slip through.
 */
export async function admitPost(deps: Pick<Deps, 'config' | 'database' | 'secrets'>, trx: Db, a: PostAttempt): Promise<SpamRefusal | null> {
  const { poster, now } = a
  if (poster.staff) return null
  // A ban comes first: whatever else is wrong with the post, it is the news.
  // Members are banned by address only: a guest identity is a browser's.
  const keyHash = guestKeyHash(deps, poster.key)
  await lockPoster(deps, trx, { ipHash: poster.ipHash, keyHash, email: poster.email, userId: poster.userId })
  const ban = await activeBan(trx, { ipHash: poster.ipHash, keyHash: poster.userId === null ? keyHash : null }, now)
  if (ban) return { kind: 'banned', until: ban.expiresAt }

  if (a.honeypot) return { kind: 'honeypot' }
  const timing = checkFormTiming(a.stamp, now)
  if (timing === 'too-fast') return { kind: 'too-fast' }
  if (timing === 'expired') return { kind: 'expired-form' }
  const links = tooManyLinks(deps, a.kind, a.bodyHtml)
  if (links) return links

  const limits = POST_LIMITS[a.kind]
  const values: Record<PosterKey, [PosterKeyValue[0], string | number | null]> = {
    ip: ['ip_hash', poster.ipHash], browser: ['author_key', poster.key], email: ['author_email', poster.email], account: ['author_user_id', poster.userId],
  }
  const keys = limits.countedBy.map((k) => values[k]).filter((kv): kv is PosterKeyValue => kv[1] !== null)
  const secondsUntil = (at: string, windowMs: number) => Math.max(1, Math.ceil((new Date(at).getTime() + windowMs - now.getTime()) / 1000))

  const last = await lastPostSince(trx, keys, iso(addMs(now, -limits.intervalMs)))
  if (last) return { kind: 'rate-limited', retryAfterSeconds: secondsUntil(last, limits.intervalMs), scope: 'interval' }

  for (const key of keys) {
    const today = await postsOfKindSince(trx, key, a.kind, iso(addMs(now, -LIMITS.dayMs)))
    if (today.n >= limits.perDay) return { kind: 'rate-limited', retryAfterSeconds: secondsUntil(String(today.first), LIMITS.dayMs), scope: 'daily' }
  }

  // The same text from the same person anywhere, or from anyone in this thread.
  if (await hasDuplicateSince(trx, a.contentHash, keys, a.threadId, iso(addMs(now, -limits.duplicateWindowMs)))) return { kind: 'duplicate' }
  return null
}
