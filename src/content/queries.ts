import type { ExpressionBuilder, Kysely, Transaction } from 'kysely'
import type { Db } from '../db/database.js'
import type { Tables } from '../db/tables.js'
import type { Insertable, Updateable } from 'kysely'
import type { ArticleKind, ArticleStatus, ArticlesTable, MediaTable, StudiesTable } from './tables.js'
import { parseVariants, type MediaInfo } from './media-urls.js'
import { prepared } from '../db/prepared.js'

// The content module's SQL. One query path for both databases: timestamps
// are ISO strings compared as such (text on SQLite, timestamptz on Postgres
// accepts the same literals), flags are 0/1.

type Q = Db | Kysely<Tables> | Transaction<Tables>

/** What lists show about an article. */
export interface ArticleSummary {
  id: number
  kind: ArticleKind
  slug: string
  title: string
  excerpt: string
  status: ArticleStatus
  publishedAt: string | null
  updatedAt: string
  authorName: string
  authorSlug: string
  featured: (MediaInfo & { alt: string }) | null
}

const summaryColumns = [
  'articles.id', 'articles.kind', 'articles.slug', 'articles.title', 'articles.excerpt', 'articles.status',
  'articles.published_at', 'articles.updated_at', 'users.name as author_name', 'users.slug as author_slug',
  'media.key as media_key', 'media.width as media_width', 'media.height as media_height', 'media.variants as media_variants', 'media.alt as media_alt',
] as const

function baseSummary(db: Q) {
  return db
    .selectFrom('articles')
    .innerJoin('users', 'users.id', 'articles.author_id')
    .leftJoin('media', 'media.id', 'articles.featured_media_id')
}

type SummaryRow = {
  id: number; kind: ArticleKind; slug: string; title: string; excerpt: string; status: ArticleStatus
  published_at: string | null; updated_at: string; author_name: string; author_slug: string
  media_key: string | null; media_width: number | null; media_height: number | null; media_variants: string | null; media_alt: string | null
}

function toSummary(r: SummaryRow): ArticleSummary {
  return {
    id: r.id, kind: r.kind, slug: r.slug, title: r.title, excerpt: r.excerpt, status: r.status,
    publishedAt: r.published_at, updatedAt: r.updated_at, authorName: r.author_name, authorSlug: r.author_slug,
    featured: r.media_key ? { key: r.media_key, width: r.media_width!, height: r.media_height!, variants: parseVariants(r.media_variants!), alt: r.media_alt ?? '' } : null,
  }
}

/** The filter every reader-facing query applies: published, and due. */
export interface Listing {
  kind?: ArticleKind
  /** A category and those below it. */
  categoryIds?: number[]
  tagId?: number
  authorId?: number
  /** Sticky posts first (the home page). */
  stickyFirst?: boolean
  now: string
}

function visibleQuery(db: Q, f: Listing) {
  let q = baseSummary(db)
    .where('articles.status', 'in', ['published', 'scheduled'])
    .where('articles.published_at', 'is not', null)
    .where('articles.published_at', '<=', f.now)
  if (f.kind) q = q.where('articles.kind', '=', f.kind)
  if (f.authorId !== undefined) q = q.where('articles.author_id', '=', f.authorId)
  if (f.categoryIds !== undefined) q = q.where(inCategories(f.categoryIds))
  if (f.tagId !== undefined) {
    const id = f.tagId
    q = q.where(({ exists, selectFrom, lit }) => exists(selectFrom('article_tags').select(lit(1).as('one')).whereRef('article_tags.article_id', '=', 'articles.id').where('article_tags.tag_id', '=', id)))
  }
  return q
}

