import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import type { ArticlePageOptions, CommentSubject, SeedArticle } from '../discussion/index.js'
import { contentRoutes, findSubject, renderArticle, renderNotFound as renderHelpfulNotFound } from './routes.js'
import { contentAdminRoutes } from './admin-routes.js'
import { hasIndexed } from '../search/index.js'
import { reindexArticles } from './search-documents.js'
import { countByStatus, hasAnyArticle, listArticleHeads, mediaByIds } from './queries.js'
import { setContentHooks, type ContentHooks } from './hooks.js'
import { loadBodyContext } from './publishing.js'
import { describeProblem, renderBody } from './markdown.js'
import type { SanitizedHtml } from '../views/html.js'
import type { MediaInfo } from './media-urls.js'

// The content module's public face: publishing (articles, pages, media,
// studies, feeds) and the staff editor. Other modules import only this file.

export { RESERVED_SLUGS } from './slugs.js'
export { seedDemoContent, renderDemoFigures, type DemoSeedResult } from './seed-demo.js'
export { demoComments } from './demo/index.js'
export { listLatestPosts } from './reading.js'
export { searchableArticles, reindexArticles } from './search-documents.js'
// What the importer writes through (src/importer): content's own rules apply to imported articles.
export { importArticle, importCategory, importTag, importableSlug, setFeaturedImage, articleForComments, type ImportedArticle, type ImportedArticleResult, type ImportedTerm } from './imports.js'

// What the shop takes from content: the media pipeline and the one Markdown
// renderer with its sanitizer (product descriptions, demo product pictures).
export { Picture } from './views/parts.js'
export { pictureSources, type MediaInfo } from './media-urls.js'
export { storeImage, describeUploadProblem, processImageCached, renderCacheKey, MAX_UPLOAD_BYTES, type RenderCache } from './media.js'
export type { ContentHooks } from './hooks.js'

// What the importer takes from content: the renderer and allowlist its
// converted WordPress bodies are checked against, and the YouTube reader.
export { renderBody, describeProblem, RAW_HTML_INFO, type BodyContext, type BodyProblem } from './markdown.js'
export { sanitizeArticleHtml } from './sanitize.js'
export { isYouTubeUrl, parseYouTubeUrl, watchUrl } from './youtube.js'

/** `hooks.productCards` fills [[product:slug]] embeds with the shop's live cards (app.ts passes it). */
export async function registerContent(app: FastifyInstance, deps: Deps, hooks: ContentHooks = {}) {
  setContentHooks(deps, hooks)
  // A site whose articles were published before search existed starts with
  // an empty article index: fill it once, at boot.
  if (!(await hasIndexed(deps, 'article'))) await reindexArticles(deps)
  contentAdminRoutes(app, deps)
  contentRoutes(app, deps)
}

/** The published article a reader may comment on, or null (drafts, pages, posts not yet due). */
export async function findCommentSubject(deps: Deps, slug: string): Promise<CommentSubject | null> {
  return findSubject(deps, slug)
}

/** Renders the article page (used by discussion to re-render a failed comment form, or a no-JS reply form). */
export async function renderArticlePage(deps: Deps, req: FastifyRequest, reply: FastifyReply, slug: string, opts: ArticlePageOptions): Promise<FastifyReply> {
  return renderArticle(deps, req, reply, slug, opts)
}

/** The helpful 404: a message, the latest articles, the topics, a way home. */
export async function renderNotFound(deps: Deps, req: FastifyRequest, reply: FastifyReply) {
  return renderHelpfulNotFound(deps, req, reply)
}

/** How many published posts, drafts and scheduled articles there are, for the staff dashboard. */
export async function articleCounts(deps: Pick<Deps, 'db'>): Promise<{ published: number; drafts: number; scheduled: number }> {
  return countByStatus(deps.db)
}

/** Whether the site has any article or page yet (src/seed.ts seeds only an empty site). */
export async function hasArticles(deps: Pick<Deps, 'db'>): Promise<boolean> {
  return hasAnyArticle(deps.db)
}

/** These articles as the demo comments attach to them (src/seed.ts hands them to discussion's seed). */
export async function articlesForDemoComments(deps: Pick<Deps, 'db'>, ids: number[]): Promise<SeedArticle[]> {
  const rows = await listArticleHeads(deps.db, ids)
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, authorId: r.author_id, publishedAt: r.published_at }))
}

/** Images by media id with their alt text (the shop's product pictures). */
export async function mediaInfoByIds(deps: Pick<Deps, 'db'>, ids: number[]): Promise<Map<number, MediaInfo & { alt: string }>> {
  return mediaByIds(deps.db, ids)
}

/**
 * Markdown rendered and sanitized exactly as an article body is (for text
 * other modules keep, such as product descriptions), with a sentence for each
 * thing that could not be resolved, and how many studies it cites.
 */
export async function renderSanitizedMarkdown(deps: Pick<Deps, 'db'>, markdown: string): Promise<{ html: SanitizedHtml; problems: string[]; citations: number }> {
  const rendered = renderBody(markdown, await loadBodyContext(deps.db, markdown))
  return { html: rendered.html, problems: rendered.problems.map(describeProblem), citations: rendered.citations.length }
}
