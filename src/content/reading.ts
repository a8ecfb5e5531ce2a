import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { findUserBySlug } from '../accounts/index.js'
import * as q from './queries.js'
import type { ArticleSummary } from './queries.js'
import { commentCounts } from './comment-counts.js'

// What readers may see. Every lookup goes through the same rule: published,
// or scheduled and due, unless the asker is staff previewing a draft.

export const PER_PAGE = 10
export const EARLIER_LIMIT = 4

export type ListedArticle = ArticleSummary & { categories: { slug: string; name: string }[]; commentCount: number }

export interface ListingPage { articles: ListedArticle[]; page: number; pages: number; total: number }

export type ListingResult = { kind: 'page'; listing: ListingPage } | { kind: 'out-of-range' }

async function listing(deps: Pick<Deps, 'db' | 'clock'>, filter: Omit<q.Listing, 'now'>, page: number): Promise<ListingResult> {
  const now = iso(deps.clock.now())
  const total = await q.countVisible(deps.db, { ...filter, now })
  const pages = Math.max(1, Math.ceil(total / PER_PAGE))
  if (page > pages) return { kind: 'out-of-range' }
  const rows = await q.listVisible(deps.db, { ...filter, now }, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE })
  return { kind: 'page', listing: { articles: await decorate(deps, rows), page, pages, total } }
}

async function decorate(deps: Pick<Deps, 'db'>, rows: ArticleSummary[]): Promise<ListedArticle[]> {
  const ids = rows.map((r) => r.id)
  const cats = await q.categoriesOfMany(deps.db, ids)
  const counts = await commentCounts(deps, ids)
  return rows.map((r) => ({ ...r, categories: cats.get(r.id) ?? [], commentCount: counts.get(r.id) ?? 0 }))
}

/** The home page: published posts, sticky ones first, then newest first, ten a page. */
export function listHome(deps: Pick<Deps, 'db' | 'clock'>, page: number) {
  return listing(deps, { kind: 'post', stickyFirst: true }, page)
}

export type ArchiveResult<T> = { kind: 'found'; subject: T; result: ListingResult } | { kind: 'not-found' }

export async function listCategory(deps: Pick<Deps, 'db' | 'clock'>, slug: string, page: number): Promise<ArchiveResult<{ id: number; slug: string; name: string; description: string }>> {
  const category = await q.findCategoryBySlug(deps.db, slug)
  if (!category) return { kind: 'not-found' }
  return { kind: 'found', subject: category, result: await listing(deps, { kind: 'post', categoryIds: await q.categoryWithDescendants(deps.db, category.id) }, page) }
}

export async function listTag(deps: Pick<Deps, 'db' | 'clock'>, slug: string, page: number): Promise<ArchiveResult<{ id: number; slug: string; name: string }>> {
  const tag = await q.findTagBySlug(deps.db, slug)
  if (!tag) return { kind: 'not-found' }
  return { kind: 'found', subject: tag, result: await listing(deps, { kind: 'post', tagId: tag.id }, page) }
}

export async function listAuthor(deps: Pick<Deps, 'db' | 'clock'>, slug: string, page: number): Promise<ArchiveResult<{ id: number; slug: string; name: string; bio: string }>> {
  const user = await findUserBySlug(deps.db, slug)
  if (!user) return { kind: 'not-found' }
  const result = await listing(deps, { kind: 'post', authorId: user.id }, page)
  // Only people who have published are authors; other accounts have no page.
  if (result.kind === 'page' && result.listing.total === 0 && !['admin', 'editor'].includes(user.role)) return { kind: 'not-found' }
  return { kind: 'found', subject: { id: user.id, slug: user.slug, name: user.name, bio: user.bio }, result }
}

export type ReaderArticle = NonNullable<Awaited<ReturnType<typeof q.findArticleBySlug>>>

export function isVisible(a: { status: string; publishedAt: string | null }, now: Date): boolean {
  return a.status !== 'draft' && a.publishedAt !== null && a.publishedAt <= iso(now)
}

/** Everything around an article's body: taxonomy, references, earlier posts. */
export async function articleSurroundings(deps: Pick<Deps, 'db' | 'clock'>, article: ReaderArticle) {
  const [categories, tags, citations] = await Promise.all([q.categoriesOf(deps.db, article.id), q.tagsOf(deps.db, article.id), q.citationsOf(deps.db, article.id)])
  const earlier = article.kind === 'post' && article.publishedAt
    ? await q.listEarlierInCategories(deps.db, { id: article.id, publishedAt: article.publishedAt, categoryIds: categories.map((c) => c.id), now: iso(deps.clock.now()), limit: EARLIER_LIMIT })
    : []
  return { categories, tags, citations, earlier }
}

/** The latest posts and the categories in use, for the helpful 404. */
export async function notFoundSuggestions(deps: Pick<Deps, 'db' | 'clock'>) {
  const now = iso(deps.clock.now())
  const [latest, categories] = await Promise.all([
    q.listVisible(deps.db, { kind: 'post', now }, { limit: 5, offset: 0 }),
    q.listCategoriesInUse(deps.db, now),
  ])
  return { latest, categories }
}

/** The newest visible posts (for other modules' sidebars and mails). */
export async function listLatestPosts(deps: Pick<Deps, 'db' | 'clock'>, limit = 5): Promise<ArticleSummary[]> {
  return q.listVisible(deps.db, { kind: 'post', now: iso(deps.clock.now()) }, { limit, offset: 0 })
}
