import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { absolutize, rssDocument, xml } from '../views/feed-xml.js'
import * as q from './queries.js'
import { contentHooksOf } from './hooks.js'
import { References } from './views/parts.js'

// RSS 2.0, Atom 1.0, the sitemap and robots.txt. Feeds carry the full
// sanitized body with absolute URLs; authors appear by name only (RSS's
// <author> wants an email address, so dc:creator is used instead).

export const FEED_SIZE = 20

interface FeedScope { title: string; description: string; selfPath: string; alternatePath: string; categoryId?: number }

interface FeedEntry { url: string; title: string; excerpt: string; html: string; published: string; updated: string; author: string; categories: string[] }

async function feedEntries(deps: Pick<Deps, 'db' | 'clock' | 'config'>, scope: FeedScope): Promise<FeedEntry[]> {
  const base = deps.config.siteUrl
  const now = iso(deps.clock.now())
  const categoryIds = scope.categoryId === undefined ? undefined : await q.categoryWithDescendants(deps.db, scope.categoryId)
  const rows = await q.listVisible(deps.db, { kind: 'post', categoryIds, now }, { limit: FEED_SIZE, offset: 0 })
  const cats = await q.categoriesOfMany(deps.db, rows.map((r) => r.id))
  const out: FeedEntry[] = []
  for (const r of rows) {
    const full = await q.findArticleById(deps.db, r.id)
    if (!full) continue
    const url = `${base}/${r.slug}`
    const refs = renderToString(h(References, { citations: await q.citationsOf(deps.db, r.id) }))
    out.push({
      url, title: r.title, excerpt: r.excerpt, html: absolutize(full.bodyHtml + refs, base, url),
      published: r.publishedAt!, updated: r.updatedAt > r.publishedAt! ? r.updatedAt : r.publishedAt!, author: r.authorName,
      categories: (cats.get(r.id) ?? []).map((c) => c.name),
    })
  }
  return out
}

export async function rssFeed(deps: Pick<Deps, 'db' | 'clock' | 'config'>, scope: FeedScope): Promise<string> {
  const base = deps.config.siteUrl
  const entries = await feedEntries(deps, scope)
  return rssDocument(
    { title: scope.title, link: base + scope.alternatePath, self: base + scope.selfPath, description: scope.description, lastBuild: entries[0]?.updated ?? iso(deps.clock.now()) },
    entries.map((e) => ({
      title: e.title, url: e.url, published: e.published, author: e.author, categories: e.categories,
      description: e.excerpt, contentHtml: e.html, commentsUrl: `${e.url}#comments`,
    })),
  )
}

export async function atomFeed(deps: Pick<Deps, 'db' | 'clock' | 'config'>, scope: FeedScope): Promise<string> {
  const base = deps.config.siteUrl
  const entries = await feedEntries(deps, scope)
  const updated = entries.reduce((max, e) => (e.updated > max ? e.updated : max), entries[0]?.updated ?? iso(deps.clock.now()))
  const items = entries.map((e) => `  <entry>
    <title type="text">${xml(e.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(e.url)}"/>
    <id>${xml(e.url)}</id>
    <published>${e.published}</published>
    <updated>${e.updated}</updated>
    <author><name>${xml(e.author)}</name></author>
${e.categories.map((c) => `    <category term="${xml(c)}"/>\n`).join('')}    <summary type="text">${xml(e.excerpt)}</summary>
    <content type="html">${xml(e.html)}</content>
  </entry>`).join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">${xml(scope.title)}</title>
  <subtitle type="text">${xml(scope.description)}</subtitle>
  <link rel="alternate" type="text/html" href="${xml(base + scope.alternatePath)}"/>
  <link rel="self" type="application/atom+xml" href="${xml(base + scope.selfPath)}"/>
  <id>${xml(base + scope.selfPath)}</id>
  <updated>${updated}</updated>
${items}
</feed>
`
}

export function siteFeedScope(config: { siteTitle: string }, kind: 'rss' | 'atom'): FeedScope {
  return { title: config.siteTitle, description: 'Hair-loss treatments, read carefully', selfPath: kind === 'rss' ? '/feed.xml' : '/atom.xml', alternatePath: '/' }
}

export function categoryFeedScope(config: { siteTitle: string }, c: { id: number; slug: string; name: string; description: string }, kind: 'rss' | 'atom'): FeedScope {
  return {
    title: `${c.name} · ${config.siteTitle}`,
    description: c.description || `Articles about ${c.name}`,
    selfPath: `/category/${c.slug}/${kind === 'rss' ? 'feed.xml' : 'atom.xml'}`,
    alternatePath: `/category/${c.slug}`,
    categoryId: c.id,
  }
}

/** Every public page a search engine should know, with lastmod for articles; other modules add theirs through the content hooks. */
export async function sitemap(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<string> {
  const base = deps.config.siteUrl
  const now = iso(deps.clock.now())
  const urls: { loc: string; lastmod?: string }[] = []
  const newest = await q.listVisible(deps.db, { now }, { limit: 1, offset: 0 })
  urls.push({ loc: `${base}/`, lastmod: newest[0]?.updatedAt })
  for (const c of await q.listCategoriesInUse(deps.db, now)) urls.push({ loc: `${base}/category/${c.slug}` })
  for (const t of await q.listTagsInUse(deps.db, now)) urls.push({ loc: `${base}/tag/${t.slug}` })
  for (const u of await q.listAuthorsInUse(deps.db, now)) urls.push({ loc: `${base}/author/${u.slug}` })
  const total = await q.countVisible(deps.db, { now })
  for (let offset = 0; offset < total; offset += 500) {
    for (const a of await q.listVisible(deps.db, { now }, { limit: 500, offset })) urls.push({ loc: `${base}/${a.slug}`, lastmod: a.updatedAt })
  }
  for (const u of (await contentHooksOf(deps).moreSitemapPaths?.()) ?? []) urls.push({ loc: `${base}${u.path}`, lastmod: u.lastmod })
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `  <url><loc>${xml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`
}

export function robotsTxt(siteUrl: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /admin\n\nSitemap: ${siteUrl}/sitemap.xml\n`
}
