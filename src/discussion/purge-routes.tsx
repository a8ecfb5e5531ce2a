import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { Forbidden, NotFound } from '../http/errors.js'
import { formValues } from '../http/forms.js'
import { ROLES } from '../accounts/index.js'
import { ErrorPage } from '../views/ErrorPage.js'
import { purgePosts, type PurgeResult } from './purge.js'
import { ShortIdParam } from './schemas.js'

/** Where the queue sends staff back to: a queue URL only, never an outside address. */
export function queueBack(raw: unknown): string {
  const s = typeof raw === 'string' ? raw : ''
  return /^\/admin\/comments(\?[\w=&-]*)?$/.test(s) ? s : '/admin/comments'
}

/** Purges these posts for the signed-in staff member and answers: a 303 back to the queue, or why not. */
export async function purgeAndAnswer(deps: Deps, req: FastifyRequest, reply: FastifyReply, shortIds: string[], back: string) {
  if (req.actor.kind !== 'user') throw new Forbidden()
  const result: PurgeResult = await purgePosts(deps, req.actor, shortIds)
  switch (result.kind) {
    case 'not-found': throw new NotFound()
    // 409: the request is well formed, but only a decided post (spam or
    // trash) may go for good; nothing was deleted.
    case 'not-removed':
      return render(req, reply, <ErrorPage status={409} title="Only spam and trash can be deleted" message={`${result.count === 1 ? 'One of the posts is' : `${result.count} of the posts are`} not in the spam or trash. Mark it as spam or move it to the trash first; nothing was deleted.`} />, 409)
    case 'purged': {
      const what = `${result.posts} post${result.posts === 1 ? '' : 's'} deleted permanently`
      const topics = result.topics ? ` (with ${result.topics === 1 ? 'its topic' : `${result.topics} topics`})` : ''
      return flash(reply, `${what}${topics}.`).redirect(back, 303)
    }
  }
}

// The single-post purge button in the queue's spam and trash views (bulk
// purges go through /admin/comments/bulk with action=purge).
export function purgeRoutes(app: FastifyInstance, deps: Deps) {
  app.post('/admin/comments/:shortId/purge', { config: { roles: ROLES.moderation }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = ShortIdParam.safeParse(req.params)
    if (!p.success) throw new NotFound()
    return purgeAndAnswer(deps, req, reply, [p.data.shortId], queueBack(formValues(req.body).back))
  })
}
