import type { FastifyInstance } from 'fastify'
import { renderToString } from 'preact-render-to-string'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { NotFound } from '../http/errors.js'
import { pictureSources } from '../content/index.js'
import { catalogPage, embeddedCards, findProductFor } from './catalog.js'
import { findCart } from './cart-session.js'
import { rulesForCountry } from './queries/pricing.js'
import { shippingNote } from './rules.js'
import { countryOptions } from './countries.js'
import { productJsonLd } from './product-json-ld.js'
import { CatalogPage } from './views/CatalogPage.js'
import { ProductPage } from './views/ProductPage.js'
import { EmbedNote, ProductCard } from './views/ProductCard.js'

// /shop, /shop/c/<category>, /shop/p/<product>: the catalog and product pages.

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$/
const SlugParam = z.object({ slug: z.string().regex(SLUG) })
const ProductQuery = z.object({ sku: z.string().max(64).optional() }).catch({})

function slugOr404(params: unknown): string {
  const parsed = SlugParam.safeParse(params)
  if (!parsed.success) throw new NotFound()
  return parsed.data.slug
}

export function catalogRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/shop', async (req, reply) => {
    const data = (await catalogPage(deps))!
    return render(req, reply, (
      <CatalogPage data={data} meta={{ title: 'Shop', description: 'Derma rollers, minoxidil and scalp care from the Crown shop, with the rules for each country shown before you pay.', canonical: '/shop' }} />
    ))
  })

  app.get('/shop/c/:slug', async (req, reply) => {
    const data = await catalogPage(deps, slugOr404(req.params))
    if (!data?.category) throw new NotFound()
    const c = data.category
    return render(req, reply, (
      <CatalogPage data={data} meta={{ title: `${c.name} · Shop`, description: c.description || `${c.name} in the Crown shop.`, canonical: `/shop/c/${c.slug}` }} />
    ))
  })

  app.get('/shop/p/:slug', async (req, reply) => {
    const lookup = await findProductFor(deps, req.actor, slugOr404(req.params))
    if (lookup.kind === 'not-found') throw new NotFound()
    const { product, currency } = lookup
    const cart = await findCart(deps, req)
    const country = cart?.country ?? null
    const note = country ? shippingNote(await rulesForCountry(deps.db, country), { productId: product.id, productClass: product.productClass }, country) : null
    const site = { title: deps.config.siteTitle, url: deps.config.siteUrl }
    const preview = lookup.kind === 'preview'
    if (preview) reply.header('x-robots-tag', 'noindex')
    const path = `/shop/p/${product.slug}`
    return render(req, reply, (
      <ProductPage
        product={product} currency={currency} preview={preview} path={path}
        selectedSku={ProductQuery.parse(req.query ?? {}).sku ?? null}
        shipTo={{ country, note, options: countryOptions() }}
        meta={{
          title: product.name, description: product.summary || undefined, canonical: path, noindex: preview,
          image: product.featured ? pictureSources(product.featured).largestSrc : undefined,
          jsonLd: productJsonLd(site, product, currency),
        }}
      />
    ))
  })
}

/**
 * The product cards an article embeds ([[product:slug]]), as HTML rendered
 * from JSX (every text escaped), by slug. Readers get cards of active
 * products only; staff get a note where a reader would see nothing.
 */
export async function productCardsHtml(deps: Pick<Deps, 'db'>, slugs: string[], o: { staff: boolean }): Promise<Map<string, string>> {
  const { currency, cards } = await embeddedCards(deps, slugs.filter((s) => SLUG.test(s)), o)
  const out = new Map<string, string>()
  for (const [slug, c] of cards) {
    out.set(slug, renderToString(c.kind === 'card'
      ? <aside class="product-embed" aria-label={`Product: ${c.card.name}`}><ProductCard card={c.card} currency={currency} headingLevel={3} embedded /></aside>
      : <EmbedNote slug={c.slug} reason={c.reason} />))
  }
  return out
}
