import { Layout } from '../../views/layout.js'
import { RawHtml, trustSanitized } from '../../views/html.js'
import { formatDate, plural } from '../../views/format.js'
import type { SearchHit } from '../queries.js'
import { PER_PAGE, type SearchOutcome } from '../searching.js'
import { MAX_QUERY, type SearchInput, type SearchKindFilter } from '../schemas.js'

const KIND_LABEL: Record<string, string> = { article: 'Article', topic: 'Forum topic', post: 'Forum post', comment: 'Comment', product: 'Shop' }
const KIND_FILTER_LABEL: Record<SearchKindFilter, string> = { article: 'Articles', topic: 'Forum topics', post: 'Forum posts', product: 'Shop' }

/** The /search address for these choices; empty ones are left out so links stay short. */
export function searchHref(input: Partial<SearchInput>): string {
  const params = new URLSearchParams()
  if (input.q) params.set('q', input.q)
  if (input.kind) params.set('kind', input.kind)
  if (input.category) params.set('category', input.category)
  if (input.page && input.page > 1) params.set('page', String(input.page))
  const qs = params.toString()
  return qs ? `/search?${qs}` : '/search'
}

export function SearchPage({ outcome }: { outcome: SearchOutcome }) {
  const { input } = outcome
  const title = input.q ? `Search: ${input.q}` : 'Search'
  return (
    <Layout meta={{ title, noindex: true, canonical: '/search' }}>
      <header class="listing__header">
        <h1>Search</h1>
        <SearchForm input={input} />
      </header>
      {outcome.kind === 'no-words' ? <NoWords typed={input.q} /> : <Results outcome={outcome} />}
    </Layout>
  )
}

function SearchForm({ input }: { input: SearchInput }) {
  return (
    <form class="search-form" role="search" aria-label="Search articles and the forum" method="get" action="/search">
      <label for="search-q">Search articles and the forum</label>
      <div class="search-form__row">
        <input id="search-q" type="search" name="q" value={input.q} maxLength={MAX_QUERY} autocomplete="off" spellcheck={false}
          aria-describedby="search-q-hint" />
        {input.kind ? <input type="hidden" name="kind" value={input.kind} /> : null}
        {input.category ? <input type="hidden" name="category" value={input.category} /> : null}
        <button class="btn btn--primary">Search</button>
      </div>
      <p class="field__hint" id="search-q-hint">Every word must appear; related forms count too (“needles” finds “needle”).</p>
    </form>
  )
}

function NoWords({ typed }: { typed: string }) {
  return (
    <section class="search-empty" aria-labelledby="search-empty-title">
      <h2 id="search-empty-title">{typed ? 'Type a word to search for' : 'What are you looking for?'}</h2>
      <p>
        {typed ? 'That search has no letters or numbers in it. ' : ''}
        Try a treatment or a question, for example <a href={searchHref({ q: 'scalp massage' })}>scalp massage</a>,{' '}
        <a href={searchHref({ q: 'microneedling depth' })}>microneedling depth</a> or <a href={searchHref({ q: 'minoxidil shedding' })}>minoxidil shedding</a>.
      </p>
    </section>
  )
}

function Results({ outcome }: { outcome: Extract<SearchOutcome, { kind: 'results' }> }) {
  const { input, total, hits, pages } = outcome
  const filtered = Boolean(input.kind || input.category)
  return (
    <>
      <Filters outcome={outcome} />
      <p class="search-summary" role="status">
        {total
          ? <>{plural(total, 'result', 'results')} for <strong>“{input.q}”</strong>{pages > 1 ? ` · page ${Math.min(input.page, pages)} of ${pages}` : ''}</>
          : <>No results for <strong>“{input.q}”</strong>{filtered ? ' with these filters' : ''}.</>}
      </p>
      {hits.length ? (
        <ol class="search-results" start={(input.page - 1) * PER_PAGE + 1}>
          {hits.map((hit) => <Hit hit={hit} />)}
        </ol>
      ) : total ? (
        <p>There are fewer pages than that. <a href={searchHref({ ...input, page: 1 })}>Back to the first page of results</a>.</p>
      ) : (
        <NoResults input={input} filtered={filtered} />
      )}
      <SearchPagination input={input} pages={pages} />
    </>
  )
}

