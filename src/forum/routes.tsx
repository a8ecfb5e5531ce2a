import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render, renderToHtml } from '../http/render.js'
import { perReader, sendShared } from '../http/page-cache.js'
import { readingDeps } from '../http/read-routing.js'
import { iso } from '../clock.js'
import { flash } from '../http/flash.js'
import { Forbidden, NotFound } from '../http/errors.js'
import { emptyForm, formValues, parseForm, type FormState } from '../http/forms.js'
import { ROLES } from '../accounts/index.js'
import { commenterKey, ensureCommenterKey, formStamp, hashIp, readFormStamp, findPost, isVisible, threadOfPost, refusalMessage } from '../discussion/index.js'
import { FORUM_LIMITS } from './limits.js'
import { deleteOwnPost, editPost, replyToTopic, startTopic, topicPath } from './posting.js'
import { forumReaderOf, loadCategoryPage, loadForumHome, loadLatestPage, loadTopicPage, locateTopicPost, type TopicPageData } from './page-data.js'
import { findCategoryById, findCategoryBySlug, findImagePost, findTopic } from './queries/index.js'
import {
  EditFields, GuestReplyFields, ImageParam, PostParam, GuestTopicFields, MemberReplyFields, MemberTopicFields, MoveFields, PageQuery, SlugParam, TopicActionParam, TopicParam, TopicQuery,
} from './schemas.js'
import { topicAction } from './topic-moderation.js'
import { PHOTO_SLOTS, PHOTOS_NOT_STORED, readPhotos, withPhotos } from './attachments.js'
import { imageUploads } from '../http/multipart.js'
import { imageKey } from './images.js'
import { sendStored } from '../storage/index.js'
import { mayChangePost, mayStartTopic, photoSlots } from './policy.js'
import { insertStory, STORY_CATEGORY_SLUG, StoryForm, TreatmentFilter } from './stories.js'
import { GuestsMayNotPage } from './views/CategoryAdminViews.js'
import { BannedPage } from './views/ModerationViews.js'
import { markSeen, seenFor } from './reads.js'
import { CategoryPage, EditPostPage, ForumHomePage, LatestPage, NewTopicPage, TopicPage } from './views/ForumPages.js'
import { ViewCounts } from './view-counts.js'