// Filters by category or tag are a probe of the link table's primary key per
// article (EXISTS), not `articles.id IN (SELECT …)`: SQLite builds that
// subquery's list and a Bloom filter on every run, which cost an article page
// half a millisecond (its "earlier in" query) on a twelve-article site, ten
// times the query itself; the probe lets the listing index stop at the limit.
function inCategories(ids: number[]) {
  return ({ exists, selectFrom, lit }: ExpressionBuilder<Tables, 'articles'>) =>
    exists(selectFrom('article_categories').select(lit(1).as('one')).whereRef('article_categories.article_id', '=', 'articles.id').where('article_categories.category_id', 'in', ids))
}

export async function listVisible(db: Q, f: Listing, page: { limit: number; offset: number }): Promise<ArticleSummary[]> {
  let ordered = visibleQuery(db, f).select(summaryColumns)
  if (f.stickyFirst) ordered = ordered.orderBy('articles.sticky', 'desc')
  const rows = await ordered
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  return rows.map(toSummary)
}

export async function countVisible(db: Q, f: Listing): Promise<number> {
  const row = await visibleQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Up to `limit` visible posts sharing a category, published before this one. */
export async function listEarlierInCategories(db: Q, a: { id: number; publishedAt: string; categoryIds: number[]; now: string; limit: number }) {
  if (!a.categoryIds.length) return []
  const rows = await visibleQuery(db, { kind: 'post', now: a.now })
    .where('articles.id', '!=', a.id)
    .where('articles.published_at', '<', a.publishedAt)
    .where(inCategories(a.categoryIds))
    .select(summaryColumns)
    .orderBy('articles.published_at', 'desc')
    .limit(a.limit)
    .execute()
  return rows.map(toSummary)
}

/** A whole article (body, review and comment settings, author bio) by its slug or its id. */
async function findArticle(db: Q, by: { slug: string } | { id: number }) {
  const row = await baseSummary(db)
    .select([...summaryColumns, 'articles.body_html', 'articles.body_md', 'articles.author_id', 'articles.reviewed_by', 'articles.reviewed_at',
      'articles.comments_enabled', 'articles.sticky', 'articles.created_at', 'articles.featured_media_id', 'users.bio as author_bio'])
    .where((eb) => ('slug' in by ? eb('articles.slug', '=', by.slug) : eb('articles.id', '=', by.id)))
    .executeTakeFirst()
  return row ? toArticle(row) : undefined
}

export const findArticleBySlug = (db: Q, slug: string) => findArticle(db, { slug })
export const findArticleById = (db: Q, id: number) => findArticle(db, { id })

function toArticle(row: SummaryRow & { body_html: string; body_md: string; author_id: number; reviewed_by: string | null; reviewed_at: string | null; comments_enabled: number; sticky: number; created_at: string; featured_media_id: number | null; author_bio: string }) {
  return {
    ...toSummary(row),
    bodyHtml: row.body_html,
    bodyMd: row.body_md,
    authorId: row.author_id,
    authorBio: row.author_bio,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    commentsEnabled: row.comments_enabled === 1,
    sticky: row.sticky === 1,
    createdAt: row.created_at,
    featuredMediaId: row.featured_media_id,
  }
}

export type Article = NonNullable<Awaited<ReturnType<typeof findArticleById>>>

/**
 * What an article page needs before its own section: who may see it, what
 * comments it takes, and the content version a kept section must name
 * (content_state, moved by triggers on every table the section shows).
 */
const articleHead = prepared((db, slug: string) => db.selectFrom('articles')
  .select(['id', 'kind', 'slug', 'title', 'status', 'published_at', 'author_id', 'comments_enabled'])
  .select((eb) => eb.fn.coalesce(eb.selectFrom('content_state').select('version').where('id', '=', 1), eb.lit(0)).as('content_version'))
  .where('slug', '=', slug))

export async function findArticleHead(db: Q, slug: string) {
  const [row] = await articleHead(db, slug)
  if (!row) return undefined
  return {
    id: row.id, kind: row.kind, slug: row.slug, title: row.title, status: row.status, publishedAt: row.published_at,
    authorId: row.author_id, commentsEnabled: row.comments_enabled === 1, contentVersion: Number(row.content_version),
  }
}

export type ArticleHead = NonNullable<Awaited<ReturnType<typeof findArticleHead>>>

export function categoriesOf(db: Q, articleId: number) {
  return db.selectFrom('categories').innerJoin('article_categories', 'article_categories.category_id', 'categories.id')
    .select(['categories.id', 'categories.slug', 'categories.name']).where('article_categories.article_id', '=', articleId).orderBy('categories.name').execute()
}

export function tagsOf(db: Q, articleId: number) {
  return db.selectFrom('tags').innerJoin('article_tags', 'article_tags.tag_id', 'tags.id')
    .select(['tags.id', 'tags.slug', 'tags.name']).where('article_tags.article_id', '=', articleId).orderBy('tags.name').execute()
}

/** Categories of many articles at once (cards on a listing), keyed by article id. */
export async function categoriesOfMany(db: Q, articleIds: number[]) {
  const out = new Map<number, { slug: string; name: string }[]>()
  if (!articleIds.length) return out
  const rows = await db.selectFrom('categories').innerJoin('article_categories', 'article_categories.category_id', 'categories.id')
    .select(['article_categories.article_id', 'categories.slug', 'categories.name']).where('article_categories.article_id', 'in', articleIds).orderBy('categories.name').execute()
  for (const r of rows) out.set(r.article_id, [...(out.get(r.article_id) ?? []), { slug: r.slug, name: r.name }])
  return out
}

export function citationsOf(db: Q, articleId: number) {
  return db.selectFrom('studies').innerJoin('article_citations', 'article_citations.study_id', 'studies.id')
    .select(['studies.id', 'studies.key', 'studies.pmid', 'studies.doi', 'studies.authors', 'studies.title', 'studies.year', 'studies.journal', 'studies.design', 'studies.n', 'studies.url'])
    .where('article_citations.article_id', '=', articleId).orderBy('article_citations.position').execute()
}

export const findCategoryBySlug = (db: Q, slug: string) => db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst()
export const findTagBySlug = (db: Q, slug: string) => db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst()
export const listCategories = (db: Q) => db.selectFrom('categories').select(['id', 'slug', 'name', 'description']).orderBy('name').execute()
export const listTags = (db: Q) => db.selectFrom('tags').select(['id', 'slug', 'name']).orderBy('name').execute()

/** Categories with at least one visible post, for the 404 page and the sitemap. */
export function listCategoriesInUse(db: Q, now: string) {
  return db.selectFrom('categories').select(['categories.id', 'categories.slug', 'categories.name', 'categories.description'])
    .where('categories.id', 'in', (eb) => eb.selectFrom('article_categories').innerJoin('articles', 'articles.id', 'article_categories.article_id')
      .select('article_categories.category_id').where('articles.status', 'in', ['published', 'scheduled']).where('articles.published_at', '<=', now))
    .orderBy('categories.name').execute()
}

export function listTagsInUse(db: Q, now: string) {
  return db.selectFrom('tags').select(['tags.id', 'tags.slug', 'tags.name'])
    .where('tags.id', 'in', (eb) => eb.selectFrom('article_tags').innerJoin('articles', 'articles.id', 'article_tags.article_id')
      .select('article_tags.tag_id').where('articles.status', 'in', ['published', 'scheduled']).where('articles.published_at', '<=', now))
    .orderBy('tags.name').execute()
}

/** Authors with a visible post (sitemap). */
export function listAuthorsInUse(db: Q, now: string) {
  return db.selectFrom('users').select(['users.id', 'users.slug', 'users.name'])
    .where('users.id', 'in', (eb) => eb.selectFrom('articles').select('articles.author_id')
      .where('articles.status', 'in', ['published', 'scheduled']).where('articles.published_at', '<=', now))
    .orderBy('users.name').execute()
}

// ---- staff -----------------------------------------------------------------

export interface AdminFilter { status?: ArticleStatus; kind?: ArticleKind; categoryId?: number; authorId?: number; q?: string }

function adminQuery(db: Q, f: AdminFilter) {
  let q = baseSummary(db)
  if (f.status) q = q.where('articles.status', '=', f.status)
  if (f.kind) q = q.where('articles.kind', '=', f.kind)
  if (f.authorId !== undefined) q = q.where('articles.author_id', '=', f.authorId)
  if (f.categoryId !== undefined) {
    q = q.where(inCategories([f.categoryId]))
  }
  if (f.q) {
    // Lower-cased on both sides: LIKE is case-sensitive on Postgres.
    // Wildcards are dropped rather than escaped: SQLite's LIKE has no default escape character.
    const pattern = `%${f.q.toLowerCase().replace(/[\\%_]/g, '')}%`
    q = q.where((eb) => eb(eb.fn('lower', ['articles.title']), 'like', pattern))
  }
  return q
}

export async function listForStaff(db: Q, f: AdminFilter, page: { limit: number; offset: number }) {
  const rows = await adminQuery(db, f).select(summaryColumns)
    .orderBy('articles.updated_at', 'desc').orderBy('articles.id', 'desc').limit(page.limit).offset(page.offset).execute()
  return rows.map(toSummary)
}

export async function countForStaff(db: Q, f: AdminFilter): Promise<number> {
  const row = await adminQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Articles by stored status (published counts posts only: pages are not articles readers list). */
export async function countByStatus(db: Q): Promise<{ published: number; drafts: number; scheduled: number }> {
  const rows = await db.selectFrom('articles')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where((eb) => eb.or([eb('status', '<>', 'published'), eb('kind', '=', 'post')]))
    .groupBy('status').execute()
  const n = (status: ArticleStatus) => Number(rows.find((r) => r.status === status)?.n ?? 0)
  return { published: n('published'), drafts: n('draft'), scheduled: n('scheduled') }
}

export async function slugOwner(db: Q, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst())?.id
}

export async function insertArticle(db: Q, values: Insertable<ArticlesTable>): Promise<number> {
  return (await db.insertInto('articles').values(values).returning('id').executeTakeFirstOrThrow()).id
}

export async function updateArticle(db: Q, id: number, values: Updateable<ArticlesTable>) {
  await db.updateTable('articles').set(values).where('id', '=', id).execute()
}

export async function replaceCategories(db: Q, articleId: number, categoryIds: number[]) {
  await db.deleteFrom('article_categories').where('article_id', '=', articleId).execute()
  if (categoryIds.length) await db.insertInto('article_categories').values(categoryIds.map((category_id) => ({ article_id: articleId, category_id }))).execute()
}

export async function replaceTags(db: Q, articleId: number, tagIds: number[]) {
  await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute()
  if (tagIds.length) await db.insertInto('article_tags').values(tagIds.map((tag_id) => ({ article_id: articleId, tag_id }))).execute()
}

export async function replaceCitations(db: Q, articleId: number, studyIds: number[]) {
  await db.deleteFrom('article_citations').where('article_id', '=', articleId).execute()
  if (studyIds.length) await db.insertInto('article_citations').values(studyIds.map((study_id, i) => ({ article_id: articleId, study_id, position: i + 1 }))).execute()
}

/** Finds or creates tags by name; returns their ids. */
export async function ensureTags(db: Q, tags: { slug: string; name: string }[], now: string): Promise<number[]> {
  const ids: number[] = []
  for (const t of tags) {
    await db.insertInto('tags').values({ slug: t.slug, name: t.name, created_at: now }).onConflict((oc) => oc.column('slug').doNothing()).execute()
    const row = await db.selectFrom('tags').select('id').where('slug', '=', t.slug).executeTakeFirstOrThrow()
    ids.push(row.id)
  }
  return ids
}

export async function existingIds(db: Q, table: 'categories' | 'tags', ids: number[]): Promise<number[]> {
  if (!ids.length) return []
  return (await db.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id)
}

export async function insertCategory(db: Q, c: { slug: string; name: string; description: string; now: string }) {
  await db.insertInto('categories').values({ slug: c.slug, name: c.name, description: c.description, created_at: c.now })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ name: c.name, description: c.description })).execute()
  return (await db.selectFrom('categories').select('id').where('slug', '=', c.slug).executeTakeFirstOrThrow()).id
}

