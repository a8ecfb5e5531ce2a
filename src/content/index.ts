import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { ErrorPage } from '../views/ErrorPage.js'
import type { ArticlePageOptions, CommentSubject } from '../discussion/index.js'

export async function registerContent(app: FastifyInstance, deps: Deps) {
  void app; void deps
}

/** The published article a reader may comment on, or null. */
export async function findCommentSubject(deps: Deps, slug: string): Promise<CommentSubject | null> {
  void deps; void slug
  return null
}

/** Renders the article page (used by discussion to re-render a failed comment form). */
export async function renderArticlePage(deps: Deps, req: FastifyRequest, reply: FastifyReply, slug: string, opts: ArticlePageOptions): Promise<FastifyReply> {
  void opts
  return renderNotFound(deps, req, reply)
}

export async function renderNotFound(deps: Deps, req: FastifyRequest, reply: FastifyReply) {
  void deps
  return render(req, reply, h(ErrorPage, { status: 404, title: 'Page not found', message: 'We could not find that page.' }), 404)
}