function Hit({ hit }: { hit: SearchHit }) {
  return (
    <li class="search-result">
      {/* titleHtml and snippetHtml are escaped whole by db/search.ts; their
          only tags are the <mark>s added after escaping (see below). */}
      <h2 class="search-result__title"><RawHtml as="a" href={hit.url} html={trustSanitized(hit.titleHtml)} /></h2>
      <p class="meta search-result__meta">
        <span class={`search-kind search-kind--${hit.kind}`}>{KIND_LABEL[hit.kind] ?? hit.kind}</span>
        {hit.category ? <> · {hit.category.name}</> : null}
        {hit.kind === 'product' ? null : <>{' · '}<time datetime={hit.publishedAt}>{formatDate(hit.publishedAt)}</time></>}
      </p>
      {/* snippetHtml is the database's snippet escaped whole by highlightHtml
          (db/search.ts); the only tags in it are the <mark>s added after
          escaping, in place of private marker characters stored text cannot
          contain. */}
      <RawHtml as="p" class="search-result__snippet" html={trustSanitized(hit.snippetHtml)} />
    </li>
  )
}

function Filters({ outcome }: { outcome: Extract<SearchOutcome, { kind: 'results' }> }) {
  const { input, facets } = outcome
  const kindCounts = new Map(facets.kinds.map((k) => [k.kind, k.count]))
  const allKinds = facets.kinds.reduce((n, k) => n + k.count, 0)
  const categories = facets.categories
  // A chosen category with no matches still shows, so it can be cleared.
  const shownCategories = input.category && !categories.some((c) => c.slug === input.category)
    ? [...categories, { slug: input.category, name: input.category, count: 0 }]
    : categories
  if (!allKinds && !input.kind && !input.category) return null
  return (
    <nav class="search-filters" aria-label="Filter results">
      <div class="search-filters__group">
        <h2 class="search-filters__label" id="filter-kind">Show</h2>
        <ul aria-labelledby="filter-kind">
          <FilterLink href={searchHref({ ...input, kind: undefined, page: 1 })} current={!input.kind} label="Everything" count={allKinds} />
          {(Object.keys(KIND_FILTER_LABEL) as SearchKindFilter[])
            .filter((k) => kindCounts.has(k) || input.kind === k)
            .map((k) => <FilterLink href={searchHref({ ...input, kind: k, page: 1 })} current={input.kind === k} label={KIND_FILTER_LABEL[k]} count={kindCounts.get(k) ?? 0} />)}
        </ul>
      </div>
      {shownCategories.length ? (
        <div class="search-filters__group">
          <h2 class="search-filters__label" id="filter-category">Topic</h2>
          <ul aria-labelledby="filter-category">
            <FilterLink href={searchHref({ ...input, category: undefined, page: 1 })} current={!input.category} label="All topics" />
            {shownCategories.map((c) => (
              <FilterLink href={searchHref({ ...input, category: c.slug, page: 1 })} current={input.category === c.slug} label={c.name} count={c.count} />
            ))}
          </ul>
        </div>
      ) : null}
    </nav>
  )
}

function FilterLink({ href, current, label, count }: { href: string; current: boolean; label: string; count?: number }) {
  return (
    <li>
      <a class="search-filter" href={href} aria-current={current ? 'true' : undefined}>
        {label}{count !== undefined ? <span class="search-filter__count"> ({count.toLocaleString('en-US')})</span> : null}
      </a>
    </li>
  )
}

function NoResults({ input, filtered }: { input: SearchInput; filtered: boolean }) {
  return (
    <section class="search-empty" aria-labelledby="search-none-title">
      <h2 id="search-none-title">Nothing matched</h2>
      <ul>
        {filtered ? <li><a href={searchHref({ q: input.q })}>Search everything for “{input.q}”</a> instead of only these results.</li> : null}
        <li>Every word has to appear, so try fewer words or a more general one (“needling” rather than “dermaroller needling depth”).</li>
        <li>Check the spelling; names of medicines are easy to mistype.</li>
        <li>Browse the topics: <a href="/category/scalp-massage">scalp massage</a>, <a href="/category/microneedling">microneedling</a>, <a href="/category/minoxidil">minoxidil</a>.</li>
      </ul>
    </section>
  )
}

function SearchPagination({ input, pages }: { input: SearchInput; pages: number }) {
  if (pages <= 1 || input.page > pages) return null
  return (
    <nav class="pagination" aria-label="Result pages">
      {input.page > 1 ? <a rel="prev" href={searchHref({ ...input, page: input.page - 1 })}>← Previous</a> : <span />}
      <span class="pagination__status">Page {input.page} of {pages}</span>
      {input.page < pages ? <a rel="next" href={searchHref({ ...input, page: input.page + 1 })}>Next →</a> : <span />}
    </nav>
  )
}