export async function setCategoryParent(db: Q, id: number, parentId: number | null) {
  await db.updateTable('categories').set({ parent_id: parentId }).where('id', '=', id).execute()
}

/** A category's id with every category below it, at any depth (a parent's archive lists them all). */
export async function categoryWithDescendants(db: Q, id: number): Promise<number[]> {
  const rows = await db.selectFrom('categories').select(['id', 'parent_id']).where('parent_id', 'is not', null).execute()
  const out = [id]
  const seen = new Set(out)
  for (let i = 0; i < out.length; i++) {
    for (const r of rows) if (r.parent_id === out[i] && !seen.has(r.id)) { seen.add(r.id); out.push(r.id) }
  }
  return out
}

// ---- media -----------------------------------------------------------------

export async function insertMedia(db: Q, values: Insertable<MediaTable>): Promise<number> {
  return (await db.insertInto('media').values(values).returning('id').executeTakeFirstOrThrow()).id
}

export async function mediaByKeys(db: Q, keys: string[]): Promise<Map<string, MediaInfo>> {
  const out = new Map<string, MediaInfo>()
  if (!keys.length) return out
  const rows = await db.selectFrom('media').select(['key', 'width', 'height', 'variants']).where('key', 'in', keys).execute()
  for (const r of rows) out.set(r.key, { key: r.key, width: r.width, height: r.height, variants: parseVariants(r.variants) })
  return out
}

