import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { searchDocuments, searchFacets, searchTerms, type SearchFacets, type SearchHit } from './queries.js'
import type { SearchInput } from './schemas.js'

export const PER_PAGE = 10

export type SearchOutcome =
  | { kind: 'no-words'; input: SearchInput }
  | { kind: 'results'; input: SearchInput; total: number; hits: SearchHit[]; pages: number; facets: SearchFacets }

/** Runs a reader's search: the page of hits, the total, and the counts for the filters. */
export async function runSearch(deps: Pick<Deps, 'db' | 'clock'>, input: SearchInput): Promise<SearchOutcome> {
  // Punctuation, emoji or nothing at all: there is no word to look for.
  if (!searchTerms(input.q).length) return { kind: 'no-words', input }
  const scope = { query: input.q, kinds: input.kind ? [input.kind] : undefined, category: input.category, now: iso(deps.clock.now()) }
  const result = await searchDocuments(deps.db, { ...scope, page: input.page, perPage: PER_PAGE })
  const facets = await searchFacets(deps.db, scope)
  return { kind: 'results', input, total: result.total, hits: result.hits, pages: Math.max(1, Math.ceil(result.total / PER_PAGE)), facets }
}
