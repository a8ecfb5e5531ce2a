import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { randomToken } from '../http/signing.js'
import type { OutgoingMail } from '../mail/mailer.js'
import { LIMITS } from './limits.js'
import { registered } from './extensions.js'
import { plainExcerpt } from './markdown.js'
import {
  activeSubscriptionForPost, confirmAddress, findSubscriptionByToken, findThreadById, hasConfirmedAddress, insertSubscription, markSubscriptionSent, markUnsubscribed,
  lastConfirmationRequest, type PostRow, type ThreadRow,
} from './queries.js'

// Reply notifications are opt-in and double opt-in: the address is confirmed
// by a mail link first, and only approved replies are ever sent. Every mail
// carries a one-click unsubscribe. All mail goes through the job queue in the
// same transaction as the change that caused it, so it commits together.

const confirmPath = (token: string) => `/comments/subscriptions/${token}`
export const unsubscribePath = (token: string) => `/comments/unsubscribe/${token}`

/** Records a request for replies to `post`; mails a confirmation unless the address is already confirmed. */
export async function requestReplyNotifications(deps: Pick<Deps, 'config' | 'jobs'>, trx: Db, post: { id: number; email: string }, thread: ThreadRow, now: Date) {
  const alreadyConfirmed = await hasConfirmedAddress(trx, post.email)
  const lastAsked = alreadyConfirmed ? undefined : await lastConfirmationRequest(trx, post.email)
  const token = randomToken(24)
  await insertSubscription(trx, {
    postId: post.id, threadId: thread.id, email: post.email, token,
    // An address that has confirmed before and never unsubscribed has shown
    // it is theirs; asking again at every comment would teach people to ignore us.
    confirmedAt: alreadyConfirmed ? iso(now) : null,
    at: iso(now),
  })
  if (alreadyConfirmed) return
  if (lastAsked && now.getTime() - new Date(lastAsked).getTime() < LIMITS.confirmationMailIntervalMs) return
  const mail = confirmationMail(deps.config.siteUrl, post.email, token, {
    subject: `Confirm reply notifications for your comment on “${thread.title}”`,
    asked: `to be told about replies to a comment on “${thread.title}”`,
  })
  await deps.jobs.enqueue('mail.send', mail, {}, trx)
}

/** The mail that asks an address to confirm it wants notifications (nothing is sent before). */
export function confirmationMail(site: string, to: string, token: string, what: { subject: string; asked: string }): OutgoingMail {
  return {
    to,
    subject: what.subject,
    text: [
      `You (or someone using this address) asked ${what.asked}.`,
      '',
      'To confirm, open this link and press the button:',
      `${site}${confirmPath(token)}`,
      '',
      'If this was not you, ignore this message: nothing will be sent without confirmation.',
      `Stop these messages: ${site}${unsubscribePath(token)}`,
    ].join('\n'),
    unsubscribeUrl: `${site}${unsubscribePath(token)}`,
  }
}

/** What a subscription is about: replies to one comment, or a watched forum topic. */
export type SubscriptionSubject = 'comment' | 'topic'

const subjectOf = (sub: { post_id: number | null }): SubscriptionSubject => (sub.post_id === null ? 'topic' : 'comment')

export type ConfirmResult = { kind: 'confirmed'; title: string; path: string; subject: SubscriptionSubject } | { kind: 'unsubscribed' } | { kind: 'not-found' }

/** Confirms the address behind `token`, and with it every pending request from that address. */
export async function confirmSubscription(deps: Pick<Deps, 'db' | 'clock'>, token: string): Promise<ConfirmResult> {
  return deps.db.transaction().execute(async (trx) => {
    const sub = await findSubscriptionByToken(trx, token)
    if (!sub) return { kind: 'not-found' }
    if (sub.unsubscribed_at) return { kind: 'unsubscribed' }
    await confirmAddress(trx, sub.email, iso(deps.clock.now()))
    const thread = sub.thread_id ? await findThreadById(trx, sub.thread_id) : undefined
    return { kind: 'confirmed', title: thread?.title ?? 'the article', path: thread?.subject_path || '/', subject: subjectOf(sub) }
  })
}

export type SubscriptionInfo = { kind: 'found'; title: string; subject: SubscriptionSubject; confirmed: boolean; unsubscribed: boolean } | { kind: 'not-found' }

export async function describeSubscription(deps: Pick<Deps, 'db'>, token: string): Promise<SubscriptionInfo> {
  const sub = await findSubscriptionByToken(deps.db, token)
  if (!sub) return { kind: 'not-found' }
  const thread = sub.thread_id ? await findThreadById(deps.db, sub.thread_id) : undefined
  return { kind: 'found', title: thread?.title ?? 'an article', subject: subjectOf(sub), confirmed: Boolean(sub.confirmed_at), unsubscribed: Boolean(sub.unsubscribed_at) }
}

export type UnsubscribeResult = { kind: 'unsubscribed'; title: string; subject: SubscriptionSubject } | { kind: 'not-found' }

/** Stops mail for this one subscription; authorised by its unguessable token alone (RFC 8058). */
export async function unsubscribe(deps: Pick<Deps, 'db' | 'clock'>, token: string): Promise<UnsubscribeResult> {
  const sub = await findSubscriptionByToken(deps.db, token)
  if (!sub) return { kind: 'not-found' }
  if (!sub.unsubscribed_at) {
    await markUnsubscribed(deps.db, sub.id, iso(deps.clock.now()))
  }
  const thread = sub.thread_id ? await findThreadById(deps.db, sub.thread_id) : undefined
  return { kind: 'unsubscribed', title: thread?.title ?? 'an article', subject: subjectOf(sub) }
}

/**
 * Called inside the transaction that approves `reply` for the first time:
 * mails the parent's confirmed subscriber, unless they wrote the reply.
 */
export async function notifyReplyApproved(deps: Pick<Deps, 'config' | 'jobs'>, trx: Db, reply: PostRow, thread: ThreadRow, now: Date) {
  // Whoever follows the whole thread (a forum topic's watchers) hears first.
  for (const ext of registered()) await ext.postApproved?.(deps, trx, reply, thread, now)
  if (!reply.parent_id) return
  const sub = await activeSubscriptionForPost(trx, reply.parent_id)
  if (!sub) return
  // Never mail someone about their own reply.
  if (reply.author_email && reply.author_email === sub.email) return
  const site = deps.config.siteUrl
  const link = `${site}/comments/${reply.short_id}`
  const mail: OutgoingMail = {
    to: sub.email,
    subject: `${reply.author_name} replied to your comment on “${thread.title}”`,
    text: [
      `${reply.author_name} replied to your comment on “${thread.title}”:`,
      '',
      plainExcerpt(reply.body_html, 1000),
      '',
      `Read the conversation: ${link}`,
      '',
      `You get this because you asked to be told about replies. Stop: ${site}${unsubscribePath(sub.token)}`,
    ].join('\n'),
    unsubscribeUrl: `${site}${unsubscribePath(sub.token)}`,
  }
  await deps.jobs.enqueue('mail.send', mail, {}, trx)
  await markSubscriptionSent(trx, sub.id, iso(now))
}
