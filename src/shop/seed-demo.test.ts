import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, redirectTarget, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { sha256 } from '../http/signing.js'
import { contentFixtures } from '../content/fixtures.js'
import { CART_COOKIE } from './cart-session.js'
import { seedDemoShop } from './seed-demo.js'
import { demoProducts } from './demo/index.js'
import { findClaims } from './claims.js'

const AT = '2026-11-30T12:00:00.000Z'
const count = async (t: TestApp, table: 'shop_products' | 'shop_variants' | 'shop_categories' | 'shop_shipping_zones' | 'shop_tax_rates' | 'shop_country_rules' | 'shop_product_media') =>
  Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

/** The visible text of a page (no tags, scripts or attributes). */
const visibleText = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ')

for (const dialect of testDialects()) {
  describe(`the demo shop on ${dialect}`, () => {
    let t: TestApp
    let added: number
    before(async () => {
      t = await testApp(dialect)
      added = await seedDemoShop(t.deps)
    })
    after(() => t.close())

    test('adds the products, variants, pictures, settings, zones, VAT and rules; a second run adds nothing', async () => {
      assert.equal(added, demoProducts.length)
      assert.equal(await count(t, 'shop_products'), 4)
      assert.equal(await count(t, 'shop_variants'), 8)
      assert.equal(await count(t, 'shop_categories'), 3)
      assert.equal(await count(t, 'shop_shipping_zones'), 5)
      assert.equal(await count(t, 'shop_product_media'), 1)
      assert.ok(await count(t, 'shop_tax_rates') >= 28)
      assert.ok(await count(t, 'shop_country_rules') >= 30)
      const withPictures = await t.deps.db.selectFrom('shop_products').select('id').where('featured_media_id', 'is not', null).execute()
      assert.equal(withPictures.length, 4)
      const settings = await t.deps.db.selectFrom('shop_settings').selectAll().executeTakeFirstOrThrow()
      assert.deepEqual([settings.currency, settings.prices_include_tax, settings.hold_minutes], ['EUR', 1, 60])
      assert.match(settings.bank_details, /IBAN/)
      const low = await t.deps.db.selectFrom('shop_variants').select(['sku', 'stock']).where('sku', '=', 'DR-150').executeTakeFirstOrThrow()
      assert.equal(low.stock, 2)

      assert.equal(await seedDemoShop(t.deps), 0)
      assert.equal(await count(t, 'shop_products'), 4)
      assert.equal(await count(t, 'shop_shipping_zones'), 5)
    })

    test('the health rule: no claim words in the demo copy or on any demo product page or the catalog', async () => {
      for (const p of demoProducts) {
        assert.deepEqual(findClaims(`${p.name}\n${p.summary}\n${p.description}`), [], p.slug)
        for (const v of p.variants) assert.deepEqual(findClaims(v.name), [], v.sku)
      }
      for (const path of ['/shop', ...demoProducts.map((p) => `/shop/p/${p.slug}`)]) {
        const res = await t.agent().get(path)
        assert.equal(res.statusCode, 200, path)
        const text = visibleText(res.body)
        assert.deepEqual(findClaims(text), [], path)
        assert.doesNotMatch(text, /\b(?:stars?|ratings?|rated|reviews?|testimonials?|success stor(?:y|ies))\b/i, path)
        assert.doesNotMatch(res.body, /aggregateRating|"review"/, path)
      }
      const foam = await t.agent().get('/shop/p/minoxidil-5-foam')
      assert.match(foam.body, /Read the label; ask a pharmacist/)
      assert.match(foam.body, /<a href="\/minoxidil-label-shedding-and-when-to-judge">Read what the studies found/)
      assert.match(foam.body, /<img src="\/media\/[a-z0-9]{16}-\d+\.(?:jpg|png)"/, 'the picture went through the media pipeline')
    })

    test('the country rules as shoppers see them: FI capped, US refused with its reason, the foam\'s Canada override', async () => {
      const from = async (country: string) => {
        const token = `demo-${country}-${Math.random()}`
        await t.deps.db.insertInto('shop_carts').values({ token_hash: sha256(token), user_id: null, country, created_at: AT, updated_at: AT }).execute()
        const agent = t.agent()
        agent.cookies.set(CART_COOKIE, t.app.signCookie(token))
        return agent
      }
      assert.match((await (await from('FI')).get('/shop/p/minoxidil-5-solution')).body, /Ships to Finland, at most 3 months/)
      assert.match((await (await from('US')).get('/shop/p/minoxidil-5-foam')).body, /We are not registered to sell medicines to the United States/)
      assert.match((await (await from('US')).get('/shop/p/derma-roller')).body, /Ships to the United States of America\.|Ships to United States/)
      const canada = await from('CA')
      assert.match((await canada.get('/shop/p/minoxidil-5-foam')).body, /pressurised, flammable can/)
      assert.match((await canada.get('/shop/p/minoxidil-5-solution')).body, /Ships to Canada\./)
      assert.match((await (await from('BR')).get('/shop/p/minoxidil-5-foam')).body, /We have not yet reviewed the rules for sending medicines to Brazil/)
    })

    test('an article embedding [[product:slug]] shows the live card; a stock change shows at once', async () => {
      const f = contentFixtures(t)
      await f.post({ title: 'Rolling safely', slug: 'rolling-safely', body: 'Read this first.\n\n[[product:derma-roller]]\n\n[[product:no-such-product]]\n\nThe end.' })
      const reader = await t.agent().get('/rolling-safely')
      assert.equal(reader.statusCode, 200)
      const card = /<aside class="product-embed"[\s\S]*?<\/aside>/.exec(reader.body)
      assert.ok(card, 'the card stands where the marker was')
      assert.match(card[0], /<a href="\/shop\/p\/derma-roller">Derma roller, 540 titanium needles<\/a>/)
      assert.match(card[0], /From <span class="price__now">€14\.90<\/span>/)
      assert.match(card[0], /In stock/)
      assert.ok(reader.body.indexOf('Read this first.') < reader.body.indexOf('product-embed') && reader.body.indexOf('product-embed') < reader.body.indexOf('The end.'))
      assert.doesNotMatch(reader.body, /data-product=|no-such-product/, 'an unknown slug shows readers nothing')

      // Staff set every roller to sold out; the next (cached, anonymous) view shows it.
      const manager = await t.signedIn('shop_manager')
      const staffView = await manager.get('/rolling-safely')
      assert.match(staffView.body, /Product “no-such-product”: no product has this slug/)
      const editor = await t.signedIn('editor')
      assert.match((await editor.get('/rolling-safely')).body, /Product “no-such-product”: no product has this slug/, 'the article\'s editors see the note too')
      const product = await t.deps.db.selectFrom('shop_products').select('id').where('slug', '=', 'derma-roller').executeTakeFirstOrThrow()
      const variants = await t.deps.db.selectFrom('shop_variants').select('id').where('product_id', '=', product.id).execute()
      await manager.get(`/admin/shop/products/${product.id}`)
      for (const v of variants) redirectTarget(await manager.post(`/admin/shop/products/${product.id}/variants/${v.id}/stock`, { stock: '0' }))
      const after = await t.agent().get('/rolling-safely')
      assert.match(/<aside class="product-embed"[\s\S]*?<\/aside>/.exec(after.body)![0], /Sold out/)
      // A signed-in reader's page is rendered around the article's kept section (content/kept-sections.ts): its card is live too.
      assert.match(/<aside class="product-embed"[\s\S]*?<\/aside>/.exec((await manager.get('/rolling-safely')).body)![0], /Sold out/)
    })
  })
}
