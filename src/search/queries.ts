import { SqliteAdapter, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { Tables } from '../db/tables.js'
import type { Insertable } from 'kysely'
import type { SearchDocumentsTable, SearchKind } from './tables.js'

// Full-text search over search_documents, one function for both databases:
// SQLite answers from the FTS5 table search_fts (porter stemming, bm25),
// PostgreSQL from the generated tsvector and its GIN index (english config,
// ts_rank_cd). Callers never see which one ran.

type Q = Kysely<Tables> | Transaction<Tables>

// The database marks matches in snippets with these private-use characters;
// the text is escaped first and only then are the marks turned into <mark>,
// so nothing stored can smuggle markup into a results page. Stored text has
// them removed (cleanStoredText), so a document cannot forge a mark either.
export const MARK_START = '\uE000'
export const MARK_END = '\uE001'
const SENTINELS = /[\uE000\uE001]/g

// Search terms: words of letters and digits only. Everything a query
// language could read as syntax (quotes, *, :, parentheses, AND/NEAR as
// operators) is dropped or quoted, so no typed query can be a syntax error.
const MAX_TERMS = 12
const MAX_TERM_LENGTH = 60
// The last word also matches as a prefix ("minox" finds minoxidil), from
// three letters on: shorter prefixes match nearly everything.
const PREFIX_MIN = 3

export interface SearchOptions {
  query: string
  kinds?: SearchKind[]
  category?: string
  page: number
  perPage: number
  /** Documents dated later are not found yet (a scheduled article). */
  now: string
}

export interface SearchHit {
  kind: SearchKind
  ref: string
  url: string
  title: string
  /** The escaped title with matches wrapped in <mark>: safe to insert as HTML. */
  titleHtml: string
  /** Escaped text with matches wrapped in <mark>: safe to insert as HTML. */
  snippetHtml: string
  category: { slug: string; name: string } | null
  publishedAt: string
  rank: number
}

export interface SearchResult { total: number; hits: SearchHit[] }

export interface SearchFacets {
  kinds: { kind: SearchKind; count: number }[]
  categories: { slug: string; name: string; count: number }[]
}

/** The words of a typed query that search will look for (lower-cased, at most 12). */
export function searchTerms(query: string): string[] {
  const words = query.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return [...new Set(words.map((w) => w.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_TERMS)
}

function isSqlite(db: Q): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter
}

/** FTS5 MATCH text: every term a quoted string (quotes cannot occur in terms), all required. */
function ftsMatch(terms: string[]): string {
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 && t.length >= PREFIX_MIN ? '*' : ''}`).join(' ')
}

/** to_tsquery text: terms are letters and digits only, so none can be read as an operator. */
function tsQueryText(terms: string[]): string {
  return terms.map((t, i) => `${t}${i === terms.length - 1 && t.length >= PREFIX_MIN ? ':*' : ''}`).join(' & ')
}

function filters(o: { kinds?: SearchKind[]; category?: string; now: string }): RawBuilder<unknown> {
  const parts = [sql`d.published_at <= ${o.now}`]
  if (o.kinds?.length) parts.push(sql`d.kind in (${sql.join(o.kinds)})`)
  // Filed under any of its categories, not only the first it shows.
  if (o.category) parts.push(sql`exists (select 1 from search_document_categories sc where sc.document_id = d.id and sc.slug = ${o.category})`)
  return sql.join(parts, sql` and `)
}

/**
 * Finds documents matching every word of the query, best first (bm25 on
 * SQLite with the title weighted 10:1, ts_rank_cd on PostgreSQL with the
 * title weighted A), with a highlighted snippet of the body. A query with
 * no words finds nothing.
 */
export async function searchDocuments(db: Q, o: SearchOptions): Promise<SearchResult> {
  const terms = searchTerms(o.query)
  if (!terms.length) return { total: 0, hits: [] }
  const limit = Math.max(1, Math.floor(o.perPage))
  const offset = (Math.max(1, Math.floor(o.page)) - 1) * limit
  const where = filters(o)
  type Row = {
    kind: SearchKind; ref: string; url: string; title: string; title_marked: string | null; snippet: string
    category_slug: string | null; category_name: string | null; published_at: string; rank: number
  }
  let rows: Row[]
  let total: number
  if (isSqlite(db)) {
    const match = ftsMatch(terms)
    // bm25 is lower-is-better; rank is reported higher-is-better on both databases.
    rows = (await sql<Row>`
      select d.kind, d.ref, d.url, d.title, d.category_slug, d.category_name, d.published_at,
        snippet(search_fts, 1, ${MARK_START}, ${MARK_END}, '…', 28) as snippet,
        highlight(search_fts, 0, ${MARK_START}, ${MARK_END}) as title_marked,
        -bm25(search_fts, 10.0, 1.0) as rank
      from search_fts join search_documents d on d.id = search_fts.rowid
      where search_fts match ${match} and ${where}
      order by bm25(search_fts, 10.0, 1.0), d.published_at desc, d.id desc
      limit ${limit} offset ${offset}`.execute(db)).rows
    const n = await sql<{ n: number }>`
      select count(*) as n from search_fts join search_documents d on d.id = search_fts.rowid
      where search_fts match ${match} and ${where}`.execute(db)
    total = Number(n.rows[0].n)
  } else {
    const text = tsQueryText(terms)
    // The page of ids is chosen first; ts_headline, the costly part, runs on that page only.
    rows = (await sql<Row>`
      with q as (select to_tsquery('english', ${text}) as query),
      page as (
        select d.id, ts_rank_cd(d.search_vector, q.query) as rank
        from search_documents d, q
        where d.search_vector @@ q.query and ${where}
        order by rank desc, d.published_at desc, d.id desc
        limit ${limit} offset ${offset}
      )
      select d.kind, d.ref, d.url, d.title, d.category_slug, d.category_name, d.published_at, page.rank,
        ts_headline('english', d.body, q.query, ${headlineOptions}) as snippet,
        ts_headline('english', d.title, q.query, ${titleHeadlineOptions}) as title_marked
      from page join search_documents d on d.id = page.id, q
      order by page.rank desc, d.published_at desc, d.id desc`.execute(db)).rows
    const n = await sql<{ n: number }>`
      select count(*) as n from search_documents d
      where d.search_vector @@ to_tsquery('english', ${text}) and ${where}`.execute(db)
    total = Number(n.rows[0].n)
  }
  // Filtered by a category, every hit is filed under it: show that one, not its first.
  const filteredBy = o.category && rows.length
    ? await db.selectFrom('search_document_categories').select(['slug', 'name']).where('slug', '=', o.category).limit(1).executeTakeFirst()
    : undefined
  return {
    total,
    hits: rows.map((r) => ({
      kind: r.kind,
      ref: r.ref,
      url: r.url,
      title: r.title,
      titleHtml: markedTitleHtml(r.title, r.title_marked),
      snippetHtml: highlightHtml(r.snippet ?? ''),
      category: filteredBy ? { slug: filteredBy.slug, name: filteredBy.name } : r.category_slug ? { slug: r.category_slug, name: r.category_name ?? r.category_slug } : null,
      publishedAt: r.published_at,
      rank: Number(r.rank),
    })),
  }
}

const titleHeadlineOptions = `StartSel="${MARK_START}", StopSel="${MARK_END}", HighlightAll=true`
const headlineOptions = `StartSel="${MARK_START}", StopSel="${MARK_END}", MaxWords=32, MinWords=16, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`

/**
 * How many documents match per kind (within the chosen category) and per
 * category (within the chosen kinds): the counts beside the filter links.
 */
export async function searchFacets(db: Q, o: Omit<SearchOptions, 'page' | 'perPage'>): Promise<SearchFacets> {
  const terms = searchTerms(o.query)
  if (!terms.length) return { kinds: [], categories: [] }
  const byKind = filters({ category: o.category, now: o.now })
  const byCategory = filters({ kinds: o.kinds, now: o.now })
  const matches = isSqlite(db)
    ? (w: RawBuilder<unknown>, join = sql``) => sql`from search_fts join search_documents d on d.id = search_fts.rowid ${join} where search_fts match ${ftsMatch(terms)} and ${w}`
    : (w: RawBuilder<unknown>, join = sql``) => sql`from search_documents d ${join} where d.search_vector @@ to_tsquery('english', ${tsQueryText(terms)}) and ${w}`
  const kinds = await sql<{ kind: SearchKind; n: number }>`select d.kind, count(*) as n ${matches(byKind)} group by d.kind order by d.kind`.execute(db)
  // A document counts once under each of its categories.
  const categories = await sql<{ slug: string; name: string; n: number }>`
    select sc.slug, max(sc.name) as name, count(*) as n ${matches(byCategory, sql`join search_document_categories sc on sc.document_id = d.id`)}
    group by sc.slug order by max(sc.name)`.execute(db)
  return {
    kinds: kinds.rows.map((r) => ({ kind: r.kind, count: Number(r.n) })),
    categories: categories.rows.map((r) => ({ slug: r.slug, name: r.name, count: Number(r.n) })),
  }
}

/** The database's plan for a search (tests check it reads the full-text index). */
export async function searchPlan(db: Q, query: string): Promise<string> {
  const terms = searchTerms(query)
  const now = new Date().toISOString()
  if (isSqlite(db)) {
    const r = await sql<{ detail: string }>`explain query plan
      select d.id from search_fts join search_documents d on d.id = search_fts.rowid
      where search_fts match ${ftsMatch(terms)} and d.published_at <= ${now} order by bm25(search_fts, 10.0, 1.0)`.execute(db)
    return r.rows.map((row) => row.detail).join('\n')
  }
  const r = await sql<{ 'QUERY PLAN': string }>`explain
    select d.id from search_documents d where d.search_vector @@ to_tsquery('english', ${tsQueryText(terms)}) and d.published_at <= ${now}`.execute(db)
  return r.rows.map((row) => row['QUERY PLAN']).join('\n')
}

/**
 * The title with its matches marked, when the database gave back the title
 * itself with marks (FTS5 always does; ts_headline leaves out what its parser
 * takes for tags, and then the plain, escaped title is shown instead).
 */
export function markedTitleHtml(title: string, marked: string | null): string {
  if (marked !== null && marked.replace(SENTINELS, '') === title) return highlightHtml(marked)
  return escapeHtml(title)
}

/** Escapes marked text for HTML, then turns the database's match marks into <mark>. */
export function highlightHtml(marked: string): string {
  return escapeHtml(marked)
    .replace(/\uE000([^\uE000\uE001]*)\uE001/g, '<mark>$1</mark>')
    .replace(SENTINELS, '')
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Removes the match-mark characters from text about to be stored. */
export function cleanStoredText(s: string): string {
  return s.replace(SENTINELS, '')
}

/** A search_documents row as written (its id is the database's), with every category it is filed under. */
export type SearchRow = Omit<Insertable<SearchDocumentsTable>, 'id'> & { categories: { slug: string; name: string }[] }

/**
 * Inserts or replaces the document (kind, ref). On SQLite the FTS5 table
 * holds no text of its own (external content), so the old entry is deleted
 * with the old text before the row changes, then the new text is added;
 * callers run this inside a transaction (writeSearchRow wraps one if not).
 */
export async function writeSearchRow(db: Q, { categories, ...row }: SearchRow): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (isSqlite(trx)) await dropFromFts(trx, row.kind, row.ref)
    const { id } = await trx.insertInto('search_documents').values(row)
      .onConflict((oc) => oc.columns(['kind', 'ref']).doUpdateSet({
        url: row.url, title: row.title, body: row.body, category_slug: row.category_slug, category_name: row.category_name,
        published_at: row.published_at, updated_at: row.updated_at,
      }))
      .returning('id').executeTakeFirstOrThrow()
    if (isSqlite(trx)) await sql`insert into search_fts (rowid, title, body) values (${id}, ${row.title}, ${row.body})`.execute(trx)
    await trx.deleteFrom('search_document_categories').where('document_id', '=', id).execute()
    const filed = [...new Map(categories.map((c) => [c.slug, c])).values()]
    if (filed.length) await trx.insertInto('search_document_categories').values(filed.map((c) => ({ document_id: id, slug: c.slug, name: c.name }))).execute()
  })
}

/** Deletes the document (kind, ref), if it is indexed. */
export async function deleteSearchRow(db: Q, kind: SearchKind, ref: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (isSqlite(trx)) await dropFromFts(trx, kind, ref)
    await trx.deleteFrom('search_documents').where('kind', '=', kind).where('ref', '=', ref).execute()
  })
}

async function dropFromFts(trx: Q, kind: SearchKind, ref: string) {
  const old = await trx.selectFrom('search_documents').select(['id', 'title', 'body']).where('kind', '=', kind).where('ref', '=', ref).executeTakeFirst()
  if (old) await sql`insert into search_fts (search_fts, rowid, title, body) values ('delete', ${old.id}, ${old.title}, ${old.body})`.execute(trx)
}

async function inTransaction(db: Q, fn: (trx: Q) => Promise<void>) {
  if (db.isTransaction) return fn(db)
  return db.transaction().execute(fn)
}

/** The refs of every indexed document of one kind. */
export async function listSearchRefsOfKind(db: Q, kind: SearchKind): Promise<string[]> {
  const rows = await db.selectFrom('search_documents').select('ref').where('kind', '=', kind).execute()
  return rows.map((r) => r.ref)
}

/** Whether any document of this kind is indexed. */
export async function hasSearchRowOfKind(db: Q, kind: SearchKind): Promise<boolean> {
  return !!(await db.selectFrom('search_documents').select('id').where('kind', '=', kind).limit(1).executeTakeFirst())
}
