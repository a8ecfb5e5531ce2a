import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { dropTestDatabases, freshDatabase } from '../src/test/databases.js'
import { makeProduct, makeStandardShop } from '../src/shop/fixtures.js'
import { startSite, type RunningSite } from './support.js'
import { SiteClient, hiddenValue } from './site-client.js'

// The shop's promise under the heaviest race: two app processes on one
// PostgreSQL database, 50 buyers of the last unit split between them, all
// placing at once over HTTP. Exactly one order; stock 0; everyone else is
// told it sold out. SQLite has one writer per file, so this is a Postgres
// test (src/shop/placing.test.ts covers both databases in one process).

const PG = process.env.TEST_POSTGRES_URL
const SKIP = PG ? false : 'TEST_POSTGRES_URL is not set: two processes sharing one database need PostgreSQL'
const BUYERS = 50
// The test is the trusted proxy: each buyer comes from an address of their own.
const ENV = { TRUST_PROXY: '127.0.0.1', SEED_DEMO: 'never' }

let sites: RunningSite[] = []
let url = ''
let variantId = 0
let sku = ''

before(async () => {
  if (!PG) return
  const fresh = await freshDatabase('postgres')
  url = fresh.url
  await makeStandardShop(fresh.database.db)
  sku = `LAST-ROLLER-${Date.now().toString(36)}`
  const p = await makeProduct(fresh.database.db, { name: 'Derma roller', productClass: 'device', variants: [{ sku, name: '1.0 mm', priceCents: 2190, stock: 1 }] })
  variantId = p.variantIds[0]
  await fresh.database.close()
  // One after the other: the first finds the schema migrated; both then serve.
  sites.push(await startSite({ env: { ...ENV, DATABASE_URL: url } }))
  sites.push(await startSite({ env: { ...ENV, DATABASE_URL: url } }))
})

after(async () => {
  for (const s of sites) if (s.proc.exitCode === null && s.proc.signalCode === null) await s.stop()
  sites = []
  await dropTestDatabases()
})

test('50 buyers of the last unit over two processes on one PostgreSQL database: exactly one order', { skip: SKIP, timeout: 240_000 }, async () => {
  const buyers = await Promise.all(Array.from({ length: BUYERS }, async (_, i) => {
    const site = sites[i % 2]
    const client = new SiteClient(site.url)
    const from = { 'x-forwarded-for': `10.88.${i >> 8}.${(i & 255) + 1}` }
    await client.get('/shop/cart', from)
    assert.equal((await client.postForm('/shop/cart/add', { sku, quantity: '1', back: '/shop' }, from)).status, 303)
    assert.equal((await client.postForm('/shop/ship-to', { country: 'DE', back: '/shop/cart' }, from)).status, 303)
    const page = await client.get('/shop/checkout', from)
    assert.equal(page.status, 200, page.html.slice(0, 300))
    const shipping = /name="shipping" id="[^"]+" value="(\d+)" checked/.exec(page.html)?.[1]
    assert.ok(shipping, 'a shipping method is chosen')
    const fields = {
      email: `last.${i}@example.com`, name: `Buyer ${i}`, line1: 'Hauptstraße 5', line2: '', city: 'Berlin', region: '', postcode: '10115',
      country: 'DE', phone: '', shipping, payment: 'bank_transfer', note: '', terms: 'on', action: 'place',
      key: hiddenValue(page.html, 'key') ?? '', quoted: hiddenValue(page.html, 'quoted') ?? '',
    }
    return { client, from, fields }
  }))

  const results = await Promise.all(buyers.map((b) => b.client.postForm('/shop/checkout', b.fields, b.from)))
  const statuses = results.map((r) => r.status)
  const placed = results.filter((r) => r.status === 303)
  assert.equal(placed.length, 1, `one order placed; statuses: ${statuses.join(',')}`)
  assert.match(placed[0].location ?? '', /^\/shop\/order\/[\w-]{40,}$/)
  const refused = results.filter((r) => r.status === 409)
  assert.equal(refused.length, BUYERS - 1, `statuses: ${statuses.join(',')}`)
  for (const r of refused) assert.match(r.html, /sold out/)

  // Read back through a fresh connection: what both processes committed.
  const { openDatabase } = await import('../src/db/database.js')
  const db = openDatabase(url)
  try {
    const orders = await db.db.selectFrom('shop_order_lines').select(['order_id', 'quantity']).where('variant_id', '=', variantId).execute()
    assert.equal(orders.length, 1)
    assert.equal(orders[0].quantity, 1)
    const stock = await db.db.selectFrom('shop_variants').select('stock').where('id', '=', variantId).executeTakeFirstOrThrow()
    assert.equal(stock.stock, 0)
  } finally {
    await db.close()
  }
  for (const s of sites) assert.doesNotMatch(s.output(), /"level":50|Internal Server Error/, 'no 500s in either process')
})
