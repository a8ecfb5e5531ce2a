import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { RunningSite } from './support.js'
import { newContext } from './support.js'
import { SiteClient, hiddenValue, type SiteResponse } from './site-client.js'
import { XSS_PAYLOADS } from './xss-payloads.js'
import { InjectionWatch, type Replays, errorsIn, flat, inLanes, openXssSite, pagesOf, text, type Visit } from './xss-scan.js'

// The XSS battery through every shop field a person types into (issue 8).
// Staff, through the back office's own forms: a category (name,
// description), a product (name, summary, Markdown description), its
// variant's name, a country rule (the reason shoppers read on the product
// page and in the cart, and its source), a shipping rate's name (shoppers
// choose it at checkout; it is copied onto the order), a zone's name, the
// tax's name and the bank details. Guests, through the real cart and
// checkout: one order per payload with the payload in every free-text
// address field and the note. Staff then add a note, mark the order paid
// and ship it with the payload as carrier and tracking number, and an
// article embeds every product's card. Every form is also refused with
// payloads in every field (seventeen to a page, so five pages hold all 85)
// and the page it sends back is kept.
//
// The pages that show all this are then opened in Chromium with
// e2e/xss-scan.ts's two checks (no dialog opens; nothing in the DOM could
// run): the catalog, categories, product pages with a ship-to country set,
// the cart over its caps, checkout, the article, site search's product results, each guest's order page
// and invoice (in the buyer's own browser, which holds the proof), the back
// office's orders, products, variants, categories, rules, zones, rates and
// settings, and every refused form. Each planted field is also looked for
// as text, so a payload that never got in fails the test.
//
// Guests come from their own addresses, told by the trusted proxy (the
// test), so the per-address limits hold and are never relaxed. The mails
// the shop sends are plain text, so they are not opened here.

const ENV = { TRUST_PROXY: '127.0.0.1' }
/** Orders per buyer browser: the order-proof cookie remembers 20 (order-pages.ts). */
const BUYERS = 5
/** One rate in ten is active, one zone per ten payloads. */
const CHUNK = 10
/** Payloads per refused form. */
const REFUSED_CHUNK = 17

interface Planted {
  i: number
  payload: string
  categoryId: number
  categoryName: string
  productId: number
  /** The name, summary and description kept the payload (claims.ts may refuse some copy). */
  copyKept: boolean
  productName: string
  variantId: number
  variantName: string
  reason: string
  rateId: number
  rateName: string
  // The order, placed by a guest.
  buyer: number
  token: string
  number: string
  address: { name: string; line1: string; line2: string; city: string; region: string }
  note: string
  staffNote: string
  carrier: string
  tracking: string
}

let site: RunningSite
let browser: Browser
let staffHttp: SiteClient
let staffBrowser: BrowserContext
let publicBrowser: BrowserContext
const planted: Planted[] = []
/** Pages the site sent back (refused forms, re-rendered checkout, flashes): [where, html]. */
const reflected: [string, string, Visit['expect']?][] = []
const watch = new InjectionWatch()
let germanyZoneId = 0
const zoneIds: number[] = []
/** The German VAT's name: every checkout, order and invoice shows it. */
const TAX_NAME = XSS_PAYLOADS.find((p) => p.length <= 40 && p.includes('"') && p.includes('<'))!
/** The bank details an unpaid bank-transfer order shows: as many payloads as fit 2,000 characters. */
const BANK_DETAILS = XSS_PAYLOADS.reduce((acc, p) => (acc.length + p.length + 1 <= 2000 ? (acc ? `${acc}\n${p}` : p) : acc), '')
const ruleIds: number[] = []

