import type { ComponentChildren } from 'preact'
import { Layout, type PageMeta } from '../../views/layout.js'
import { Pagination } from '../../views/components.js'
import type { ListingPage as Listing } from '../reading.js'
import { ArticleCard } from './parts.js'

/** Home, category, tag and author archives: a heading, an intro, cards, pagination. */
export function ListingPage({ meta, heading, eyebrow, intro, listing, basePath, feeds, empty }: {
  meta: PageMeta
  heading: string
  eyebrow?: string
  intro?: ComponentChildren
  listing: Listing
  /** Page n lives at `${basePath}/page/n`; page 1 at basePath itself. */
  basePath: string
  feeds?: { rss: string; atom: string }
  empty?: string
}) {
  const href = (p: number) => (p === 1 ? basePath || '/' : `${basePath}/page/${p}`)
  return (
    <Layout meta={meta}>
      <header class="listing__header">
        {eyebrow ? <p class="eyebrow">{eyebrow}</p> : null}
        <h1>{heading}</h1>
        {intro}
        {listing.page > 1 ? <p class="meta">Page {listing.page} of {listing.pages}</p> : null}
      </header>
      {listing.articles.length ? (
        <div class="post-list">
          {/* The first card's picture is the largest thing in a phone's first screen: fetched at once, not lazily. */}
          {listing.articles.map((a, i) => <ArticleCard article={a} eager={i === 0} />)}
        </div>
      ) : (
        <p class="muted">{empty ?? 'Nothing has been published here yet.'}</p>
      )}
      <Pagination page={listing.page} pages={listing.pages} href={href} />
      {feeds ? (
        <p class="meta listing__feeds">Follow: <a href={feeds.rss}>RSS feed</a> · <a href={feeds.atom}>Atom feed</a></p>
      ) : null}
    </Layout>
  )
}
