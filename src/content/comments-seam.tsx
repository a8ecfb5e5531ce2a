import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import type { Deps } from '../deps.js'
import { CommentsSection, loadCommentsSection, type ArticlePageOptions, type CommentSubject } from '../discussion/index.js'

// The comments section under an article belongs to the discussion module;
// this is content's one call site. It loads the section scoped to the
// asker (held comments only for their author and staff) and renders it.
export async function commentsSection(
  deps: Deps, req: FastifyRequest, reply: FastifyReply, subject: CommentSubject, opts: ArticlePageOptions,
): Promise<VNode> {
  const data = await loadCommentsSection(deps, req, reply, subject, { page: opts.commentPage, replyTo: opts.replyTo, form: opts.commentForm })
  return <CommentsSection data={data} />
}
