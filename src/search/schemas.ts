import { z } from 'zod'

// /search's query string. Forgiving on purpose: a search link someone edited
// by hand gets a results page, never an error; a value that makes no sense
// is dropped (all kinds, first page) rather than refused.

export const SEARCH_KINDS = ['article', 'topic', 'post', 'product'] as const
export type SearchKindFilter = (typeof SEARCH_KINDS)[number]

// The query is cut, not refused: the first dozen words are all search uses.
export const MAX_QUERY = 200

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v)
const text = z.preprocess(first, z.string().optional().catch(undefined))

export const SearchQuery = z.object({
  q: text.transform((v) => (v ?? '').trim().slice(0, MAX_QUERY)),
  kind: z.preprocess(first, z.enum(SEARCH_KINDS).optional().catch(undefined)),
  category: z.preprocess(first, z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(80).optional().catch(undefined)),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(500).optional().catch(undefined)).transform((v) => v ?? 1),
})

export type SearchInput = z.output<typeof SearchQuery>
