import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../../deps.js'
import { render } from '../../http/render.js'
import { flash } from '../../http/flash.js'
import { NotFound } from '../../http/errors.js'
import { emptyForm, parseForm, type FormState } from '../../http/forms.js'
import { ensureCommenterKey, hashIp } from '../identity.js'
import { plainExcerpt } from '../markdown.js'
import { findThreadById, type PostRow } from '../queries.js'
import { flaggablePost, flagPost } from './flags.js'
import { topicPath } from './posting.js'
import { FlagFields, PostParam } from './moderation-schemas.js'
import { FlagPostPage, type FlagTarget } from './views/ModerationViews.js'

// Readers' flags (and, below, staff bans and edit history): forum moderation
// beyond the shared queue's approve/spam/trash.
export function forumModerationRoutes(app: FastifyInstance, deps: Deps) {
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
    switch (result.kind) {
      case 'not-found': throw new NotFound()
      case 'own-post': return flash(reply, 'This is your own post: you can edit or delete it instead of flagging it.').redirect(target.topicHref, 303)
      case 'already-flagged': return flash(reply, 'You have already flagged this post. The moderators will look at it.').redirect(target.topicHref, 303)
      case 'flagged':
        return flash(reply, result.hidden
          ? 'Thank you. Several readers flagged this post, so it is hidden until a moderator has looked at it.'
          : 'Thank you. The moderators will look at this post.').redirect(target.topicHref, 303)
    }
  })
}
