import { Picture } from '../../content/index.js'
import { formatMoney } from '../money.js'
import type { ProductCardData, StockState } from '../catalog.js'

// A product in a list or embedded in an article: picture, name, summary,
// today's price and stock. Pure (no view context), so the article page can
// have it rendered on its own. No ratings, reviews or outcome claims here.

/** The price, with a higher compare-at price struck through and read as "was". */
export function Price({ priceCents, compareAtCents, currency, from }: { priceCents: number; compareAtCents: number | null; currency: string; from?: boolean }) {
  return (
    <span class="price">
      {from ? 'From ' : null}
      <span class="price__now">{compareAtCents !== null ? <span class="visually-hidden">Now </span> : null}{formatMoney(priceCents, currency)}</span>
      {compareAtCents !== null ? (
        <>{' '}<s class="price__was"><span class="visually-hidden">was </span>{formatMoney(compareAtCents, currency)}</s></>
      ) : null}
    </span>
  )
}

export function stockLabel(s: StockState): string {
  switch (s.kind) {
    case 'in-stock': return 'In stock'
    case 'low': return `Only ${s.left} left`
    case 'sold-out': return 'Sold out'
  }
}

export function StockBadge({ stock }: { stock: StockState }) {
  return <span class={`stock stock--${stock.kind}`}>{stockLabel(stock)}</span>
}

export function ProductCard({ card, currency, headingLevel = 2, embedded }: { card: ProductCardData; currency: string; headingLevel?: 2 | 3; embedded?: boolean }) {
  const H = `h${headingLevel}` as 'h2'
  const href = `/shop/p/${card.slug}`
  return (
    <article class={`product-card${embedded ? ' product-card--embedded' : ''}`}>
      <a class="product-card__image" href={href} tabIndex={-1} aria-hidden="true">
        {card.featured
          ? <Picture media={card.featured} alt="" sizes={embedded ? '(min-width: 44rem) 12rem, 40vw' : '(min-width: 60rem) 18rem, (min-width: 40rem) 45vw, 100vw'} />
          : <span class="product-card__no-image" />}
      </a>
      <div class="product-card__text">
        {embedded ? <p class="eyebrow product-card__eyebrow">From our shop</p> : null}
        <H class="product-card__title"><a href={href}>{card.name}</a></H>
        {card.summary ? <p class="product-card__summary">{card.summary}</p> : null}
        <p class="product-card__buy">
          {card.priceCents !== null
            ? <Price priceCents={card.priceCents} compareAtCents={card.compareAtCents} currency={currency} from={card.fromPrice} />
            : <span class="price">Not available</span>}
          {' '}<StockBadge stock={card.stock} />
        </p>
      </div>
    </article>
  )
}

/** What staff see where an embedded product shows nothing to readers. */
export function EmbedNote({ slug, reason }: { slug: string; reason: string }) {
  return <p class="notice product-embed-note">Product “{slug}”: {reason}.</p>
}