/** A guest: their own cookie jar, and their own address for each request. */
class Guest {
  readonly http: SiteClient
  constructor(base: string) { this.http = new SiteClient(base) }
  get(path: string) { return this.http.get(path, { 'x-forwarded-for': nextAddress() }) }
  post(path: string, fields: Record<string, string | string[]>) { return this.http.postForm(path, fields, { 'x-forwarded-for': nextAddress() }) }
}
let address = 0
const nextAddress = () => { address++; return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` }

const buyers: Guest[] = []
let shopper: Guest

let replays: Replays
const replay = (where: string, html: string): Visit => replays.visit(where, html)

/** A browser context that refuses images, styles and fonts, as openXssSite's do. */
async function scanContext(): Promise<BrowserContext> {
  const ctx = await newContext(browser)
  await ctx.route(/\.(png|jpe?g|webp|gif|svg|css|woff2?)(\?[^/]*)?$/, (r) => r.abort())
  return ctx
}

/** Gives a browser context the cookies an HTTP client holds (its cart, its order proofs). */
async function shareCookies(from: SiteClient, to: BrowserContext) {
  const cookies = from.cookieHeader().split('; ').filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=')
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: site.url }
  })
  await to.addCookies(cookies)
}

before(async () => {
  ({ site, staffHttp, browser, staffBrowser, publicBrowser, replays } = await openXssSite(ENV))
})
after(async () => {
  await browser?.close()
  await site?.stop()
})

/** The payload if it fits the field (trimmed, non-empty, at most `max`), else a plain fallback. */
const fits = (p: string, max: number, fallback: string) => (p.trim().length <= max && p.trim().length > 0 ? p : fallback)
const chunks = (size: number) => Array.from({ length: Math.ceil(XSS_PAYLOADS.length / size) }, (_, n) => n * size)
const joinedFrom = (from: number) => XSS_PAYLOADS.slice(from, from + REFUSED_CHUNK).join('\n')
const idIn = (location: string | null, re: RegExp) => Number(re.exec(location ?? '')?.[1] ?? 0)
const allIds = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => Number(m[1]))

/** Posts a staff form that must be accepted; keeps the page its redirect shows (the flash names what was saved). */
async function staffSaves(what: string, res: SiteResponse, keepFlash: boolean): Promise<string> {
  assert.equal(res.status, 303, `${what}: ${errorsIn(res.html) || res.html.slice(0, 300)}`)
  const location = res.location ?? ''
  if (keepFlash) {
    const shown = await staffHttp.get(location)
    assert.equal(shown.status, 200, `${what} → ${location}`)
    reflected.push([`${what}: the page after saving`, shown.html])
  }
  return location
}

test(`${XSS_PAYLOADS.length} payloads go in through the back office: categories, products, variants, country rules, rates, zones`, async () => {
  assert.ok(XSS_PAYLOADS.length >= 50)
  const shipping = await staffHttp.get('/admin/shop/shipping')
  germanyZoneId = Number(/href="\/admin\/shop\/shipping\/zones\/(\d+)">Germany</.exec(shipping.html)?.[1] ?? 0)
  assert.ok(germanyZoneId, 'the demo shop has its Germany zone')
  const rulesBefore = new Set(allIds((await staffHttp.get('/admin/shop/rules')).html, /href="\/admin\/shop\/rules\/(\d+)"/g))

  await inLanes(XSS_PAYLOADS, 4, async (p, i) => {
    // The page after saving shows the name in its flash: the first payload's is kept for each form.
    const leader = i === 0
    // The category.
    const categoryName = fits(p, 80, `Category ${i}`)
    const cat = await staffHttp.postForm('/admin/shop/categories', { name: categoryName, slug: `xss-cat-${i}`, description: fits(p, 400, ''), position: String(100 + i) })
    await staffSaves(`category #${i}`, cat, leader)
    const categoryId = Number(new RegExp(`id="cat-slug-(\\d+)" name="slug" value="xss-cat-${i}"`).exec((await staffHttp.get('/admin/shop/categories')).html)?.[1] ?? 0)
    assert.ok(categoryId, `category #${i} is listed`)

    // The product, its copy all payload. Copy that makes a health claim is refused and shown back.
    const productForm = (fields: Record<string, string>) => {
      const f = new FormData()
      for (const [k, v] of Object.entries(fields)) f.set(k, v)
      return f
    }
    const fields = {
      name: fits(p, 160, `Product ${i}`), slug: `xss-${i}`, summary: fits(p, 300, ''), description: `${p}\n\nxss-product-${i}`,
      product_class: 'device', category_id: String(categoryId), status: 'active', evidence_path: '', featured_media_id: '', featured_alt: '', position: String(100 + i),
    }
    let saved = await staffHttp.postMultipart('/admin/shop/products', productForm(fields))
    let copyKept = true
    if (saved.status === 422) {
      reflected.push([`product editor refused #${i}`, saved.html])
      assert.match(errorsIn(saved.html), /^((name|summary|description): [^;]*health claim[^;]*(; )?)+$/, `only claims are refused for #${i}: ${errorsIn(saved.html)}`)
      copyKept = false
      saved = await staffHttp.postMultipart('/admin/shop/products', productForm({ ...fields, name: `Product ${i}`, summary: '', description: `xss-product-${i}` }))
    }
    const productId = idIn(await staffSaves(`product #${i}`, saved, leader), /^\/admin\/shop\/products\/(\d+)$/)
    assert.ok(productId, `product #${i} → ${saved.location}`)

    // Its variant, named by the payload.
    const variantName = fits(p, 120, `Variant ${i}`)
    await staffSaves(`variant #${i}`, await staffHttp.postForm(`/admin/shop/products/${productId}/variants`, {
      sku: `XSS-${i}`, name: variantName, price: '10.00', compare_at: '', weight_grams: '100', stock: '', low_stock_threshold: '3', supply_months: '', active: 'on', position: '',
    }), leader)
    const variantId = Math.max(0, ...allIds((await staffHttp.get(`/admin/shop/products/${productId}`)).html, new RegExp(`href="/admin/shop/products/${productId}/variants/(\\d+)"`, 'g')))
    assert.ok(variantId, `variant #${i} is listed on its product`)

    // A country rule for it: Germany, at most 2 a order, the payload as the reason shoppers read and as the source.
    const reason = fits(p, 500, `Reason ${i}`)
    await staffSaves(`rule #${i}`, await staffHttp.postForm('/admin/shop/rules', {
      target: `product:${productId}`, country: 'DE', rule: 'capped', max_months: '', max_quantity: '2', reason, source: reason, reviewed_on: '2026-11-30',
    }), leader)

    planted[i] = {
      i, payload: p, categoryId, categoryName: categoryName.trim(), productId, copyKept, productName: copyKept ? fields.name.trim() : `Product ${i}`,
      variantId, variantName: variantName.trim(), reason: reason.trim(), rateId: 0, rateName: '',
      buyer: i % BUYERS, token: '', number: '', address: { name: '', line1: '', line2: '', city: '', region: '' }, note: '', staffNote: '', carrier: '', tracking: '',
    }
  })

  // Rates and zones one at a time, so each new id is the highest on its page. Every
  // payload names a rate in Germany; one in ten is active (a checkout offers at most 50).
  for (const a of planted) {
    const leader = a.i % CHUNK === 0
    const name = fits(a.payload, 80, `Rate ${a.i}`)
    await staffSaves(`rate #${a.i}`, await staffHttp.postForm(`/admin/shop/shipping/zones/${germanyZoneId}/rates`, {
      name, kind: 'flat', price: '4.90', bands: '', free_over: '', min_days: '1', max_days: '3', active: leader ? '1' : '', position: String(10 + a.i),
    }), a.i === 0)
    a.rateId = Math.max(0, ...allIds((await staffHttp.get(`/admin/shop/shipping/zones/${germanyZoneId}`)).html, /href="\/admin\/shop\/shipping\/rates\/(\d+)"/g))
    a.rateName = name.trim()
  }
  const zoneCountries = ['JP', 'KR', 'BR', 'AR', 'ZA', 'NZ', 'SG', 'IN', 'CL', 'TH']
  for (const from of chunks(CHUNK)) {
    const location = await staffSaves(`zone ${from}`, await staffHttp.postForm('/admin/shop/shipping/zones', {
      name: fits(XSS_PAYLOADS[from], 80, `Zone ${from}`), countries: zoneCountries[from / CHUNK], position: String(50 + from),
    }), from === 0)
    zoneIds.push(idIn(location, /^\/admin\/shop\/shipping\/zones\/(\d+)$/))
  }
  // The tax's name and the shop's bank details, both shown to buyers.
  await staffSaves('tax name', await staffHttp.postForm('/admin/shop/taxes', { country: 'DE', name: TAX_NAME, rate: '19', applies_to_shipping: '1' }), true)
  await staffSaves('bank details', await staffHttp.postForm('/admin/shop/settings', {
    currency: 'EUR', prices_include_tax: '1', hold_minutes: '60', bank_details: BANK_DETAILS, low_stock_email: '',
  }), true)
  ruleIds.push(...allIds((await staffHttp.get('/admin/shop/rules')).html, /href="\/admin\/shop\/rules\/(\d+)"/g).filter((id) => !rulesBefore.has(id)))
  assert.equal(ruleIds.length, XSS_PAYLOADS.length, 'every payload has its rule')
  assert.ok(zoneIds.every(Boolean))

  // Every back-office form refused with payloads in every field, seventeen payloads to a page.
  for (const from of chunks(REFUSED_CHUNK)) {
    const joined = joinedFrom(from)
    const bad = `${joined}\u0001`
    const a = planted[from]
    const forms: [string, string, Record<string, string>][] = [
      ['category form', '/admin/shop/categories', { name: bad, slug: joined, description: bad, position: joined }],
      ['category edit', `/admin/shop/categories/${a.categoryId}`, { name: bad, slug: joined, description: bad, position: joined }],
      ['variant form', `/admin/shop/products/${a.productId}/variants`, {
        sku: joined, name: bad, price: joined, compare_at: joined, weight_grams: joined, stock: joined, low_stock_threshold: joined, supply_months: joined, active: joined, position: joined,
      }],
      ['variant edit', `/admin/shop/products/${a.productId}/variants/${a.variantId}`, { sku: `XSS-${from}`, name: bad, price: joined, weight_grams: '100' }],
      ['stock form', `/admin/shop/products/${a.productId}/variants/${a.variantId}/stock`, { stock: joined }],
      ['rule form', '/admin/shop/rules', {
        target: joined, country: joined, rule: joined, max_months: joined, max_quantity: joined, reason: bad, source: bad, reviewed_on: joined,
      }],
      ['rule edit', `/admin/shop/rules/${ruleIds[0]}`, { target: `product:${a.productId}`, country: 'DE', rule: 'blocked', reason: bad, source: bad, reviewed_on: joined }],
      ['rate form', `/admin/shop/shipping/zones/${germanyZoneId}/rates`, {
        name: bad, kind: joined, price: joined, bands: joined, free_over: joined, min_days: joined, max_days: joined, active: joined, position: joined,
      }],
      ['rate edit', `/admin/shop/shipping/rates/${a.rateId}`, { name: bad, kind: 'weight', bands: joined, min_days: '1', max_days: '3' }],
      ['zone form', '/admin/shop/shipping/zones', { name: bad, countries: joined, rest_of_world: joined, cod_allowed: joined, position: joined }],
      ['zone edit', `/admin/shop/shipping/zones/${zoneIds[Math.floor(from / CHUNK)]}`, { name: bad, countries: 'JP' }],
      ['tax form', '/admin/shop/taxes', { country: joined, name: bad, rate: joined }],
      ['settings form', '/admin/shop/settings', { currency: joined, prices_include_tax: joined, hold_minutes: joined, bank_details: bad, low_stock_email: joined }],
    ]
    for (const [what, path, body] of forms) {
      const res = await staffHttp.postForm(path, body)
      assert.equal(res.status, 422, `${what} with payloads ${from}+: ${res.status} ${res.location ?? ''}`)
      reflected.push([`${what} refused, payloads ${from}+`, res.html])
    }
    const product = new FormData()
    for (const k of ['name', 'slug', 'summary', 'product_class', 'category_id', 'status', 'evidence_path', 'featured_media_id', 'featured_alt', 'position']) product.set(k, bad)
    product.set('description', XSS_PAYLOADS.slice(from, from + REFUSED_CHUNK).join('\n\n'))
    for (const path of ['/admin/shop/products', `/admin/shop/products/${a.productId}`]) {
      const res = await staffHttp.postMultipart(path, product)
      assert.equal(res.status, 422, `product form ${path} with payloads ${from}+`)
      reflected.push([`product form ${path} refused, payloads ${from}+`, res.html])
    }
  }
})

