import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../http/clock.js'
import { randomToken } from '../http/signing.js'
import type { Actor } from '../accounts/index.js'
import type { OutgoingMail } from '../mail/mailer.js'
import { confirmationMail, unsubscribePath, plainExcerpt, hasConfirmedAddress, type PostRow, type ThreadRow } from '../discussion/index.js'
import { topicPath } from './posting.js'
import { findTopic } from './queries.js'

// Watching a topic: a discussion_subscriptions row with the topic's
// thread_id and no post_id, so it shares the comment notifications' double
// opt-in: a guest's address is confirmed through the same confirm link
// (/comments/subscriptions/<token>), and the same one-click unsubscribe.
// A member's confirmed account address is theirs already. Mail about new approved
// replies goes through the job queue in the approving transaction, at most
// one per topic per watcher every 15 minutes.

export const WATCH_MAIL_INTERVAL_MS = 15 * 60_000


export type WatchResult = { kind: 'watching' } | { kind: 'confirm-sent' } | { kind: 'already' } | { kind: 'not-found' }

export async function watchTopic(deps: Deps, topicShortId: string, actor: Actor, guestEmail: string | null): Promise<WatchResult> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx): Promise<WatchResult> => {
    const topic = await findTopic(trx, topicShortId)
    if (!topic || !topic.listed) return { kind: 'not-found' }
    const email = (actor.kind === 'user' ? actor.user.email : guestEmail ?? '').toLowerCase()
    if (!email) return { kind: 'not-found' }
    const existing = await trx.selectFrom('discussion_subscriptions').select(['id', 'confirmed_at'])
      .where('thread_id', '=', topic.id).where('post_id', 'is', null).where('email', '=', email).where('unsubscribed_at', 'is', null)
      .executeTakeFirst()
    if (existing) return { kind: 'already' }
    // A member's confirmed account address is theirs; one not yet confirmed
    // gets the same double opt-in as a guest's.
    const confirmed = (actor.kind === 'user' && actor.user.emailConfirmed) || await hasConfirmedAddress(trx, email)
    const token = randomToken(24)
    await trx.insertInto('discussion_subscriptions').values({
      post_id: null, thread_id: topic.id, email, token, confirmed_at: confirmed ? iso(now) : null,
      unsubscribed_at: null, last_sent_at: null, created_at: iso(now),
    }).execute()
    if (confirmed) return { kind: 'watching' }
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
  const subs = await trx.selectFrom('discussion_subscriptions').selectAll()
    .where('thread_id', '=', thread.id).where('post_id', 'is', null)
    .where('confirmed_at', 'is not', null).where('unsubscribed_at', 'is', null).execute()
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
    await trx.updateTable('discussion_subscriptions').set({ last_sent_at: iso(now) }).where('id', '=', sub.id).execute()
  }
}
