import type { FastifyInstance } from 'fastify'
import type { Kysely, Transaction } from 'kysely'
import type { Deps } from '../deps.js'
import type { Tables } from '../db/tables.js'
import { cleanStoredText, deleteSearchRow, hasSearchRowOfKind, listSearchRefsOfKind, writeSearchRow } from './queries.js'
import { normalizeText } from './text.js'
import { searchRoutes } from './routes.js'
import type { SearchKind } from './tables.js'

// The search module's public face. Modules that own searchable things
// (content's articles, the forum's topics and posts) call indexDocument when
// one becomes visible or changes and removeDocument when it stops being
// visible, in the same transaction as their own write.

export type { SearchKind } from './tables.js'
export { plainTextFromHtml } from './text.js'
export { searchDocuments, type SearchHit, type SearchResult } from './queries.js'

type Q = Kysely<Tables> | Transaction<Tables>

export interface SearchDocument {
  kind: SearchKind
  /** The owner's public id: an article's slug, a thread's or post's short id. */
  ref: string
  url: string
  title: string
  /** Plain text, not HTML (plainTextFromHtml turns rendered HTML into it). */
  body: string
  /** The category shown with it; `categories` lists every one it is filed under, when more than this. */
  category?: { slug: string; name: string } | null
  /** Every category the document is filed under, the shown one first (defaults to `category` alone). */
  categories?: { slug: string; name: string }[]
  /** Searches made before this moment do not find it (a scheduled article). */
  publishedAt: string
  updatedAt: string
}

// Long enough for any article or post; a pasted novel is cut, not refused.
const MAX_TITLE = 300
const MAX_BODY = 200_000

/** Adds the document to the index, or replaces the one with the same kind and ref. */
export async function indexDocument(db: Q, doc: SearchDocument): Promise<void> {
  const categories = doc.categories ?? (doc.category ? [doc.category] : [])
  const shown = doc.category ?? categories[0] ?? null
  await writeSearchRow(db, {
    kind: doc.kind,
    ref: doc.ref,
    url: doc.url,
    title: cleanStoredText(normalizeText(doc.title)).slice(0, MAX_TITLE),
    body: cleanStoredText(normalizeText(doc.body)).slice(0, MAX_BODY),
    category_slug: shown?.slug ?? null,
    category_name: shown?.name ?? null,
    categories,
    published_at: doc.publishedAt,
    updated_at: doc.updatedAt,
  })
}

/** Takes the document out of the index (no error when it was not there). */
export async function removeDocument(db: Q, kind: SearchKind, ref: string): Promise<void> {
  await deleteSearchRow(db, kind, ref)
}

/**
 * Makes the index hold exactly these documents of one kind: each indexed
 * afresh, every other entry of that kind removed. Owners call it to rebuild
 * their part (content's reindexArticles).
 */
export async function replaceKind(deps: Pick<Deps, 'db'>, kind: SearchKind, docs: SearchDocument[]): Promise<number> {
  const keep = new Set(docs.map((d) => d.ref))
  await deps.db.transaction().execute(async (trx) => {
    for (const ref of await listSearchRefsOfKind(trx, kind)) if (!keep.has(ref)) await removeDocument(trx, kind, ref)
    for (const doc of docs) await indexDocument(trx, doc)
  })
  return docs.length
}

/** Whether any document of this kind is indexed (a site older than search has none). */
export async function hasIndexed(deps: Pick<Deps, 'db'>, kind: SearchKind): Promise<boolean> {
  return hasSearchRowOfKind(deps.db, kind)
}

export async function registerSearch(app: FastifyInstance, deps: Deps) {
  searchRoutes(app, deps)
}