/** Adds one of `sku` to the guest's cart from its product page, shipping to Germany. */
async function addToCart(g: Guest, slug: string, sku: string, quantity: number) {
  const page = await g.get(`/shop/p/${slug}`)
  assert.equal(page.status, 200, `/shop/p/${slug}`)
  const added = await g.post('/shop/cart/add', { sku, quantity: String(quantity), back: `/shop/p/${slug}` })
  assert.equal(added.status, 303, `add ${sku}: ${added.html.slice(0, 200)}`)
}

test('guests order with a payload in every address field and the note; refused and re-rendered checkouts are kept', async () => {
  for (let b = 0; b < BUYERS; b++) buyers.push(new Guest(site.url))
  const addressOf = (p: string, i: number) => ({
    name: fits(p, 120, `Buyer ${i}`), line1: fits(p, 200, `Street ${i}`), line2: fits(p, 200, ''), city: fits(p, 120, `City ${i}`), region: fits(p, 120, ''),
  })

  // Each buyer browser places its orders one after another; the buyers run side by side.
  await inLanes(buyers, BUYERS, async (g, b) => {
    for (const a of planted.filter((x) => x.buyer === b)) {
      await addToCart(g, `xss-${a.i}`, `XSS-${a.i}`, 1)
      const shipTo = await g.post('/shop/ship-to', { country: 'DE', back: '/shop/cart' })
      assert.equal(shipTo.status, 303)
      const open = await g.get('/shop/checkout')
      assert.equal(open.status, 200, `checkout #${a.i}`)
      const leaderRate = planted[a.i - (a.i % CHUNK)]
      const quoted = hiddenValue(open.html, 'quoted') ?? ''
      assert.ok(quoted.split(',').some((q) => q.startsWith(`${leaderRate.rateId}:`)), `checkout #${a.i} offers the payload's rate (${quoted})`)
      const addr = addressOf(a.payload, a.i)
      const note = fits(a.payload, 1000, '')
      const placed = await g.post('/shop/checkout', {
        email: `buyer.${a.i}@example.com`, ...addr, postcode: '10115', country: 'DE', phone: '+49 30 1234567', shipping: String(leaderRate.rateId),
        payment: 'bank_transfer', note, terms: 'on', key: hiddenValue(open.html, 'key') ?? '', quoted, action: 'place',
      })
      assert.equal(placed.status, 303, `order #${a.i}: ${errorsIn(placed.html) || placed.html.slice(0, 300)}`)
      a.token = /^\/shop\/order\/([\w-]+)$/.exec(placed.location ?? '')?.[1] ?? ''
      assert.ok(a.token, `order #${a.i} → ${placed.location}`)
      const page = await g.get(placed.location!)
      assert.equal(page.status, 200)
      a.number = /<p class="eyebrow">Order ([A-Za-z0-9-]+)<\/p>/.exec(page.html)?.[1] ?? ''
      assert.ok(a.number, `order #${a.i}'s page shows the order (the buyer's browser holds the proof)`)
      if (a.i === 0) {
        reflected.push([`unpaid order page with its flash #${a.i}`, page.html, async (shown) => {
          assert.equal(flat(await text(shown, '.shop-bank')), flat(BANK_DETAILS.trim()), 'the unpaid order shows the bank details')
        }])
      }
      a.address = { name: addr.name.trim(), line1: addr.line1.trim(), line2: addr.line2.trim(), city: addr.city.trim(), region: addr.region.trim() }
      a.note = note.trim()
    }
  })

  // Checkout sent back with payloads in every field: re-rendered by "Update shipping",
  // refused when placing (a control character), and the order page's email proof refused.
  for (const from of chunks(REFUSED_CHUNK)) {
    const joined = joinedFrom(from)
    const g = new Guest(site.url)
    await addToCart(g, `xss-${from}`, `XSS-${from}`, 1)
    await g.post('/shop/ship-to', { country: 'DE', back: '/shop/cart' })
    const open = await g.get('/shop/checkout')
    const all = (extra: string) => ({
      email: joined, name: joined + extra, line1: joined + extra, line2: joined, city: joined, region: joined, postcode: joined, phone: joined,
      shipping: joined, payment: joined, note: joined + extra, terms: joined, key: hiddenValue(open.html, 'key') ?? '', quoted: joined, savedAddress: joined, saveAddress: joined,
    })
    const refresh = await g.post('/shop/checkout', { ...all(''), country: 'DE', action: 'refresh' })
    assert.equal(refresh.status, 200, `checkout refresh with payloads ${from}+`)
    reflected.push([`checkout re-rendered, payloads ${from}+`, refresh.html])
    const refused = await g.post('/shop/checkout', { ...all('\u0001'), country: joined, action: joined })
    assert.equal(refused.status, 422, `checkout with payloads ${from}+`)
    reflected.push([`checkout refused, payloads ${from}+`, refused.html])
    const wrongCountry = await g.post('/shop/checkout', { ...all('\u0001'), country: 'DE', action: 'place' })
    assert.equal(wrongCountry.status, 422)
    reflected.push([`checkout refused in Germany, payloads ${from}+`, wrongCountry.html])
    const cartRefused = await g.post('/shop/cart/add', { sku: joined, quantity: joined, back: joined })
    assert.equal(cartRefused.status, 422)
    reflected.push([`cart add refused, payloads ${from}+`, cartRefused.html])

    const stranger = new Guest(site.url)
    const ask = await stranger.get(`/shop/order/${planted[from].token}`)
    assert.equal(ask.status, 200)
    assert.match(ask.html, /class="shop-order-email"/, 'a browser without the proof is asked for the email')
    const email = await stranger.post(`/shop/order/${planted[from].token}`, { email: joined })
    assert.equal(email.status, 422)
    reflected.push([`order email refused, payloads ${from}+`, email.html])
  }

  // One shopper holds three of every product: over each rule's cap, so the cart shows every reason.
  shopper = new Guest(site.url)
  await inLanes(planted, 1, async (a) => addToCart(shopper, `xss-${a.i}`, `XSS-${a.i}`, 3))
  assert.equal((await shopper.post('/shop/ship-to', { country: 'DE', back: '/shop/cart' })).status, 303)
  await shareCookies(shopper.http, publicBrowser)
  assert.equal(planted.filter((a) => a.number).length, XSS_PAYLOADS.length)
})

