import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { renderToHtml, sendHtml, type PageHtml } from '../http/render.js'
import { sendShared, type Rendered } from '../http/page-cache.js'
import { readingDeps } from '../http/read-routing.js'
import { NotFound } from '../http/errors.js'
import type { PageMeta } from '../views/layout.js'
import type { ArticlePageOptions, CommentSubject } from '../discussion/index.js'
import { MediaFileParam, PageParam, SlugPageParams, SlugParam, parseParams } from './schemas.js'
import { isVisible, listAuthor, listCategory, listHome, listTag, notFoundSuggestions, type ListingResult } from './reading.js'
import { ListingPage } from './views/ListingPage.js'
import { ArticlePage } from './views/ArticlePage.js'
import { NotFoundPage } from './views/NotFoundPage.js'
import { atomFeed, categoryFeedScope, robotsTxt, rssFeed, siteFeedScope, sitemap } from './feeds.js'
import { MEDIA_FILE } from './media-urls.js'
import { mediaKey } from './media.js'
import { sendStored } from '../storage/index.js'
import { commentsSection } from './comments-seam.js'
import { findCategoryBySlug, findArticleBySlug } from './queries.js'
import { fillSection, findArticleSection } from './kept-sections.js'

/** Reader-facing routes: listings, archives, feeds, media files and /<slug>. */
export function contentRoutes(app: FastifyInstance, deps: Deps) {
  const listed = (result: ListingResult) => {
    if (result.kind === 'out-of-range') throw new NotFound()
    return result.listing
  }

  // Each page's render reads through `d`: the deps to read this request's page
  // from (http/read-routing.ts readingDeps), the replica for shareable pages.
  const home = async (d: Deps, req: FastifyRequest, reply: FastifyReply, page: number): Promise<Rendered> => {
    const listing = listed(await listHome(d, page))
    const meta: PageMeta = {
      title: page === 1 ? `${deps.config.siteTitle}: hair-loss treatments, read carefully` : `Articles, page ${page}`,
      suffix: page !== 1,
      description: 'Evidence-minded articles on hair-loss treatments: what the studies measured, how strong the evidence is, and how to try things safely.',
      canonical: page === 1 ? '/' : `/page/${page}`,
    }
    return { html: await renderToHtml(req, reply, (
      <ListingPage meta={meta} heading={page === 1 ? 'Latest articles' : 'Articles'} listing={listing} basePath=""
        intro={page === 1 ? <p class="lead">What the studies on hair-loss treatments actually measured, and how much weight they can bear.</p> : undefined}
        feeds={{ rss: '/feed.xml', atom: '/atom.xml' }} />
    )) }
  }
  /** A reader page, shared among anonymous readers (http/page-cache.ts) under `key`, and read from the replica when it may be. */
  const shared = (key: string, page: (d: Deps, req: FastifyRequest, reply: FastifyReply, n: number) => Promise<Rendered>) =>
    (req: FastifyRequest, reply: FastifyReply, n: number) => sendShared(deps, req, reply, `${key}:${req.url.split('?')[0]}`, async (version) => page(await readingDeps(deps, req, version), req, reply, n))
  const homePage = shared('home', home)
  app.get('/', (req, reply) => homePage(req, reply, 1))
  app.get('/page/:n', async (req, reply) => {
    const { n } = parseParams(PageParam, req.params)
    if (n === 1) return reply.redirect('/', 301)
    return homePage(req, reply, n)
  })

  /** An archive's first page at /<prefix>/:slug, later ones at …/page/:n (page 1 there redirects to the first). */
  const archiveRoutes = (prefix: string, render: (d: Deps, req: FastifyRequest, reply: FastifyReply, n: number) => Promise<Rendered>) => {
    const page = shared('archive', render)
    app.get(`${prefix}/:slug`, (req, reply) => page(req, reply, 1))
    app.get(`${prefix}/:slug/page/:n`, async (req, reply) => {
      const { slug, n } = parseParams(SlugPageParams, req.params)
      if (n === 1) return reply.redirect(`${prefix}/${slug}`, 301)
      return page(req, reply, n)
    })
  }

  const category = async (d: Deps, req: FastifyRequest, reply: FastifyReply, page: number): Promise<Rendered> => {
    const { slug } = parseParams(SlugParam, req.params)
    const found = await listCategory(d, slug, page)
    if (found.kind === 'not-found') throw new NotFound()
    const c = found.subject
    const listing = listed(found.result)
    const feeds = { rss: `/category/${c.slug}/feed.xml`, atom: `/category/${c.slug}/atom.xml` }
    return { html: await renderToHtml(req, reply, (
      <ListingPage
        meta={{
          title: page === 1 ? c.name : `${c.name}, page ${page}`, description: c.description || `Articles about ${c.name}.`,
          canonical: page === 1 ? `/category/${c.slug}` : `/category/${c.slug}/page/${page}`,
          feeds: [{ title: `${c.name} (RSS)`, href: feeds.rss }, { title: `${c.name} (Atom)`, href: feeds.atom, type: 'atom' }],
        }}
        eyebrow="Topic" heading={c.name} intro={c.description ? <p class="lead">{c.description}</p> : undefined}
        listing={listing} basePath={`/category/${c.slug}`} feeds={feeds} empty="No articles in this topic yet."
      />
    )) }
  }
  archiveRoutes('/category', category)

  const tag = async (d: Deps, req: FastifyRequest, reply: FastifyReply, page: number): Promise<Rendered> => {
    const { slug } = parseParams(SlugParam, req.params)
    const found = await listTag(d, slug, page)
    if (found.kind === 'not-found') throw new NotFound()
    const t = found.subject
    return { html: await renderToHtml(req, reply, (
      <ListingPage
        meta={{ title: page === 1 ? `Tagged “${t.name}”` : `Tagged “${t.name}”, page ${page}`, description: `Articles tagged ${t.name}.`, canonical: page === 1 ? `/tag/${t.slug}` : `/tag/${t.slug}/page/${page}` }}
        eyebrow="Tag" heading={t.name} listing={listed(found.result)} basePath={`/tag/${t.slug}`} empty="No articles carry this tag yet."
      />
    )) }
  }
  archiveRoutes('/tag', tag)

  const author = async (d: Deps, req: FastifyRequest, reply: FastifyReply, page: number): Promise<Rendered> => {
    const { slug } = parseParams(SlugParam, req.params)
    const found = await listAuthor(d, slug, page)
    if (found.kind === 'not-found') throw new NotFound()
    const u = found.subject
    return { html: await renderToHtml(req, reply, (
      <ListingPage
        meta={{ title: page === 1 ? u.name : `${u.name}, page ${page}`, description: u.bio || `Articles by ${u.name}.`, canonical: page === 1 ? `/author/${u.slug}` : `/author/${u.slug}/page/${page}` }}
        eyebrow="Author" heading={u.name} intro={u.bio ? <p class="lead author-bio">{u.bio}</p> : undefined}
        listing={listed(found.result)} basePath={`/author/${u.slug}`} empty={`${u.name} has not published an article yet.`}
      />
    )) }
  }
  archiveRoutes('/author', author)

  // Feeds and crawler files are public and the same for everyone: a short shared cache.
  const xmlReply = (reply: FastifyReply, type: string, body: string) =>
    reply.type(`${type}; charset=utf-8`).header('cache-control', 'public, max-age=300').send(body)

  app.get('/feed.xml', async (_req, reply) => xmlReply(reply, 'application/rss+xml', await rssFeed(deps, siteFeedScope(deps.config, 'rss'))))
  app.get('/atom.xml', async (_req, reply) => xmlReply(reply, 'application/atom+xml', await atomFeed(deps, siteFeedScope(deps.config, 'atom'))))
  app.get('/category/:slug/feed.xml', async (req, reply) => {
    const c = await findCategoryBySlug(deps.db, parseParams(SlugParam, req.params).slug)
    if (!c) throw new NotFound()
    return xmlReply(reply, 'application/rss+xml', await rssFeed(deps, categoryFeedScope(deps.config, c, 'rss')))
  })
  app.get('/category/:slug/atom.xml', async (req, reply) => {
    const c = await findCategoryBySlug(deps.db, parseParams(SlugParam, req.params).slug)
    if (!c) throw new NotFound()
    return xmlReply(reply, 'application/atom+xml', await atomFeed(deps, categoryFeedScope(deps.config, c, 'atom')))
  })
  app.get('/sitemap.xml', async (_req, reply) => xmlReply(reply, 'application/xml', await sitemap(deps)))
  app.get('/robots.txt', async (_req, reply) => reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(robotsTxt(deps.config.siteUrl)))

  // Uploaded images, streamed from storage (the data folder or a private
  // bucket): only server-made names, so no path can escape the folder. HEAD
  // is its own method here so it asks storage for the size alone (Fastify's
  // automatic HEAD would open the file and report a length of 0).
  app.route({ method: ['GET', 'HEAD'], url: '/media/:file', handler: async (req, reply) => {
    const { file } = parseParams(MediaFileParam, req.params)
    const m = MEDIA_FILE.exec(file)!
    return sendStored(req, reply, deps.storage, mediaKey(file), {
      'content-type': m[3] === 'webp' ? 'image/webp' : m[3] === 'png' ? 'image/png' : 'image/jpeg',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    })
  } })

  app.get('/:slug', async (req, reply) => renderArticle(deps, req, reply, parseParams(SlugParam, req.params).slug, {}))
  app.get('/:slug/comment-page/:n', async (req, reply) => {
    const { slug, n: page } = parseParams(SlugPageParams, req.params)
    // Page 1 lives at the article's own address.
    if (page === 1) return reply.redirect(`/${slug}`, 301)
    return renderArticle(deps, req, reply, slug, { commentPage: page })
  })
}