/** Images by media id, with their alt text (the shop's product pictures). */
export async function mediaByIds(db: Q, ids: number[]): Promise<Map<number, MediaInfo & { alt: string }>> {
  const out = new Map<number, MediaInfo & { alt: string }>()
  if (!ids.length) return out
  const rows = await db.selectFrom('media').select(['id', 'key', 'width', 'height', 'variants', 'alt']).where('id', 'in', [...new Set(ids)]).execute()
  for (const r of rows) out.set(r.id, { key: r.key, width: r.width, height: r.height, variants: parseVariants(r.variants), alt: r.alt })
  return out
}

export async function findMediaById(db: Q, id: number) {
  const r = await db.selectFrom('media').select(['id', 'key', 'width', 'height', 'variants', 'alt', 'caption', 'original_name']).where('id', '=', id).executeTakeFirst()
  return r ? { id: r.id, key: r.key, width: r.width, height: r.height, variants: parseVariants(r.variants), alt: r.alt, caption: r.caption, originalName: r.original_name } : undefined
}

export async function countMedia(db: Q): Promise<number> {
  return Number((await db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
}

/** A page of the media library, newest first. */
export async function listMediaPage(db: Q, page: { limit: number; offset: number }) {
  const rows = await db.selectFrom('media')
    .select(['id', 'key', 'width', 'height', 'variants', 'alt', 'caption', 'original_name', 'uploaded_by', 'created_at'])
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute()
  return rows.map((r) => ({
    id: r.id, key: r.key, width: r.width, height: r.height, variants: parseVariants(r.variants), alt: r.alt, caption: r.caption,
    originalName: r.original_name, uploadedBy: r.uploaded_by, createdAt: r.created_at,
  }))
}

/**
 * Articles and pages that show any of these images: as the featured image, or
 * in the body (a /media/<key>-… address in the Markdown). Keys are letters and
 * digits only (MEDIA_FILE), so they hold no LIKE wildcard.
 */
export async function articlesUsingMedia(db: Q, media: { id: number; key: string }[]) {
  if (!media.length) return []
  return db.selectFrom('articles')
    .select(['id', 'slug', 'title', 'kind', 'status', 'published_at as publishedAt', 'featured_media_id as featuredMediaId', 'body_md as bodyMd'])
    .where((eb) => eb.or([
      eb('featured_media_id', 'in', media.map((m) => m.id)),
      ...media.map((m) => eb('body_md', 'like', `%/media/${m.key}-%`)),
    ]))
    .orderBy('title').execute()
}

export async function updateMediaText(db: Q, id: number, text: { alt: string; caption: string }): Promise<boolean> {
  const r = await db.updateTable('media').set({ alt: text.alt, caption: text.caption }).where('id', '=', id).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function listRecentMedia(db: Q, limit: number) {
  const rows = await db.selectFrom('media').select(['id', 'key', 'width', 'height', 'variants', 'alt', 'original_name']).orderBy('id', 'desc').limit(limit).execute()
  return rows.map((r) => ({ id: r.id, key: r.key, width: r.width, height: r.height, variants: parseVariants(r.variants), alt: r.alt, originalName: r.original_name }))
}

// ---- studies ---------------------------------------------------------------

const studyColumns = ['id', 'key', 'pmid', 'doi', 'authors', 'title', 'year', 'journal', 'design', 'n', 'url', 'note'] as const

export function studiesByKeys(db: Q, keys: string[]) {
  if (!keys.length) return Promise.resolve([])
  return db.selectFrom('studies').select(studyColumns).where('key', 'in', keys).execute()
}

export const listStudies = (db: Q) => db.selectFrom('studies').select(studyColumns).orderBy('year', 'desc').orderBy('authors').execute()
export const findStudyById = (db: Q, id: number) => db.selectFrom('studies').select(studyColumns).where('id', '=', id).executeTakeFirst()

export async function studyKeyOwner(db: Q, key: string): Promise<number | undefined> {
  return (await db.selectFrom('studies').select('id').where('key', '=', key).executeTakeFirst())?.id
}

export async function citingArticleCount(db: Q, studyId: number): Promise<number> {
  const row = await db.selectFrom('article_citations').select((eb) => eb.fn.countAll<number>().as('n')).where('study_id', '=', studyId).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function insertStudy(db: Q, values: Insertable<StudiesTable>): Promise<number> {
  return (await db.insertInto('studies').values(values).returning('id').executeTakeFirstOrThrow()).id
}

export async function updateStudy(db: Q, id: number, values: Updateable<StudiesTable>) {
  await db.updateTable('studies').set(values).where('id', '=', id).execute()
}

/** Whether any article or page exists at all (the demo seeds only an empty site). */
export async function hasAnyArticle(db: Q): Promise<boolean> {
  return !!(await db.selectFrom('articles').select('id').limit(1).executeTakeFirst())
}

/** These articles' ids, slugs, titles, authors and publication dates. */
export function listArticleHeads(db: Q, ids: number[]) {
  if (!ids.length) return Promise.resolve([])
  return db.selectFrom('articles').select(['id', 'slug', 'title', 'author_id', 'published_at']).where('id', 'in', ids).execute()
}

// What site search indexes of an article (content/search-documents.ts).
const searchColumns = ['id', 'slug', 'title', 'excerpt', 'body_html', 'status', 'published_at', 'updated_at'] as const

/** One article's searchable fields, whatever its status. */
export function findSearchableArticle(db: Q, articleId: number) {
  return db.selectFrom('articles').select(searchColumns).where('id', '=', articleId).executeTakeFirst()
}

/** Every published or scheduled article's searchable fields, by id. */
export function listSearchableArticles(db: Q) {
  return db.selectFrom('articles').select(searchColumns)
    .where('status', 'in', ['published', 'scheduled']).where('published_at', 'is not', null).orderBy('id').execute()
}
