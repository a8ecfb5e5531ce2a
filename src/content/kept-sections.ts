import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { jsxEscape } from 'preact/jsx-runtime'
import type { FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { isStaff, type Actor } from '../accounts/index.js'
import { JsonLdText, trustSanitized, type OutOfLinePiece } from '../views/html.js'
import type { PageMeta } from '../views/layout.js'
import { keptPartsPerHandle } from '../views/kept-parts.js'
import { siteTimeZone } from '../views/format.js'
import * as q from './queries.js'
import { articleSurroundings, isVisible } from './reading.js'
import { articleJsonLd } from './structured-data.js'
import { pictureSources } from './media-urls.js'
import { commentCounts } from './comment-counts.js'
import { PLACEHOLDER_SOURCE, productCards } from './product-embeds.js'
import { ArticleSection } from './views/ArticlePage.js'
import { commentCountLabel } from './views/parts.js'

// An article page's own section (the article with its references and tags,
// and the posts earlier in its categories) shows nothing of its reader and
// changes only when content does, yet making it took six queries and a
// render on every view. Each process now keeps the sections it has made,
// under the content version they were made at (content_state, moved by
// triggers on every table a section reads: 2026-12-02T0000) and the site's
// time zone. A view reads the article's head with that version in one query
// and uses the kept section when the version is the same; the database stays
// the truth, so a change made through any process, an import or by hand is
// shown at the next view. Time alone changes nothing in a section: whether
// the article is due is asked per view (its head), and a scheduled post
// falling due is dated after every post already shown, so it never joins
// their "earlier in".
//
// Two things in a section are live and filled per view: the comment count,
// and the shop's product cards (price and stock) at their placeholders.

/** Bytes of kept sections one process holds for one database, least recently used dropped first. */
export const KEPT_SECTION_BYTES = 8 * 1024 * 1024

type Hole = { kind: 'count' } | { kind: 'product'; slug: string }

/** A made section, cut at its holes and encoded once. */
export interface MadeSection {
  meta: PageMeta
  /** One more piece than holes: piece, hole, piece, … piece. */
  pieces: Buffer[]
  holes: Hole[]
  /** The products whose cards the holes show. */
  products: string[]
}

// Kept under the article and its key; a section made for a key no view asks
// for any more (the content moved on) ages out of the store.
const stores = keptPartsPerHandle<{ section: MadeSection; bytes: number }>(KEPT_SECTION_BYTES, (kept) => kept.bytes)

export type ArticleSectionLookup =
  | { kind: 'visible' | 'preview'; head: q.ArticleHead; section: MadeSection }
  | { kind: 'not-found' }

/**
 * The article at `slug` as this actor may see it (staff preview drafts and
 * posts not yet due), with its section: the kept one when it is current,
 * else made (and kept, when readers may see it).
 */
export async function findArticleSection(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor, slug: string): Promise<ArticleSectionLookup> {
  const head = await q.findArticleHead(deps.db, slug)
  if (!head) return { kind: 'not-found' }
  if (!isVisible(head, deps.clock.now())) {
    if (!isStaff(actor)) return { kind: 'not-found' }
    const made = await makeSection(deps, head.id, { preview: true })
    return made ? { kind: 'preview', head, section: made.section } : { kind: 'not-found' }
  }
  const key = `${head.contentVersion}|${siteTimeZone()}`
  const store = stores.of(deps.db)
  const kept = store.get(`${head.id}|${key}`)
  if (kept) return { kind: 'visible', head, section: kept.section }
  const made = await makeSection(deps, head.id, { preview: false })
  if (!made) return { kind: 'not-found' }
  // Kept under the version read before it was made: a change committed in
  // between is in the section already, and the next view, seeing the newer
  // version, makes it once more. A section is never older than its key.
  store.set(`${head.id}|${key}`, made)
  return { kind: 'visible', head, section: made.section }
}

/** How many sections this process has made to keep for a database (each view that could not use a kept one). */
export function sectionsMade(db: Db): number {
  return stores.of(db).kept
}

/** This view's section: the kept pieces with the comment count and today's product cards in their holes. */
export async function fillSection(deps: Deps, req: FastifyRequest, articleId: number, section: MadeSection): Promise<OutOfLinePiece[]> {
  const [counts, cards] = await Promise.all([
    section.holes.some((h) => h.kind === 'count') ? commentCounts(deps, [articleId]) : new Map<number, number>(),
    productCards(deps, req, section.products),
  ])
  const out: OutOfLinePiece[] = [section.pieces[0]]
  section.holes.forEach((hole, i) => {
    out.push(hole.kind === 'count' ? trustSanitized(jsxEscape(commentCountLabel(counts.get(articleId) ?? 0)) as string) : trustSanitized(cards.get(hole.slug) ?? ''))
    out.push(section.pieces[i + 1])
  })
  return out
}

// Holes are marked in the rendered section by text no article can contain
// (a per-process nonce), and product placeholders by the markup only the
// Markdown renderer emits for [[product:slug]].
const NONCE = Math.random().toString(36).slice(2, 10)
const COUNT_MARK = `crown-comment-count-${NONCE}`
const HOLES = new RegExp(`${COUNT_MARK}|${PLACEHOLDER_SOURCE}`, 'g')

async function makeSection(deps: Pick<Deps, 'db' | 'clock' | 'config'>, id: number, opts: { preview: boolean }) {
  const article = await q.findArticleById(deps.db, id)
  if (!article) return null
  const around = await articleSurroundings(deps, article)
  const site = { title: deps.config.siteTitle, url: deps.config.siteUrl }
  const meta: PageMeta = {
    title: article.title,
    description: article.excerpt || undefined,
    canonical: `/${article.slug}`,
    image: article.featured ? pictureSources(article.featured).largestSrc : undefined,
    type: article.kind === 'post' ? 'article' : 'website',
    publishedTime: article.kind === 'post' ? article.publishedAt ?? undefined : undefined,
    modifiedTime: article.kind === 'post' ? article.updatedAt : undefined,
    jsonLd: new JsonLdText(articleJsonLd(site, article, around.citations)),
    noindex: opts.preview,
  }
  const text = renderToString(h(ArticleSection, {
    article, categories: around.categories, tags: around.tags, citations: around.citations,
    earlier: around.earlier.map((a) => ({ ...a, categories: [], commentCount: 0 })),
    commentCountLabel: COUNT_MARK,
  }))
  const pieces: Buffer[] = []
  const holes: Hole[] = []
  let last = 0
  for (const m of text.matchAll(HOLES)) {
    pieces.push(Buffer.from(text.slice(last, m.index)))
    holes.push(m[1] ? { kind: 'product', slug: m[1] } : { kind: 'count' })
    last = m.index + m[0].length
  }
  pieces.push(Buffer.from(text.slice(last)))
  const products = [...new Set(holes.flatMap((h) => (h.kind === 'product' ? [h.slug] : [])))]
  const bytes = pieces.reduce((n, p) => n + p.length, 0) + JSON.stringify(meta).length
  return { section: { meta, pieces, holes, products }, bytes }
}
