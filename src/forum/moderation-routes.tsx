import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { keepSiteVersion } from '../http/page-cache.js'
import { flash } from '../http/flash.js'
import { Forbidden, NotFound } from '../http/errors.js'
import { emptyForm, formValues, parseForm, type FormState } from '../http/forms.js'
import { ROLES } from '../accounts/index.js'
import { onPurge, commenterKey, ensureCommenterKey, guestKeyHash, hashIp, plainExcerpt, findThreadById, type PostRow, BAN_PERIODS, banFromPost, banSource, liftBan, listBans, findGuestByKeyHash } from '../discussion/index.js'
import { flaggablePost, flagPost } from './flags.js'
import { topicPath } from './posting.js'
import { loadPostHistory } from './revisions.js'
import { categoryFeed, topicFeed } from './feeds.js'
import { findCategoryBySlug, findTopic } from './queries/index.js'
import { SlugParam } from './schemas.js'
import { BanFields, BanIdParam, BanNewQuery, FlagFields, PostParam, WatchFields } from './moderation-schemas.js'
import { watchTopic } from './watching.js'
import { removePostPhotos } from './purge-photos.js'
import { WatchTopicPage } from './views/WatchViews.js'
import { BansPage, FlagPostPage, NewBanPage, PostHistoryPage, type BanFormData, type FlagTarget } from './views/ModerationViews.js'

