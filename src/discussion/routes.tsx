import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { NotFound, Forbidden } from '../http/errors.js'
import { emptyForm, formList, formValues, parseForm, type FormState } from '../http/forms.js'
import { hasRole, ROLES } from '../accounts/index.js'
import type { DiscussionHooks } from './seams.js'
import { refusalMessage } from './refusals.js'
import { ensureCommenterKey, hashIp, readFormStamp, rememberCommenter } from './identity.js'
import { postComment } from './posting.js'
import { locateComment, viewerOf } from './thread-view.js'
import { confirmSubscription, describeSubscription, unsubscribe } from './notifications.js'
import { loadQueue, loadReplyTarget, moderate, replyFromQueue } from './moderation.js'
import { moderationWords, saveModerationWords } from './screening.js'
import { purgeAndAnswer, queueBack } from './purge-routes.js'
import {
  BulkFields, GuestCommentFields, type GuestComment, type SignedInComment, type ModerationAction, ModerationParams, QueueQuery, QueueReplyFields, ShortIdParam, SignedInCommentFields, TokenParam, WordListFields,
} from './schemas.js'
import { ConfirmPage, LinkNotFoundPage, UnsubscribePage } from './views/SubscriptionPages.js'
import { ModerationQueuePage, QueueReplyPage, WordListPage } from './views/ModerationPages.js'

