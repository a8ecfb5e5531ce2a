import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import type { FormState } from '../http/forms.js'

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

export async function registerDiscussion(app: FastifyInstance, deps: Deps, hooks: DiscussionHooks) {
  void app; void deps; void hooks
}

export function registerDiscussionJobs(deps: Deps) {
  void deps
}

/** Comments waiting for a moderator, for the staff navigation badge. */
export async function pendingCommentCount(deps: Pick<Deps, 'db'>): Promise<number> {
  const row = await deps.db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow()
  return Number(row.n)
}