test('staff note, pay and ship every order with payloads as the note, carrier and tracking number; an article embeds every product', async () => {
  await inLanes(planted, 4, async (a) => {
    const base = `/admin/shop/orders/${a.number}`
    const note = fits(a.payload, 2000, `Note ${a.i}`)
    await staffSaves(`staff note #${a.i}`, await staffHttp.postForm(`${base}/note`, { note }), false)
    await staffSaves(`paid #${a.i}`, await staffHttp.postForm(`${base}/pay`, {}), false)
    const carrier = fits(a.payload, 80, `Carrier ${a.i}`)
    const tracking = fits(a.payload, 100, `T${a.i}`)
    await staffSaves(`shipped #${a.i}`, await staffHttp.postForm(`${base}/ship`, { carrier, tracking_number: tracking }), a.i === 0)
    a.staffNote = note.trim()
    a.carrier = carrier.trim()
    a.tracking = tracking.trim()
  })
  for (const from of chunks(REFUSED_CHUNK)) {
    const joined = joinedFrom(from)
    const base = `/admin/shop/orders/${planted[from].number}`
    const ship = await staffHttp.postForm(`${base}/ship`, { carrier: `${joined}\u0001`, tracking_number: `${joined}\u0001` })
    assert.equal(ship.status, 422, `ship form with payloads ${from}+`)
    reflected.push([`ship form refused, payloads ${from}+`, ship.html])
    const note = await staffHttp.postForm(`${base}/note`, { note: `${joined}\u0001` })
    assert.equal(note.status, 422, `note form with payloads ${from}+`)
    reflected.push([`note form refused, payloads ${from}+`, note.html])
  }

  // An article embeds every product's card ([[product:slug]]): the shop's cards filled into an article body.
  const categoryId = /name="categories" value="(\d+)"/.exec((await staffHttp.get('/admin/articles/new')).html)?.[1]
  assert.ok(categoryId, 'the editor offers a category')
  const article = new FormData()
  const fields = {
    kind: 'post', title: 'Every product in the shop', slug: 'xss-shop-cards', excerpt: 'Product cards with payloads.',
    body: ['The shop, product by product.', ...planted.map((a) => `[[product:xss-${a.i}]]`)].join('\n\n'),
    featured_media_id: '', reviewed_by: '', reviewed_at: '', new_tags: '', comments_enabled: '', publish_at: '', image_alt: '', image_caption: '', featured_alt: '', action: 'publish',
  }
  for (const [k, v] of Object.entries(fields)) article.set(k, v)
  article.append('categories', categoryId)
  const published = await staffHttp.postMultipart('/admin/articles', article)
  assert.equal(published.status, 303, `the article embedding the products: ${errorsIn(published.html)}`)
})

