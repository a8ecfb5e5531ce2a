import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { NotFound } from '../http/errors.js'
import { commentPermalink } from '../discussion/index.js'
import { findMappedAnySite } from './queries.js'

// An old comment link: WordPress (and Disqus) linked a comment as
// page#comment-123. The page redirects (the redirects table), the browser
// keeps the fragment, and the article page's script, finding no such anchor,
// asks here: the imported comment's permalink, which knows its page.

const OldCommentParam = z.object({ id: z.string().regex(/^\d{1,12}$/) })

export function importerRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/comments/imported/:id', { config: { readOnly: true } }, async (req, reply) => {
    const p = OldCommentParam.safeParse(req.params)
    if (!p.success) throw new NotFound()
    const postId = (await findMappedAnySite(deps.db, 'wordpress', 'comment', p.data.id)) ?? (await findMappedAnySite(deps.db, 'disqus', 'comment', p.data.id))
    const href = postId !== null ? await commentPermalink(deps, postId) : null
    if (!href) throw new NotFound()
    return reply.redirect(href, 301)
  })
}
