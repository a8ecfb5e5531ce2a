import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { hmac, randomToken } from '../http/signing.js'
import { lockKeys } from '../db/locks.js'
import { takeToken } from '../db/rate-limits.js'
import type { Actor } from '../accounts/index.js'
import type { OutgoingMail } from '../mail/mailer.js'
import {
  confirmationMail, unsubscribePath, plainExcerpt, hasConfirmedAddress, lastConfirmationRequest, LIMITS, type PostRow, type ThreadRow,
  findThreadWatch, insertSubscription, listThreadWatchers, markSubscriptionSent,
} from '../discussion/index.js'
import { topicPath } from './posting.js'
import { findTopic } from './queries/index.js'

// Watching a topic: a discussion_subscriptions row with the topic's
// thread_id and no post_id, so it shares the comment notifications' double
// opt-in: a guest's address is confirmed through the same confirm link
// (/comments/subscriptions/<token>), and the same one-click unsubscribe.
// A member's confirmed account address is theirs already. Mail about new approved
// replies goes through the job queue in the approving transaction, at most
// one per topic per watcher every 15 minutes.

export const WATCH_MAIL_INTERVAL_MS = 15 * 60_000

// A guest's watch request mails an address anyone can type, so it is
// counted in the database by IP hash (one script trying many addresses) and
// by address (many connections aimed at one inbox). A person watches a few
// topics an hour; the address limit is lower as only its owner needs it.
// Besides, an address with a confirmation mailed in the last hour is not
// mailed again (LIMITS.confirmationMailIntervalMs): that one link confirms
// every request waiting on the address.
export const WATCH_LIMITS = {
  perIp: { limit: 10, windowMs: 3600_000 },
  perAddress: { limit: 5, windowMs: 24 * 3600_000 },
} as const

export type WatchResult = { kind: 'watching' } | { kind: 'confirm-sent' } | { kind: 'already' } | { kind: 'not-found' } | { kind: 'rate-limited'; retryAfterSeconds: number }

export async function watchTopic(deps: Deps, topicShortId: string, actor: Actor, guestEmail: string | null, ipHash: string): Promise<WatchResult> {
  const now = deps.clock.now()
  const email = (actor.kind === 'user' ? actor.user.email : guestEmail ?? '').toLowerCase()
  if (!email) return { kind: 'not-found' }
  if (actor.kind !== 'user') {
    // Counted outside the transaction below, so a refused or failed request still counts.
    for (const [key, rule] of [[`forum-watch:ip:${ipHash}`, WATCH_LIMITS.perIp], [`forum-watch:email:${hmac(deps.secrets.ipHash, email)}`, WATCH_LIMITS.perAddress]] as const) {
      const r = await takeToken(deps.db, { key, ...rule, now })
      if (!r.ok) return { kind: 'rate-limited', retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000) }
    }
  }
  return deps.db.transaction().execute(async (trx): Promise<WatchResult> => {
    // Two requests for one address at once must not both find nothing pending.
    await lockKeys(deps, trx, 'subscription-email', [email])
    const topic = await findTopic(trx, topicShortId)
    if (!topic || !topic.listed) return { kind: 'not-found' }
    const existing = await findThreadWatch(trx, topic.id, email)
    if (existing) return { kind: 'already' }
    // A member's confirmed account address is theirs; one not yet confirmed
    // gets the same double opt-in as a guest's.
    const confirmed = (actor.kind === 'user' && actor.user.emailConfirmed) || await hasConfirmedAddress(trx, email)
    const lastAsked = confirmed ? undefined : await lastConfirmationRequest(trx, email)
    const token = randomToken(24)
    await insertSubscription(trx, { postId: null, threadId: topic.id, email, token, confirmedAt: confirmed ? iso(now) : null, at: iso(now) })
    if (confirmed) return { kind: 'watching' }
    // The same answer either way: it must not tell a stranger whether this address has a link waiting.
    if (lastAsked && now.getTime() - new Date(lastAsked).getTime() < LIMITS.confirmationMailIntervalMs) return { kind: 'confirm-sent' }
    const mail = confirmationMail(deps.config.siteUrl, email, token, {
      subject: `Confirm: watch “${topic.title}”`,
      asked: `to be told about new replies in the forum topic “${topic.title}”`,
    })
    await deps.jobs.enqueue('mail.send', mail, {}, trx)
    return { kind: 'confirm-sent' }
  })
}

/** Inside the transaction that approves `reply` for the first time: mails the topic's confirmed watchers (not its author; at most once per 15 minutes each). */
export async function notifyTopicWatchers(deps: Pick<Deps, 'config' | 'jobs'>, trx: Db, reply: PostRow, thread: ThreadRow, now: Date) {
  if (thread.kind !== 'topic' || reply.post_number === null || reply.post_number <= 1) return
  const subs = await listThreadWatchers(trx, thread.id)
  const site = deps.config.siteUrl
  for (const sub of subs) {
    if (reply.author_email && reply.author_email.toLowerCase() === sub.email) continue
    if (sub.last_sent_at && now.getTime() - new Date(sub.last_sent_at).getTime() < WATCH_MAIL_INTERVAL_MS) continue
    const mail: OutgoingMail = {
      to: sub.email,
      subject: `New reply in “${thread.title}”`,
      text: [
        `${reply.author_name} replied in “${thread.title}” (#${reply.post_number}):`,
        '',
        plainExcerpt(reply.body_html, 1000),
        '',
        `Read it: ${site}/forum/p/${reply.short_id}`,
        `The topic: ${site}${topicPath(thread)}`,
        '',
        `You get this because you watch this topic (at most one message every 15 minutes). Stop: ${site}${unsubscribePath(sub.token)}`,
      ].join('\n'),
      unsubscribeUrl: `${site}${unsubscribePath(sub.token)}`,
    }
    await deps.jobs.enqueue('mail.send', mail, {}, trx)
    await markSubscriptionSent(trx, sub.id, iso(now))
  }
}
