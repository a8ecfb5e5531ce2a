import { Layout, type PageMeta } from '../../views/layout.js'
import { RawHtml, trustSanitized } from '../../views/html.js'
import { CsrfField } from '../../views/components.js'
import { Picture } from '../../content/index.js'
import type { ShownProduct, ShownVariant } from '../catalog.js'
import { Price, StockBadge } from './ProductCard.js'

export interface ProductView {
  product: ShownProduct
  currency: string
  meta: PageMeta
  /** Staff looking at a draft or archived product. */
  preview: boolean
  /** The SKU to show chosen (from ?sku=), if it is one of the product's. */
  selectedSku: string | null
  /** Where the shopper said they ship to, and what that means for this product. */
  shipTo: { country: string | null; note: { ships: boolean; message: string } | null; options: readonly { code: string; name: string }[] }
  /** This page's path, for the ship-to form to come back to. */
  path: string
}

/**
 * A product: pictures, name, price, the description, and a variant picker
 * that is a plain form (radio buttons named sku, a quantity, Add to cart), so
 * it works without JavaScript. A medicine says "Read the label; ask a
 * pharmacist" and links to the evidence article; no page shows ratings,
 * testimonials or outcome claims.
 */
export function ProductPage(v: ProductView) {
  const p = v.product
  const buyable = p.variants.filter((x) => x.stock.kind !== 'sold-out')
  const selected = buyable.find((x) => x.sku === v.selectedSku) ?? buyable[0] ?? null
  const prices = [...new Set(p.variants.map((x) => x.priceCents))]
  const cheapest = p.variants.length ? p.variants.reduce((a, b) => (b.priceCents < a.priceCents ? b : a)) : null
  return (
    <Layout meta={v.meta}>
      {v.preview ? (
        <div class="notice preview-banner" role="status">
          <strong>Preview.</strong> This product is {p.status}; shoppers cannot see it. <a href={`/admin/shop/products/${p.id}`}>Edit it</a>
        </div>
      ) : null}
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/shop">Shop</a>
        {p.category ? <>{' › '}<a href={`/shop/c/${p.category.slug}`}>{p.category.name}</a></> : null}
      </nav>
      <article class="product">
        <div class="product__media">
          {p.featured ? (
            <figure class="product__featured">
              <Picture media={p.featured} alt={p.featured.alt} sizes="(min-width: 44rem) 24rem, 100vw" eager />
            </figure>
          ) : null}
          {p.gallery.length ? (
            <ul class="product__gallery" aria-label="More pictures">
              {p.gallery.map((m) => <li><Picture media={m} alt={m.alt} sizes="(min-width: 44rem) 8rem, 30vw" /></li>)}
            </ul>
          ) : null}
        </div>
        <div class="product__main">
          <h1 class="product__name">{p.name}</h1>
          {p.summary ? <p class="lead product__summary">{p.summary}</p> : null}
          {cheapest ? (
            <p class="product__price">
              <Price priceCents={cheapest.priceCents} compareAtCents={prices.length === 1 ? cheapest.compareAtCents : null} currency={v.currency} from={prices.length > 1} />
            </p>
          ) : null}
          {p.productClass === 'medicine' ? <MedicineNotice evidencePath={p.evidencePath} /> : null}
          <ShipTo {...v.shipTo} path={v.path} />
          {p.variants.length ? <VariantForm variants={p.variants} selected={selected} currency={v.currency} /> : <p class="notice">This product cannot be ordered at the moment.</p>}
        </div>
      </article>
      {p.descriptionHtml ? (
        <section class="product__description" aria-labelledby="description-heading">
          <h2 id="description-heading">About this product</h2>
          <RawHtml class="prose" html={trustSanitized(p.descriptionHtml)} />
        </section>
      ) : null}
    </Layout>
  )
}

function MedicineNotice({ evidencePath }: { evidencePath: string }) {
  return (
    <aside class="notice medicine-notice" aria-label="Before you use this medicine">
      <p><strong>Read the label; ask a pharmacist</strong> whether this medicine suits you, especially if you are pregnant, breastfeeding, under 18 or have a heart condition.</p>
      {evidencePath ? <p><a href={evidencePath}>Read what the studies found, and how strong the evidence is</a></p> : null}
    </aside>
  )
}

function ShipTo({ country, note, options, path }: ProductView['shipTo'] & { path: string }) {
  return (
    <section class="ship-to" aria-labelledby="ship-to-heading">
      <h2 id="ship-to-heading" class="ship-to__heading">Shipping</h2>
      {note
        ? <p class={`ship-note ship-note--${note.ships ? 'ok' : 'blocked'}`} role="status">{note.message}</p>
        : <p class="ship-note">Tell us where you ship to and we will say whether this product can be sent there, before you pay.</p>}
      <form method="post" action="/shop/ship-to" class="ship-to__form">
        <CsrfField />
        <input type="hidden" name="back" value={path} />
        <label for="ship-to-country">Ship to</label>
        <select id="ship-to-country" name="country" required>
          <option value="" selected={!country}>Choose a country</option>
          {options.map((o) => <option value={o.code} selected={o.code === country}>{o.name}</option>)}
        </select>
        <button class="btn btn--secondary btn--small">Update</button>
      </form>
    </section>
  )
}

function VariantForm({ variants, selected, currency }: { variants: ShownVariant[]; selected: ShownVariant | null; currency: string }) {
  const allSoldOut = selected === null
  return (
    <form method="post" action="/shop/cart/add" class="variant-form">
      <CsrfField />
      <fieldset class="variant-form__options">
        <legend>{variants.length > 1 ? 'Choose an option' : 'Option'}</legend>
        {variants.map((x) => {
          const id = `variant-${x.sku.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
          const soldOut = x.stock.kind === 'sold-out'
          return (
            <div class={`choice variant-choice${soldOut ? ' variant-choice--sold-out' : ''}`}>
              <input type="radio" name="sku" id={id} value={x.sku} checked={x === selected} disabled={soldOut} required />
              <label for={id}>
                <span class="variant-choice__name">{x.name}</span>{' '}
                <Price priceCents={x.priceCents} compareAtCents={x.compareAtCents} currency={currency} />{' '}
                <StockBadge stock={x.stock} />
              </label>
            </div>
          )
        })}
      </fieldset>
      <div class="field variant-form__quantity">
        <label for="f-quantity">Quantity</label>
        <input id="f-quantity" type="number" name="quantity" min={1} max={99} step={1} value="1" inputMode="numeric" required disabled={allSoldOut} />
      </div>
      <button class="btn btn--primary" disabled={allSoldOut}>{allSoldOut ? 'Sold out' : 'Add to cart'}</button>
    </form>
  )
}