// Readers' flags (and, below, staff bans and edit history): forum moderation
// beyond the shared queue's approve/spam/trash.
export function forumModerationRoutes(app: FastifyInstance, deps: Deps) {
  // Staff purges in the shared queue take a forum post's photo files too.
  onPurge(removePostPhotos)
  const flagTarget = async (req: FastifyRequest): Promise<{ post: PostRow; target: FlagTarget }> => {
    const p = PostParam.safeParse(req.params)
    const post = p.success ? await flaggablePost(deps.db, p.data.shortId) : undefined
    if (!post) throw new NotFound()
    const topic = (await findThreadById(deps.db, post.thread_id))!
    return {
      post,
      target: {
        shortId: post.short_id, number: post.post_number!, authorName: post.author_name, excerpt: plainExcerpt(post.body_html, 600),
        topicTitle: topic.title, topicHref: topicPath(topic),
      },
    }
  }
  const flagPage = (req: FastifyRequest, reply: FastifyReply, target: FlagTarget, form: FormState, status?: number) =>
    render(req, reply, <FlagPostPage target={target} form={form} />, status)

  app.get('/forum/p/:shortId/flag', async (req, reply) => flagPage(req, reply, (await flagTarget(req)).target, emptyForm()))

  app.post('/forum/p/:shortId/flag', { preHandler: app.csrfProtection }, async (req, reply) => {
    const { post, target } = await flagTarget(req)
    const form = parseForm(FlagFields, req.body)
    if (!form.ok) return flagPage(req, reply, target, form.state, 422)
    const key = ensureCommenterKey(deps, req, reply)
    const result = await flagPost(deps, post.short_id, { actor: req.actor, key, ipHash: hashIp(deps, req.ip) }, form.value.reason, form.value.note)
    // Only a flag that hides the post changes what readers see; any other
    // outcome leaves shared pages valid.
    if (result.kind !== 'flagged' || !result.hidden) keepSiteVersion(req)
    switch (result.kind) {
      case 'not-found': throw new NotFound()
      case 'rate-limited':
        reply.header('retry-after', String(result.retryAfterSeconds))
        return flagPage(req, reply, target, { values: form.state.values, errors: { _form: 'You have sent many flags in a short time. Please try again later; the moderators are looking at the ones you sent.' } }, 429)
      case 'own-post': return flash(reply, 'This is your own post: you can edit or delete it instead of flagging it.').redirect(target.topicHref, 303)
      case 'already-flagged': return flash(reply, 'You have already flagged this post. The moderators will look at it.').redirect(target.topicHref, 303)
      case 'flagged':
        return flash(reply, result.hidden
          ? 'Thank you. Several readers flagged this post, so it is hidden until a moderator has looked at it.'
          : 'Thank you. The moderators will look at this post.').redirect(target.topicHref, 303)
    }
  })

  // ---- bans ----

  const staffOnly = { config: { roles: ROLES.moderation } }
  const staffActor = (req: FastifyRequest) => {
    if (req.actor.kind !== 'user') throw new Forbidden()
    return req.actor
  }
  const banForm = async (shortId: string): Promise<BanFormData> => {
    const src = await banSource(deps.db, shortId)
    if (!src) throw new NotFound()
    return { shortId: src.shortId, authorName: src.authorName, excerpt: plainExcerpt(src.bodyHtml, 400), guest: src.guestId !== null || src.guestKey !== null, ipPrefix: src.ipHash ? src.ipHash.slice(0, 10) : null }
  }
  const periods = BAN_PERIODS.map((p) => ({ value: p.value, label: p.label }))

  app.get('/admin/bans', staffOnly, async (req, reply) => render(req, reply, <BansPage bans={await listBans(deps)} />))

  app.get('/admin/bans/new', staffOnly, async (req, reply) => {
    const q = BanNewQuery.safeParse(req.query ?? {})
    if (!q.success) throw new NotFound()
    return render(req, reply, <NewBanPage data={await banForm(q.data.post)} form={emptyForm()} periods={periods} />)
  })

  app.post('/admin/bans', { ...staffOnly, preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(BanFields, req.body)
    if (!form.ok) {
      const post = formValues(req.body).post ?? ''
      return render(req, reply, <NewBanPage data={await banForm(/^[a-z0-9]{4,32}$/.test(post) ? post : 'none')} form={form.state} periods={periods} />, 422)
    }
    const v = form.value
    const result = await banFromPost(deps, staffActor(req), v.post, v.target, v.period, v.reason)
    if (result.kind === 'not-found') throw new NotFound()
    return flash(reply, `Banned the ${result.what} (${periods.find((p) => p.value === v.period)!.label.toLowerCase()}).`).redirect('/admin/bans', 303)
  })

  app.post('/admin/bans/:id/lift', { ...staffOnly, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = BanIdParam.safeParse(req.params)
    const result = p.success ? await liftBan(deps, staffActor(req), p.data.id) : { kind: 'not-found' as const }
    if (result.kind === 'not-found') throw new NotFound()
    return flash(reply, 'The ban is lifted.').redirect('/admin/bans', 303)
  })

  // ---- edit history ----

  app.get('/admin/posts/:shortId/history', staffOnly, async (req, reply) => {
    const p = PostParam.safeParse(req.params)
    const history = p.success ? await loadPostHistory(deps, p.data.shortId) : null
    if (!history) throw new NotFound()
    return render(req, reply, <PostHistoryPage history={history} />)
  })

  // ---- RSS ----

  app.get('/forum/c/:slug/feed.xml', async (req, reply) => {
    const p = SlugParam.safeParse(req.params)
    const category = p.success ? await findCategoryBySlug(deps.db, p.data.slug) : undefined
    if (!category) throw new NotFound()
    return reply.type('application/rss+xml; charset=utf-8').send(await categoryFeed(deps, category))
  })

  app.get('/forum/t/:shortId/feed.xml', async (req, reply) => {
    const p = PostParam.safeParse(req.params)
    const topic = p.success ? await findTopic(deps.db, p.data.shortId) : undefined
    // A held topic has no feed: it is not public yet.
    if (!topic || !topic.listed) throw new NotFound()
    return reply.type('application/rss+xml; charset=utf-8').send(await topicFeed(deps, topic))
  })

  // ---- watching a topic ----

  const watchTarget = async (req: FastifyRequest) => {
    const p = PostParam.safeParse(req.params)
    const topic = p.success ? await findTopic(deps.db, p.data.shortId) : undefined
    if (!topic || !topic.listed) throw new NotFound()
    return { shortId: topic.short_id, title: topic.title, href: topicPath(topic) }
  }
  const member = (req: FastifyRequest) => (req.actor.kind === 'user' ? req.actor.user.email : null)

  app.get('/forum/t/:shortId/watch', async (req, reply) => {
    const topic = await watchTarget(req)
    // A guest who gave an email when posting finds it filled in.
    const key = commenterKey(req)
    const guest = req.actor.kind === 'anonymous' && key ? await findGuestByKeyHash(deps.db, guestKeyHash(deps, key)) : undefined
    return render(req, reply, <WatchTopicPage topic={topic} member={member(req)} form={emptyForm({ email: guest?.email ?? '' })} />)
  })

  app.post('/forum/t/:shortId/watch', { preHandler: app.csrfProtection }, async (req, reply) => {
    const topic = await watchTarget(req)
    let email: string | null = null
    if (req.actor.kind === 'anonymous') {
      const form = parseForm(WatchFields, req.body)
      if (!form.ok) return render(req, reply, <WatchTopicPage topic={topic} member={null} form={form.state} />, 422)
      email = form.value.email
    }
    const result = await watchTopic(deps, topic.shortId, req.actor, email, hashIp(deps, req.ip))
    switch (result.kind) {
      case 'rate-limited': {
        reply.header('retry-after', String(result.retryAfterSeconds))
        const form = { values: { email: email ?? '' }, errors: { _form: 'Too many watch requests came from your connection or for this address. Please try again later; nothing was sent.' } }
        return render(req, reply, <WatchTopicPage topic={topic} member={member(req)} form={form} />, 429)
      }
      case 'not-found': throw new NotFound()
      case 'already': return flash(reply, 'You already watch this topic (or a confirmation link is on its way).').redirect(topic.href, 303)
      case 'watching': return flash(reply, 'You are watching this topic: we will email you about new replies.').redirect(topic.href, 303)
      case 'confirm-sent': return flash(reply, 'Almost done: check your email for a link to confirm, then we will tell you about new replies.').redirect(topic.href, 303)
    }
  })
}
