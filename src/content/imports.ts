import type { Db } from '../db/database.js'
import type { ArticleKind, ArticleStatus } from './tables.js'
import { describeProblem, renderBody } from './markdown.js'
import { loadBodyContext } from './publishing.js'
import * as q from './queries.js'
import { slugify, slugProblem } from './slugs.js'
import { syncArticleSearch } from './search-documents.js'

// What the importer (src/importer) writes through: content keeps its own
// rules (slugs, rendering, search) for imported articles exactly as for
// edited ones. Every function runs inside the importer's transaction.

/** A slug Crown accepts, from what the old site used: decoded, checked, else made from the title. */
export function importableSlug(wanted: string, title: string, fallback: string): string {
  let decoded = wanted
  try { decoded = decodeURIComponent(wanted) } catch { /* a stray % stays as written */ }
  for (const candidate of [decoded.toLowerCase(), slugify(decoded), slugify(title), fallback]) {
    const s = candidate.slice(0, 80).replace(/-+$/, '')
    if (s && !slugProblem(s)) return s
  }
  return fallback
}

/** A free slug: `slug` itself, else slug-2, slug-3… (another article holds it, not `selfId`). */
async function freeSlug(db: Db, slug: string, selfId: number | undefined): Promise<string> {
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? slug : `${slug.slice(0, 76)}-${i}`
    if (slugProblem(candidate)) continue
    const owner = await q.slugOwner(db, candidate)
    if (owner === undefined || owner === selfId) return candidate
  }
}

export interface ImportedTerm { slug: string; name: string; description: string; parentId: number | null }

/**
 * A category by slug: an existing one with that slug is the same category
 * (its name and place are updated), else it is created. Returns its id.
 */
export async function importCategory(db: Db, c: ImportedTerm, now: string): Promise<{ id: number; slug: string }> {
  const slug = importableSlug(c.slug, c.name, 'category')
  const id = await q.insertCategory(db, { slug, name: c.name.slice(0, 80), description: c.description.slice(0, 500), now })
  await q.setCategoryParent(db, id, c.parentId === id ? null : c.parentId)
  return { id, slug }
}

/** A tag by slug, found or created. Its address is /tag/<slug>. */
export async function importTag(db: Db, t: { slug: string; name: string }, now: string): Promise<{ id: number; slug: string }> {
  const slug = importableSlug(t.slug, t.name, 'tag')
  const [id] = await q.ensureTags(db, [{ slug, name: t.name.slice(0, 60) }], now)
  return { id: id!, slug }
}

export interface ImportedArticle {
  /** The article this import made before (a re-import updates it). */
  existingId?: number
  kind: ArticleKind
  /** The old site's slug; a clash or a reserved word gets a suffix, reported. */
  slug: string
  title: string
  excerpt: string
  bodyMd: string
  status: ArticleStatus
  publishedAt: string | null
  createdAt: string
  updatedAt: string
  authorId: number
  categoryIds: number[]
  tagIds: number[]
  commentsEnabled: boolean
  sticky: boolean
  featuredMediaId: number | null
}

export interface ImportedArticleResult {
  id: number
  slug: string
  /** The slug differs from the old one (taken, reserved or malformed). */
  slugChanged: boolean
  /** What the renderer could not resolve (an unknown image…), in words. */
  problems: string[]
}

/** Writes one imported article (insert or update), its terms and its search entry. */
export async function importArticle(db: Db, a: ImportedArticle): Promise<ImportedArticleResult> {
  // A draft WordPress never gave a slug gets one from its title.
  const wanted = importableSlug(a.slug, a.title, a.kind === 'page' ? 'page' : 'post')
  const slug = await freeSlug(db, wanted, a.existingId)
  const rendered = renderBody(a.bodyMd, await loadBodyContext(db, a.bodyMd))
  const previous = a.existingId !== undefined ? await q.findArticleById(db, a.existingId) : undefined
  const values = {
    slug,
    title: a.title.slice(0, 300) || '(untitled)',
    excerpt: a.excerpt.slice(0, 400),
    body_md: a.bodyMd,
    body_html: rendered.html as string,
    featured_media_id: a.featuredMediaId,
    status: a.status,
    published_at: a.publishedAt,
    comments_enabled: a.commentsEnabled ? 1 : 0,
    sticky: a.sticky ? 1 : 0,
    updated_at: a.updatedAt,
  }
  let id: number
  if (previous) {
    id = previous.id
    await q.updateArticle(db, id, values)
  } else {
    id = await q.insertArticle(db, { ...values, kind: a.kind, author_id: a.authorId, created_at: a.createdAt })
  }
  await q.replaceCategories(db, id, [...new Set(a.categoryIds)])
  await q.replaceTags(db, id, [...new Set(a.tagIds)])
  await q.replaceCitations(db, id, rendered.citations.map((c) => c.id))
  await syncArticleSearch(db, id, previous?.slug)
  return { id, slug, slugChanged: a.slug !== '' && slug !== decodeSafely(a.slug), problems: rendered.problems.map(describeProblem) }
}

function decodeSafely(s: string): string {
  try { return decodeURIComponent(s) } catch { return s }
}

/** An imported article's featured image, once its attachment is read (it may come after the post). */
export async function setFeaturedImage(db: Db, articleId: number, mediaId: number) {
  await q.updateArticle(db, articleId, { featured_media_id: mediaId })
}

/** An article as imported comments need it, by slug or id; null when there is none. */
export async function articleForComments(db: Db, by: { slug: string } | { id: number }): Promise<{ id: number; slug: string; title: string; authorId: number; commentsEnabled: boolean } | null> {
  const a = 'slug' in by ? await q.findArticleBySlug(db, by.slug) : await q.findArticleById(db, by.id)
  return a ? { id: a.id, slug: a.slug, title: a.title, authorId: a.authorId, commentsEnabled: a.commentsEnabled } : null
}
