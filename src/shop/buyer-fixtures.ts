import { after, before } from 'node:test'
import type { Dialect } from '../db/database.js'
import { testApp, type Agent, type TestApp } from '../test/harness.js'
import { makeProduct, makeStandardShop } from './fixtures.js'

// A buyer's steps through the cart and checkout forms, as a browser without
// JavaScript takes them (tests only).

export interface DemoShop {
  roller: { productId: number; variantIds: number[] }
  minoxidil: { productId: number; variantIds: number[] }
  rates: { standard: number; express: number; world: number }
}

export interface DemoShopOptions { rollerStock?: number | null; minoxidilStock?: number | null }

/** The standard shop (fixtures.ts) with a derma roller and minoxidil foam. */
export async function makeDemoShop(t: TestApp, o: DemoShopOptions = {}): Promise<DemoShop> {
  const { eu, world } = await makeStandardShop(t.deps.db)
  const roller = await makeProduct(t.deps.db, {
    name: 'Derma roller', productClass: 'device',
    variants: [
      { sku: `ROLLER-05-${t.dialect}`, name: '0.5 mm', priceCents: 1990, stock: 10, weightGrams: 120 },
      { sku: `ROLLER-10-${t.dialect}`, name: '1.0 mm', priceCents: 2190, stock: o.rollerStock === undefined ? 10 : o.rollerStock, weightGrams: 120 },
    ],
  })
  const minoxidil = await makeProduct(t.deps.db, {
    name: 'Minoxidil 5% foam', productClass: 'medicine',
    variants: [
      { sku: `MINOX-1M-${t.dialect}`, name: '1 month', priceCents: 1790, stock: o.minoxidilStock === undefined ? 20 : o.minoxidilStock, weightGrams: 90, supplyMonths: 1 },
      { sku: `MINOX-3M-${t.dialect}`, name: '3 months', priceCents: 4490, stock: 20, weightGrams: 250, supplyMonths: 3 },
    ],
  })
  return { roller, minoxidil, rates: { standard: eu.rateIds[0], express: eu.rateIds[1], world: world.rateIds[0] } }
}

/**
 * For the enclosing describe block: a fresh app on `dialect` with the demo
 * shop, made before its tests and closed after them. Tests read `t` and
 * `shop` from the returned object, which the before hook fills in.
 */
export function withDemoShop(dialect: Dialect, o: DemoShopOptions = {}): { t: TestApp; shop: DemoShop } {
  const made = {} as { t: TestApp; shop: DemoShop }
  before(async () => {
    made.t = await testApp(dialect)
    made.shop = await makeDemoShop(made.t, o)
  })
  after(() => made.t.close())
  return made
}

export async function skuOf(t: TestApp, variantId: number): Promise<string> {
  return (await t.deps.db.selectFrom('shop_variants').select('sku').where('id', '=', variantId).executeTakeFirstOrThrow()).sku
}

/** Adds to the cart the way the product page's form does (fetching a page first for the CSRF token). */
export async function addItem(t: TestApp, agent: Agent, variantId: number, quantity = 1) {
  if (!agent.csrfToken) await agent.get('/shop/cart')
  return agent.post('/shop/cart/add', { sku: await skuOf(t, variantId), quantity: String(quantity), back: '/shop' })
}

export async function shipTo(agent: Agent, country: string) {
  if (!agent.csrfToken) await agent.get('/shop/cart')
  return agent.post('/shop/ship-to', { country, back: '/shop/cart' })
}

const hidden = (body: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1] ?? ''

/** Opens checkout and returns the form's hidden fields (idempotency key, quoted totals) and the chosen shipping method. */
export async function openCheckout(agent: Agent): Promise<{ key: string; quoted: string; shipping: string; body: string; status: number }> {
  const res = await agent.get('/shop/checkout')
  const shipping = /name="shipping" id="[^"]+" value="(\d+)" checked/.exec(res.body)?.[1] ?? ''
  return { key: hidden(res.body, 'key'), quoted: hidden(res.body, 'quoted'), shipping, body: res.body, status: res.statusCode }
}

export const GERMAN_ADDRESS = { name: 'Greta Gast', line1: 'Hauptstraße 5', line2: '', city: 'Berlin', region: '', postcode: '10115', country: 'DE', phone: '' }

/** The checkout form as a buyer fills it in (every field present, overrides win). */
export function checkoutFields(form: { key: string; quoted: string; shipping: string }, o: Record<string, string> = {}): Record<string, string> {
  return {
    email: 'greta@example.com', ...GERMAN_ADDRESS, shipping: form.shipping, payment: 'bank_transfer', note: '', terms: 'on',
    key: form.key, quoted: form.quoted, action: 'place', ...o,
  }
}