test('back-office pages stay inert: orders, products, variants, categories, rules, zones and rates', async () => {
  const orders = await pagesOf(staffHttp, '/admin/shop/orders', (n) => `/admin/shop/orders?page=${n}`)
  let listed = 0
  const visits: Visit[] = [
    ...orders.map((path): Visit => ({ where: path, url: site.url + path, expect: async (page) => { const n = await page.locator('main tbody tr').count(); listed += n } })),
    ...[`/admin/shop/orders?q=buyer.1`, '/admin/shop/products', '/admin/shop/categories', '/admin/shop/rules', '/admin/shop/rules?all=1', '/admin/shop/shipping',
      `/admin/shop/shipping/zones/${germanyZoneId}`, `/admin/shop/shipping/zones/${germanyZoneId}/rates/new`, '/admin/shop/taxes', '/admin/shop/products/new']
      .map((path): Visit => ({ where: path, url: site.url + path })),
    {
      where: '/admin/shop/settings', url: `${site.url}/admin/shop/settings`,
      expect: async (page) => assert.equal(flat(await page.locator('#f-bank_details').inputValue()), flat(BANK_DETAILS.trim())),
    },
    ...zoneIds.map((id): Visit => ({ where: `zone ${id}`, url: `${site.url}/admin/shop/shipping/zones/${id}` })),
    ...planted.flatMap((a): Visit[] => [
      {
        where: `order #${a.i}`, url: `${site.url}/admin/shop/orders/${a.number}`,
        expect: async (page) => {
          const main = flat(await text(page, 'main'))
          for (const v of [a.address.name, a.address.line1, a.address.city, a.productName, a.variantName, a.carrier, a.tracking]) assert.ok(main.includes(flat(v)), `order #${a.i} shows ${JSON.stringify(v)}`)
          if (a.note) assert.equal(flat(await text(page, '.order-note')), flat(a.note))
          assert.ok((await page.locator('.order-history__note').allTextContents()).map(flat).includes(flat(a.staffNote)), `order #${a.i}'s history has the staff note`)
        },
      },
      {
        where: `product editor #${a.i}`, url: `${site.url}/admin/shop/products/${a.productId}`,
        expect: async (page) => assert.equal(await page.locator('#f-name').inputValue(), flat(a.productName)),
      },
      ...(a.i % 5 === 0 ? [
        {
          where: `variant editor #${a.i}`, url: `${site.url}/admin/shop/products/${a.productId}/variants/${a.variantId}`,
          expect: async (page: Page) => assert.equal(await page.locator('#f-name').inputValue(), flat(a.variantName)),
        },
        { where: `rate editor #${a.i}`, url: `${site.url}/admin/shop/shipping/rates/${a.rateId}` },
        { where: `rule editor ${ruleIds[a.i]}`, url: `${site.url}/admin/shop/rules/${ruleIds[a.i]}` },
      ] : []),
    ]),
  ]
  await watch.sweep(staffBrowser, visits, 4)
  watch.assertClean('back-office pages')
  assert.ok(listed >= planted.length, `every order is in the list (${listed} rows on ${orders.join(' ')})`)
})