/**
 * The article page, as readers (or previewing staff) see it; discussion
 * re-renders it with a failed comment form. Anonymous readers with nothing of
 * their own on the page share one rendering per site version.
 */
export async function renderArticle(deps: Deps, req: FastifyRequest, reply: FastifyReply, slug: string, opts: ArticlePageOptions): Promise<FastifyReply> {
  const own = Boolean(opts.commentForm || opts.replyTo || opts.status)
  return sendShared(deps, req, reply, `article:${slug}:${opts.commentPage ?? 1}`, async (version) => articlePage(await readingDeps(deps, req, version), req, reply, slug, opts), { share: !own })
}

async function articlePage(deps: Deps, req: FastifyRequest, reply: FastifyReply, slug: string, opts: ArticlePageOptions): Promise<{ status: number; html: PageHtml }> {
  const found = await findArticleSection(deps, req.actor, slug)
  // The app's not-found handling answers: an old address in the redirects table first, else the helpful 404.
  if (found.kind === 'not-found') throw new NotFound()
  const { head, section } = found
  const comments = head.kind === 'post' && found.kind === 'visible'
    ? await commentsSection(deps, req, reply, subjectOf(head), opts)
    : null
  if (found.kind === 'preview') reply.header('x-robots-tag', 'noindex')
  const html = await renderToHtml(req, reply, (
    <ArticlePage
      meta={section.meta} section={await fillSection(deps, req, head.id, section)} isPost={head.kind === 'post'} comments={comments}
      preview={found.kind === 'preview' ? { id: head.id, status: head.status, publishedAt: head.publishedAt } : null}
    />
  ))
  return { status: opts.status ?? 200, html }
}

function subjectOf(a: { id: number; slug: string; title: string; authorId: number; commentsEnabled: boolean }): CommentSubject {
  return { articleId: a.id, slug: a.slug, title: a.title, authorUserId: a.authorId, commentsEnabled: a.commentsEnabled, path: `/${a.slug}` }
}

/** The published post a reader may comment on (pages take no comments). */
export async function findSubject(deps: Deps, slug: string): Promise<CommentSubject | null> {
  const a = await findArticleBySlug(deps.db, slug)
  if (!a || a.kind !== 'post' || !isVisible(a, deps.clock.now())) return null
  return subjectOf(a)
}

export async function renderNotFound(deps: Deps, req: FastifyRequest, reply: FastifyReply) {
  return sendHtml(reply, await notFoundHtml(deps, req, reply), 404)
}

async function notFoundHtml(deps: Deps, req: FastifyRequest, reply: FastifyReply): Promise<PageHtml> {
  const s = await notFoundSuggestions(deps)
  return renderToHtml(req, reply, <NotFoundPage latest={s.latest} categories={s.categories} />)
}
