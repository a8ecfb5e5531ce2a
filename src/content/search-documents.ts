import type { Kysely, Transaction } from 'kysely'
import type { Deps } from '../deps.js'
import type { Tables } from '../db/tables.js'
import { indexDocument, plainTextFromHtml, removeDocument, replaceKind, type SearchDocument } from '../search/index.js'
import { categoriesOf, findSearchableArticle, listSearchableArticles } from './queries.js'

// What site search knows about articles: published and scheduled ones
// (search hides a scheduled one until its time, by date), never drafts.

type Q = Kysely<Tables> | Transaction<Tables>

type ArticleRow = { id: number; slug: string; title: string; excerpt: string; body_html: string; status: string; published_at: string | null; updated_at: string }

function toDocument(a: ArticleRow & { published_at: string }, categories: { slug: string; name: string }[]): SearchDocument {
  return {
    kind: 'article',
    ref: a.slug,
    url: `/${a.slug}`,
    title: a.title,
    body: `${a.excerpt} ${plainTextFromHtml(a.body_html)}`,
    // Filed under every category, so search's topic filter finds it under
    // each; the first by name, as its page lists them, is the one shown.
    category: categories[0] ? { slug: categories[0].slug, name: categories[0].name } : null,
    categories: categories.map((c) => ({ slug: c.slug, name: c.name })),
    publishedAt: a.published_at,
    updatedAt: a.updated_at,
  }
}

/**
 * Brings the search index in line with the article as saved: indexed when
 * published or scheduled, removed when a draft. Runs inside the save's
 * transaction; a changed slug drops the entry under the old one.
 */
export async function syncArticleSearch(db: Q, articleId: number, previousSlug?: string): Promise<void> {
  const a = await findSearchableArticle(db, articleId)
  if (previousSlug && previousSlug !== a?.slug) await removeDocument(db, 'article', previousSlug)
  if (!a) return
  if (a.status === 'draft' || !a.published_at) return removeDocument(db, 'article', a.slug)
  await indexDocument(db, toDocument({ ...a, published_at: a.published_at }, await categoriesOf(db, a.id)))
}

/** Every article search should know, as documents (for a full reindex). */
export async function searchableArticles(deps: Pick<Deps, 'db'>): Promise<SearchDocument[]> {
  const rows = await listSearchableArticles(deps.db)
  const out: SearchDocument[] = []
  for (const a of rows) {
    out.push(toDocument({ ...a, published_at: a.published_at! }, await categoriesOf(deps.db, a.id)))
  }
  return out
}

/** Rebuilds the article part of the search index from the articles table. */
export async function reindexArticles(deps: Pick<Deps, 'db'>): Promise<number> {
  return replaceKind(deps, 'article', await searchableArticles(deps))
}