export function discussionRoutes(app: FastifyInstance, deps: Deps, hooks: DiscussionHooks) {
  const rerender = async (req: FastifyRequest, reply: FastifyReply, slug: string, state: FormState, status: number) => {
    const parent = state.values.parent || undefined
    let commentPage: number | undefined
    if (parent) {
      const where = await locateComment(deps, viewerOf(req), parent)
      if (where.kind === 'found') commentPage = where.page
    }
    return hooks.renderArticlePage(req, reply, slug, { commentForm: state, replyTo: parent, commentPage, status })
  }

  app.post('/comments', { preHandler: app.csrfProtection }, async (req, reply) => {
    const raw = formValues(req.body)
    const subject = await hooks.findCommentSubject(String(raw.subject ?? ''))
    if (!subject) throw new NotFound()
    const signedIn = req.actor.kind === 'user'
    const form = signedIn ? parseForm(SignedInCommentFields, req.body) : parseForm(GuestCommentFields, req.body)
    if (!form.ok) return rerender(req, reply, subject.slug, form.state, 422)
    const v: SignedInComment & Partial<GuestComment> = form.value
    const guest = !signedIn && v.name && v.email ? { name: v.name, email: v.email, url: v.url ?? '' } : null
    const key = ensureCommenterKey(deps, req, reply)
    const result = await postComment(deps, {
      subject, actor: req.actor, guest, parentShortId: v.parent, bodyMd: v.comment, notify: v.notify,
      stamp: readFormStamp(deps, v.stamp), honeypot: v.address, ip: req.ip, ipHash: hashIp(deps, req.ip), key,
    })
    switch (result.kind) {
      case 'posted': {
        if (!signedIn) rememberCommenter(deps, reply, v.remember && guest ? guest : null)
        const where = await locateComment(deps, { key, staff: false }, result.shortId)
        const notice = result.status === 'pending'
          ? 'Thank you. Your comment is awaiting moderation. Until then only you can see it.'
          : 'Your comment is published.'
        const mailNote = v.notify ? ' If this is the first time you asked for reply notifications, check your email for a confirmation link.' : ''
        return flash(reply, notice + mailNote).redirect(where.kind === 'found' ? where.href : subject.path, 303)
      }
      case 'closed':
        throw new Forbidden('Comments are closed on this article.')
      default: {
        const { status, message } = refusalMessage(result, 'comment')
        if (result.kind === 'rate-limited') reply.header('retry-after', String(result.retryAfterSeconds))
        const values = result.kind === 'bad-parent' ? { ...form.state.values, parent: '' } : form.state.values
        return rerender(req, reply, subject.slug, { values, errors: { _form: message } }, status)
      }
    }
  })

  // A permanent address for a comment: 303 to its page and anchor.
  app.get('/comments/:shortId', async (req, reply) => {
    const params = ShortIdParam.safeParse(req.params)
    if (!params.success) throw new NotFound()
    const where = await locateComment(deps, viewerOf(req), params.data.shortId)
    if (where.kind === 'not-found') throw new NotFound()
    return reply.redirect(where.href, 303)
  })

  app.get('/comments/subscriptions/:token', async (req, reply) => {
    const p = TokenParam.safeParse(req.params)
    const info = p.success ? await describeSubscription(deps, p.data.token) : { kind: 'not-found' as const }
    if (info.kind === 'not-found') return render(req, reply, <LinkNotFoundPage />, 404)
    const state = info.unsubscribed ? 'unsubscribed' : info.confirmed ? 'confirmed' : 'ask'
    return render(req, reply, <ConfirmPage token={p.data!.token} title={info.title} subject={info.subject} state={state} />)
  })

  app.post('/comments/subscriptions/:token', { preHandler: app.csrfProtection }, async (req, reply) => {
    const p = TokenParam.safeParse(req.params)
    const result = p.success ? await confirmSubscription(deps, p.data.token) : { kind: 'not-found' as const }
    switch (result.kind) {
      case 'not-found': return render(req, reply, <LinkNotFoundPage />, 404)
      case 'unsubscribed': return reply.redirect(`/comments/subscriptions/${p.data!.token}`, 303)
      case 'confirmed': return flash(reply, result.subject === 'topic' ? `You are watching “${result.title}”.` : `Reply notifications are on for your comment on “${result.title}”.`).redirect(`/comments/subscriptions/${p.data!.token}`, 303)
    }
  })

  app.get('/comments/unsubscribe/:token', async (req, reply) => {
    const p = TokenParam.safeParse(req.params)
    const info = p.success ? await describeSubscription(deps, p.data.token) : { kind: 'not-found' as const }
    if (info.kind === 'not-found') return render(req, reply, <LinkNotFoundPage />, 404)
    return render(req, reply, <UnsubscribePage token={p.data!.token} title={info.title} subject={info.subject} done={info.unsubscribed} />)
  })

  // RFC 8058 one-click unsubscribe: mail clients POST here with no cookie and
  // no CSRF token; the unguessable token in the URL is the authorisation.
  app.post('/comments/unsubscribe/:token', async (req, reply) => {
    const p = TokenParam.safeParse(req.params)
    const result = p.success ? await unsubscribe(deps, p.data.token) : { kind: 'not-found' as const }
    if (result.kind === 'not-found') return render(req, reply, <LinkNotFoundPage />, 404)
    return render(req, reply, <UnsubscribePage token={p.data!.token} title={result.title} subject={result.subject} done />)
  })

  // ---- the moderation queue ----
  const staffOnly = { config: { roles: ROLES.moderation } }
  const staffActor = (req: FastifyRequest) => {
    if (req.actor.kind !== 'user') throw new Forbidden()
    return req.actor
  }

  app.get('/admin/comments', staffOnly, async (req, reply) => {
    const q = QueueQuery.parse(req.query ?? {})
    const data = await loadQueue(deps, q.status, q.page, q.kind)
    return render(req, reply, <ModerationQueuePage data={data} canEditWords={hasRole(req.actor, ...ROLES.admin)} />)
  })

  app.post('/admin/comments/bulk', { ...staffOnly, preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(BulkFields, req.body)
    const ids = formList(req.body, 'ids')
    const back = queueBack(formValues(req.body).back)
    if (!form.ok) return flash(reply, 'Choose an action to apply.').redirect(back, 303)
    if (!ids.length) return flash(reply, 'Select at least one comment first.').redirect(back, 303)
    if (form.value.action === 'purge') return purgeAndAnswer(deps, req, reply, ids, back)
    const result = await moderate(deps, staffActor(req), ids, form.value.action)
    const n = result.kind === 'done' ? result.count : 0
    return flash(reply, `${n} comment${n === 1 ? '' : 's'} updated.`).redirect(back, 303)
  })

  app.get('/admin/comments/settings', { config: { roles: ROLES.admin } }, async (req, reply) => {
    const words = await moderationWords(deps.db)
    return render(req, reply, <WordListPage form={emptyForm({ words: words.join('\n') })} saved={words.length} />)
  })

  app.post('/admin/comments/settings', { config: { roles: ROLES.admin }, preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(WordListFields, req.body)
    if (!form.ok) return render(req, reply, <WordListPage form={form.state} saved={(await moderationWords(deps.db)).length} />, 422)
    const words = await saveModerationWords(deps.db, form.value.words)
    return flash(reply, `The word list is saved (${words.length} ${words.length === 1 ? 'entry' : 'entries'}).`).redirect('/admin/comments/settings', 303)
  })

  app.get('/admin/comments/:shortId/reply', staffOnly, async (req, reply) => {
    const p = ShortIdParam.safeParse(req.params)
    const target = p.success ? await loadReplyTarget(deps, p.data.shortId) : null
    if (!target) throw new NotFound()
    return render(req, reply, <QueueReplyPage target={target} form={emptyForm()} />)
  })

  app.post('/admin/comments/:shortId/reply', { ...staffOnly, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = ShortIdParam.safeParse(req.params)
    const target = p.success ? await loadReplyTarget(deps, p.data.shortId) : null
    if (!target) throw new NotFound()
    const form = parseForm(QueueReplyFields, req.body)
    if (!form.ok) return render(req, reply, <QueueReplyPage target={target} form={form.state} />, 422)
    const result = await replyFromQueue(deps, staffActor(req), target.shortId, form.value.comment)
    switch (result.kind) {
      case 'not-found': throw new NotFound()
      case 'posted': return flash(reply, `Your reply to ${target.authorName} is published.`).redirect('/admin/comments', 303)
    }
  })

  app.post('/admin/comments/:shortId/:action', { ...staffOnly, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = ModerationParams.safeParse(req.params)
    if (!p.success) throw new NotFound()
    const { shortId, action } = p.data
    const result = await moderate(deps, staffActor(req), [shortId], action)
    if (result.kind === 'not-found') throw new NotFound()
    const done: Record<ModerationAction, string> = {
      approve: 'Comment approved.', unapprove: 'Comment moved back to pending.', spam: 'Comment marked as spam.', trash: 'Comment moved to the trash.', restore: 'Comment restored.',
    }
    return flash(reply, done[action]).redirect(queueBack(formValues(req.body).back), 303)
  })
}
