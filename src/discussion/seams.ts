import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FormState } from '../http/forms.js'

// What content hands the engine for article comments (app.ts passes them in,
// so neither module imports the other in a cycle).

/** What discussion needs to know about an article to hold its comments (from content, via app.ts). */
export interface CommentSubject {
  articleId: number
  slug: string
  title: string
  /** The article's author: their replies carry an "Author" badge. */
  authorUserId: number
  commentsEnabled: boolean
  /** Path of the article page, e.g. /minoxidil-basics */
  path: string
}

export interface ArticlePageOptions {
  /** Comment page (1-based) when a thread has more than one page of top-level comments. */
  commentPage?: number
  /** short_id of the comment being answered (no-JS reply links). */
  replyTo?: string
  /** A comment form to re-render with the reader's input and errors. */
  commentForm?: FormState
  status?: number
}

/** Composition seams: content provides these, app.ts passes them in, so neither module imports the other's internals in a cycle. */
export interface DiscussionHooks {
  findCommentSubject(slug: string): Promise<CommentSubject | null>
  renderArticlePage(req: FastifyRequest, reply: FastifyReply, slug: string, opts: ArticlePageOptions): Promise<FastifyReply>
}