test('shop pages, the cart, checkout, each order page and invoice, and every refused form stay inert', async () => {
  // The control: a real page with one payload spliced in raw must be caught
  // by both checks, or a pass below would mean nothing. (An empty cart: a page
  // with nothing planted, so a real finding is never mistaken for the control's.)
  const control = (await new SiteClient(site.url).get('/shop/cart')).html.replace('</main>', `${XSS_PAYLOADS[7]}<a href="javascript:void 0">x</a></main>`)
  await watch.sweep(publicBrowser, [replay('control', control)], 1)
  assert.deepEqual(watch.dialogs, ['control: alert("8")'], 'the dialog hook sees an injected handler run')
  assert.deepEqual(watch.findings.map((f) => f.replace(/:.*$/s, '')), ['control', 'control'], `the scan flags the handler and the javascript: link: ${watch.findings}`)
  watch.reset()

  let cards = 0
  let problems = 0
  const searchTitles = new Set<string>()
  // The index keeps words, not layout: a tab or a run of spaces in a name is one space there.
  const spaced = (t: string) => t.replace(/\s+/g, ' ').trim()
  const publicVisits: Visit[] = [
    { where: '/shop', url: `${site.url}/shop`, expect: async (page) => { const n = await page.locator('.product-grid > *').count(); cards += n } },
    {
      where: 'the cart over every cap', url: `${site.url}/shop/cart`,
      expect: async (page) => { problems = await page.locator('.shop-cart__problem').count() },
    },
    { where: 'checkout of the cart over its caps', url: `${site.url}/shop/checkout` },
    {
      where: 'an article embedding every product', url: `${site.url}/xss-shop-cards`,
      expect: async (page) => {
        const names = (await page.locator('.article__body .product-card').allTextContents()).map(flat).join(' ')
        for (const a of planted) assert.ok(names.includes(flat(a.productName)), `the article's card for #${a.i} names it`)
      },
    },
    // Site search lists products by their names, ten to a page.
    ...Array.from({ length: Math.ceil(planted.length / 10) }, (_, n): Visit => ({
      where: `search results page ${n + 1}`, url: `${site.url}/search?q=xss+product&kind=product&page=${n + 1}`,
      expect: async (page) => { for (const t of await page.locator('.search-result__title').allTextContents()) searchTitles.add(spaced(t)) },
    })),
    ...planted.flatMap((a): Visit[] => [
      {
        where: `category #${a.i}`, url: `${site.url}/shop/c/xss-cat-${a.i}`,
        expect: async (page) => assert.equal(flat(await text(page, 'h1')), flat(a.categoryName)),
      },
      {
        where: `product #${a.i}`, url: `${site.url}/shop/p/xss-${a.i}`,
        expect: async (page) => {
          assert.equal(flat(await text(page, 'h1.product__name')), flat(a.productName))
          assert.ok(flat(await text(page, '.ship-note')).endsWith(flat(a.reason)), `product #${a.i} shows its rule's reason for Germany`)
          assert.ok((await page.locator('.variant-choice__name').allTextContents()).map(flat).includes(flat(a.variantName)))
          assert.match(await text(page, '.product__description'), new RegExp(`xss-product-${a.i}\\b`))
        },
      },
    ]),
    ...reflected.map(([where, html, expect]) => ({ ...replay(where, html), expect })),
  ]
  // Each buyer's own browser holds the proof for its orders; the buyers look at them alongside the public pages.
  // Two buyers' tabs at a time beside the public lanes: opening every tab at once swamps a 2-core machine.
  const buyerSweeps = inLanes(buyers, 2, async (g, b) => {
    const ctx = await scanContext()
    await shareCookies(g.http, ctx)
    const visits = planted.filter((a) => a.buyer === b).flatMap((a): Visit[] => [
      {
        where: `order page #${a.i}`, url: `${site.url}/shop/order/${a.token}`,
        expect: async (page) => {
          const shown = flat(await text(page, '.shop-address'))
          for (const v of Object.values(a.address)) assert.ok(shown.includes(flat(v)), `order page #${a.i} shows ${JSON.stringify(v)}`)
          if (a.note) assert.equal(flat(await text(page, '.shop-order__note')), flat(a.note))
          const main = flat(await text(page, 'main'))
          for (const v of [a.carrier, a.tracking, a.productName, a.variantName]) assert.ok(main.includes(flat(v)), `order page #${a.i} shows ${JSON.stringify(v)}`)
        },
      },
      {
        where: `invoice #${a.i}`, url: `${site.url}/shop/order/${a.token}/invoice`,
        expect: async (page) => {
          assert.equal(flat(await text(page, 'h1')), `Invoice ${a.number}`)
          const note = flat(await text(page, '.shop-invoice__note'))
          assert.ok(note.includes(flat(planted[a.i - (a.i % CHUNK)].rateName)), `invoice #${a.i} names the payload's rate`)
          assert.ok(note.includes(flat(TAX_NAME)), `invoice #${a.i} names the tax`)
        },
      },
    ])
    await watch.sweep(ctx, visits, 1)
    await ctx.close()
  })
  await Promise.all([watch.sweep(publicBrowser, publicVisits, 3), buyerSweeps])
  watch.assertClean('shop pages, cart, checkout, order pages, invoices and refused forms')
  assert.ok(cards >= planted.length, `the catalog lists every product (${cards})`)
  for (const a of planted) assert.ok(searchTitles.has(spaced(a.productName)), `search finds product #${a.i} under its name`)
  assert.ok(problems >= planted.length, `the cart names every cap with its reason (${problems})`)
  assert.ok(watch.visited >= planted.length * 4, `pages opened: ${watch.visited}`)
})