export function forumRoutes(app: FastifyInstance, deps: Deps) {
  const viewCounts = new ViewCounts(deps.db)
  app.addHook('onClose', () => viewCounts.close())
  const page = (req: FastifyRequest) => PageQuery.parse(req.query ?? {}).page

  // The forum's index, category lists and topics are shared among anonymous
  // readers (http/page-cache.ts), keyed by everything the route reads, and
  // their renders read through readingDeps (the replica, when set and caught
  // up). Only reads: the row a route looks up before its page, view counts
  // and read marks stay on `deps`, the primary.
  app.get('/forum', async (req, reply) => sendShared(deps, req, reply, 'forum', async (version) => ({ html: await renderToHtml(req, reply, <ForumHomePage {...await loadForumHome(await readingDeps(deps, req, version))} />) })))

  app.get('/forum/latest', async (req, reply) => {
    const data = await loadLatestPage(deps, page(req), forumReaderOf(req))
    if (!data) throw new NotFound()
    return render(req, reply, <LatestPage data={data} />)
  })

  const categoryOf = async (req: FastifyRequest) => {
    const p = SlugParam.safeParse(req.params)
    const c = p.success ? await findCategoryBySlug(deps.db, p.data.slug) : undefined
    if (!c) throw new NotFound()
    return c
  }

  app.get('/forum/c/:slug', async (req, reply) => {
    const category = await categoryOf(req)
    const n = page(req)
    const treatment = TreatmentFilter.parse(req.query ?? {}).treatment
    const query = ['page', 'treatment']
    return sendShared(deps, req, reply, `forum-c:${category.slug}:${n}:${treatment ?? ''}`, async (version) => {
      const data = await loadCategoryPage(await readingDeps(deps, req, version, query), forumReaderOf(req), category, n, treatment)
      if (!data) throw new NotFound()
      return { html: await renderToHtml(req, reply, <CategoryPage data={data} />) }
    }, { query })
  })

  const newTopicPage = async (req: FastifyRequest, reply: FastifyReply, category: Awaited<ReturnType<typeof categoryOf>>, form: FormState, status?: number) => {
    const summary = (await loadForumHome(deps)).categories.find((c) => c.id === category.id)!
    const story = category.slug === STORY_CATEGORY_SLUG
    return render(req, reply, <NewTopicPage category={summary} form={form} stamp={formStamp(deps)} signedInAs={req.actor.kind === 'user' ? req.actor.user.name : null} story={story} photoSlots={photoSlots(req.actor, story)} />, status)
  }

  app.get('/forum/c/:slug/new', async (req, reply) => {
    const category = await categoryOf(req)
    const refused = mayStartTopic(req.actor, category)
    if (refused) throw new Forbidden(refusalMessage(refused, 'topic').message)
    return newTopicPage(req, reply, category, emptyForm())
  })

  // A post photo: a server-made name only, visible to whoever may see its
  // post. HEAD asks storage for the size alone, as /media/:file does.
  app.route({ method: ['GET', 'HEAD'], url: '/forum/images/:file', handler: async (req, reply) => {
    const p = ImageParam.safeParse(req.params)
    if (!p.success) throw new NotFound()
    const { file } = p.data
    const row = await findImagePost(deps.db, file)
    if (!row || !isVisible(row, forumReaderOf(req))) throw new NotFound()
    return sendStored(req, reply, deps.storage, imageKey(file), {
      'content-type': file.endsWith('.jpg') ? 'image/jpeg' : 'image/webp',
      'cache-control': row.status === 'approved' ? 'public, max-age=86400' : 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
    })
  } })

  app.post('/forum/c/:slug/new', { config: { upload: imageUploads(PHOTO_SLOTS.length) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const category = await categoryOf(req)
    const guest = req.actor.kind === 'anonymous'
    const form = guest ? parseForm(GuestTopicFields, req.body) : parseForm(MemberTopicFields, req.body)
    // A success story adds its structured fields; any topic may carry photos.
    const isStory = category.slug === STORY_CATEGORY_SLUG
    const story = isStory ? parseForm(StoryForm, req.body) : null
    const who = guest ? (form.state.values.name ?? '').trim() || 'a guest' : (req.actor.kind === 'user' ? req.actor.user.name : '')
    const limit = photoSlots(req.actor, isStory)
    const photos = await readPhotos(req.body, form.state.values, { limit, who, limitMessage: `You can attach at most ${limit} photo${limit === 1 ? '' : 's'} to this post.` })
    const errors = { ...(story && !story.ok ? story.state.errors : {}), ...photos.errors, ...form.state.errors }
    if (!form.ok || (story && !story.ok) || Object.keys(photos.errors).length) return newTopicPage(req, reply, category, { values: form.state.values, errors }, 422)
    const v = form.value as { title: string; body: string; stamp?: string; address?: string; name?: string; email?: string }
    const key = ensureCommenterKey(deps, req, reply)
    const fields = story?.ok ? story.value : null
    const result = await withPhotos(deps, photos.images, (attachImages) => startTopic(deps, category, {
      actor: req.actor, guest: guest ? { name: v.name!, email: v.email ?? '' } : null, title: v.title, bodyMd: v.body,
      stamp: readFormStamp(deps, v.stamp), honeypot: v.address, ipHash: hashIp(deps, req.ip), key,
      attach: async (trx, ids) => {
        if (fields) await insertStory(trx, ids.threadId, fields, iso(deps.clock.now()))
        await attachImages(trx, ids.postId)
      },
    }))
    if (result.kind === 'photos-not-stored') return newTopicPage(req, reply, category, { values: form.state.values, errors: { photo1: PHOTOS_NOT_STORED } }, 503)
    if (result.kind === 'posted') {
      const notice = result.status === 'pending'
        ? 'Thank you. Your topic is waiting for a quick review; until then only you can see it.'
        : 'Your topic is published.'
      return flash(reply, notice).redirect(result.path, 303)
    }
    const { status, message } = refusalMessage(result, 'topic')
    if (result.kind === 'guests-may-not') return render(req, reply, <GuestsMayNotPage message={message} title={v.title} body={v.body} back={`/forum/c/${category.slug}`} />, 403)
    if (result.kind === 'banned') return render(req, reply, <BannedPage until={result.until} title={v.title} body={v.body} />, 403)
    if (result.kind === 'rate-limited') reply.header('retry-after', String(result.retryAfterSeconds))
    return newTopicPage(req, reply, category, { values: form.state.values, errors: { _form: message } }, status)
  })

  const topicOf = async (req: FastifyRequest) => {
    const p = TopicParam.safeParse(req.params)
    const t = p.success ? await findTopic(deps.db, p.data.shortId) : undefined
    if (!t) throw new NotFound()
    return t
  }

  const showTopic = async (req: FastifyRequest, reply: FastifyReply, topic: Awaited<ReturnType<typeof topicOf>>, opts: { page: number; quote?: string; form?: FormState; status?: number; countView?: boolean; track?: boolean }) => {
    // A reading visit marks what is new since the last one, then remembers this page as seen.
    const reader = forumReaderOf(req)
    const lastSeen = opts.track ? (await seenFor(deps, reader, [topic.id])).get(topic.id) : undefined
    let rendered = false
    // A page from the cache still counts its view and moves the reader's read mark.
    const served = async (shown = 0) => {
      if (opts.countView && !rendered) viewCounts.count(topic.id)
      if (opts.track && shown > (lastSeen ?? 0)) await markSeen(deps, req, reply, topic.id, shown)
    }
    const query = ['page']
    return sendShared(deps, req, reply, `forum-t:${topic.short_id}:${opts.page}`, async (version) => {
      rendered = true
      // viewCounts writes through its own handle on the primary, whatever this page is read from.
      const data = await loadTopicPage(await readingDeps(deps, req, version, query), reader, topic, { ...opts, lastSeen, views: opts.countView ? viewCounts : undefined })
      if (!data || 'kind' in data) throw new NotFound()
      const page = data as TopicPageData
      const shown = Math.max(0, ...page.posts.filter((p) => !p.pending).map((p) => p.number))
      // The reply form's stamp is the reader's own, like its CSRF token.
      if (page.reply.open) { const stamp = page.reply.stamp; page.reply.stamp = perReader(req, 'comment-stamp', () => stamp) }
      return { html: await renderToHtml(req, reply, <TopicPage data={page} />), status: opts.status, data: shown }
    }, { share: !opts.form && !opts.status && !opts.quote, query, served })
  }

  app.get('/forum/t/:shortId', async (req, reply) => reply.redirect(topicPath(await topicOf(req)), 301))

  app.get('/forum/t/:shortId/:slug', async (req, reply) => {
    const topic = await topicOf(req)
    const canonical = topicPath(topic)
    const q = TopicQuery.parse(req.query ?? {})
    if (TopicParam.parse(req.params).slug !== (topic.slug || 'topic')) return reply.redirect(q.page > 1 ? `${canonical}?page=${q.page}` : canonical, 301)
    return showTopic(req, reply, topic, { page: q.page, quote: q.quote, countView: !q.quote, track: true })
  })

  app.post('/forum/t/:shortId/reply', { config: { upload: imageUploads(PHOTO_SLOTS.length) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const topic = await topicOf(req)
    const category = (await findCategoryById(deps.db, topic.category_id!))!
    const guest = req.actor.kind === 'anonymous'
    const form = guest ? parseForm(GuestReplyFields, req.body) : parseForm(MemberReplyFields, req.body)
    // A refused reply re-renders the topic's last page with the text kept.
    const lastPage = async () => {
      const data = await loadTopicPage(deps, forumReaderOf(req), topic, { page: 1 })
      return data && 'pages' in data ? data.pages : 1
    }
    const who = guest ? (form.state.values.name ?? '').trim() || 'a guest' : (req.actor.kind === 'user' ? req.actor.user.name : '')
    const limit = photoSlots(req.actor)
    const photos = await readPhotos(req.body, form.state.values, { limit, who, limitMessage: guest ? 'Guests can attach 1 photo per post.' : `You can attach at most ${limit} photos to a post.` })
    if (!form.ok || Object.keys(photos.errors).length) return showTopic(req, reply, topic, { page: await lastPage(), form: { values: form.state.values, errors: { ...photos.errors, ...form.state.errors } }, status: 422 })
    const v = form.value as { body: string; reply_to: number | null; stamp?: string; address?: string; name?: string; email?: string }
    const key = ensureCommenterKey(deps, req, reply)
    const result = await withPhotos(deps, photos.images, (attachImages) => replyToTopic(deps, topic.short_id, category, {
      actor: req.actor, guest: guest ? { name: v.name!, email: v.email ?? '' } : null, bodyMd: v.body, replyTo: v.reply_to,
      stamp: readFormStamp(deps, v.stamp), honeypot: v.address, ipHash: hashIp(deps, req.ip), key,
      attach: async (trx, ids) => attachImages(trx, ids.postId),
    }))
    switch (result.kind) {
      case 'posted': {
        // Your own reply is not news to you; others' posts you have not seen
        // yet stay new (the read mark moves only when nothing lies between).
        if (result.status === 'approved' && ((await seenFor(deps, forumReaderOf(req), [topic.id])).get(topic.id) ?? 0) >= result.postNumber - 1) {
          await markSeen(deps, req, reply, topic.id, result.postNumber)
        }
        const href = await locateTopicPost(deps, { key, staff: forumReaderOf(req).staff }, topic, result.postNumber)
        return flash(reply, result.status === 'pending' ? 'Thank you. Your reply is waiting for a quick review; until then only you can see it.' : 'Your reply is published.').redirect(href, 303)
      }
      case 'not-found': throw new NotFound()
      case 'closed': throw new Forbidden('This topic is closed: it takes no new replies.')
      case 'photos-not-stored': return showTopic(req, reply, topic, { page: await lastPage(), form: { values: form.state.values, errors: { photo1: PHOTOS_NOT_STORED } }, status: 503 })
      default: {
        const { status, message } = refusalMessage(result, 'reply')
        if (result.kind === 'confirm-email') return render(req, reply, <GuestsMayNotPage heading="Please confirm your email address" message={message} title="" body={v.body} back={topicPath(topic)} />, 403)
        if (result.kind === 'guests-may-not') return render(req, reply, <GuestsMayNotPage message={message} title="" body={v.body} back={topicPath(topic)} />, 403)
        if (result.kind === 'banned') return render(req, reply, <BannedPage until={result.until} title="" body={v.body} />, 403)
        if (result.kind === 'rate-limited') reply.header('retry-after', String(result.retryAfterSeconds))
        return showTopic(req, reply, topic, { page: await lastPage(), form: { values: form.state.values, errors: { _form: message } }, status })
      }
    }
  })

  // A post's permanent address: 303 to its page and #n, if the viewer may see it.
  app.get('/forum/p/:shortId', async (req, reply) => {
    const p = PostParam.safeParse(req.params)
    const post = p.success ? await findPost(deps.db, p.data.shortId) : undefined
    const viewer = forumReaderOf(req)
    if (!post || post.post_number === null || !isVisible(post, viewer)) throw new NotFound()
    const topic = await threadOfPost(deps.db, post)
    return reply.redirect(await locateTopicPost(deps, viewer, topic, post.post_number), 303)
  })

  const ownPost = async (req: FastifyRequest) => {
    const p = PostParam.safeParse(req.params)
    const post = p.success ? await findPost(deps.db, p.data.shortId) : undefined
    if (!post || post.post_number === null) throw new NotFound()
    const who = { actor: req.actor, key: commenterKey(req) }
    if (!isVisible(post, forumReaderOf(req))) throw new NotFound()
    if (!mayChangePost(post, who, deps.clock.now())) throw new Forbidden(`Posts can be changed for ${FORUM_LIMITS.editWindowMs / 60_000} minutes after posting, by their author.`)
    const topic = await threadOfPost(deps.db, post)
    return { post, who, topic }
  }

  app.get('/forum/p/:shortId/edit', async (req, reply) => {
    const { post, topic } = await ownPost(req)
    const form = emptyForm({ body: post.body_md, ...(post.post_number === 1 ? { title: topic.title } : {}) })
    return render(req, reply, <EditPostPage action={`/forum/p/${post.short_id}/edit`} form={form} opening={post.post_number === 1} topicTitle={topic.title} back={topicPath(topic)} />)
  })

  app.post('/forum/p/:shortId/edit', { preHandler: app.csrfProtection }, async (req, reply) => {
    const { post, who, topic } = await ownPost(req)
    const form = parseForm(EditFields, req.body)
    const page = (f: FormState, status: number) => render(req, reply, <EditPostPage action={`/forum/p/${post.short_id}/edit`} form={f} opening={post.post_number === 1} topicTitle={topic.title} back={topicPath(topic)} />, status)
    if (!form.ok) return page(form.state, 422)
    const result = await editPost(deps, post.short_id, who, { bodyMd: form.value.body, title: post.post_number === 1 ? form.value.title : undefined })
    switch (result.kind) {
      case 'saved': return flash(reply, 'Your changes are saved.').redirect(await locateTopicPost(deps, forumReaderOf(req), topic, result.postNumber), 303)
      case 'not-found': throw new NotFound()
      case 'not-allowed': throw new Forbidden('This post can no longer be changed.')
      case 'too-many-links': return page({ values: form.state.values, errors: { _form: refusalMessage(result, post.post_number === 1 ? 'topic' : 'reply').message } }, 422)
    }
  })

  app.post('/forum/p/:shortId/delete', { preHandler: app.csrfProtection }, async (req, reply) => {
    const { post, who } = await ownPost(req)
    const result = await deleteOwnPost(deps, post.short_id, who)
    switch (result.kind) {
      case 'deleted': return flash(reply, 'Your post is deleted.').redirect(result.back, 303)
      case 'not-found': throw new NotFound()
      case 'not-allowed': throw new Forbidden('This post can no longer be changed.')
    }
  })

  app.post('/forum/t/:shortId/staff/:action', { config: { roles: ROLES.moderation }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = TopicActionParam.safeParse(req.params)
    if (!p.success || req.actor.kind !== 'user') throw new NotFound()
    let to: number | undefined
    if (p.data.action === 'move') {
      const f = MoveFields.safeParse(formValues(req.body))
      if (!f.success) return flash(reply, 'Choose a category to move the topic to.').redirect(`/forum/t/${p.data.shortId}`, 303)
      to = f.data.category
    }
    const result = await topicAction(deps, req.actor, p.data.shortId, p.data.action, to)
    switch (result.kind) {
      case 'done': return flash(reply, result.message).redirect(result.path, 303)
      case 'not-found': throw new NotFound()
      case 'no-such-category': return flash(reply, 'That category no longer exists.').redirect(`/forum/t/${p.data.shortId}`, 303)
    }
  })
}
