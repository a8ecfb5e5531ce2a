import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import type { Deps } from '../deps.js'
import type { ArticlePageOptions, CommentSubject } from '../discussion/index.js'
import { commentCountLabel } from './views/parts.js'

// SEAM (discussion): the comments section under an article belongs to the
// discussion module. This is the one call site; it renders discussion's
// section through its index.ts. Until that export exists, a plain heading
// marks where the section goes.
export async function commentsSection(
  deps: Deps, req: FastifyRequest, reply: FastifyReply, subject: CommentSubject, count: number, opts: ArticlePageOptions,
): Promise<VNode> {
  void deps; void req; void reply; void opts
  return (
    <section id="comments" class="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{commentCountLabel(count)}</h2>
      {subject.commentsEnabled ? null : <p class="muted">Comments are closed for this article.</p>}
    </section>
  )
}
