import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { sha256 } from '../http/signing.js'
import { CART_COOKIE } from './cart-session.js'
import { makeCategory, makeProduct, makeStandardShop } from './fixtures.js'

const AT = '2026-11-30T12:00:00.000Z'

/** The JSON-LD blocks of a page, parsed. */
function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]) as Record<string, unknown>)
}

for (const dialect of testDialects()) {
  describe(`the catalog on ${dialect}`, () => {
    let t: TestApp
    let rollerId: number
    let minoxidilId: number
    before(async () => {
      t = await testApp(dialect)
      await makeStandardShop(t.deps.db)
      const needling = await makeCategory(t.deps.db, { slug: 'microneedling', name: 'Microneedling' })
      const minox = await makeCategory(t.deps.db, { slug: 'minoxidil', name: 'Minoxidil' })
      rollerId = (await makeProduct(t.deps.db, {
        slug: 'derma-roller', name: 'Derma roller', categoryId: needling, summary: 'A hand-held roller with fine needles.', productClass: 'device',
        variants: [
          { sku: 'ROLL-05', name: '0.5 mm', priceCents: 1490, compareAtCents: 1990, stock: 20 },
          { sku: 'ROLL-10', name: '1.0 mm', priceCents: 1690, stock: 2 },
          { sku: 'ROLL-15', name: '1.5 mm', priceCents: 1890, stock: 0 },
        ],
      })).productId
      minoxidilId = (await makeProduct(t.deps.db, {
        slug: 'minoxidil-foam', name: 'Minoxidil 5% foam', categoryId: minox, productClass: 'medicine', evidencePath: '/minoxidil-evidence',
        variants: [{ sku: 'MINOX-F1', name: '1 month', priceCents: 1999, supplyMonths: 1, stock: null }],
      })).productId
      await makeProduct(t.deps.db, { slug: 'secret-draft', name: 'Unreleased comb', status: 'draft', variants: [{ sku: 'COMB-1', name: 'Comb', priceCents: 500 }] })
    })
    after(() => t.close())

    test('/shop lists active products as cards with "from" prices and stock, and the categories', async () => {
      const res = await t.agent().get('/shop')
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /<a href="\/shop\/c\/microneedling"[^>]*>Microneedling<\/a>/)
      assert.match(res.body, /<a href="\/shop\/p\/derma-roller">Derma roller<\/a>/)
      assert.match(res.body, /From <span class="price__now">€14\.90<\/span>/)
      assert.match(res.body, /<span class="price__now">€19\.99<\/span>/)
      assert.doesNotMatch(res.body, /Unreleased comb/, 'drafts stay off the catalog')
      assert.match(res.body, /<a href="\/shop"[^>]*>Shop<\/a>/, 'the main nav links the shop')
      assert.match(res.body, /<a href="\/shop\/cart"[^>]*>Cart<\/a>/)
    })

    test('the sitemap lists the catalog, its categories and every active product with its last change, no draft', async () => {
      const res = await t.agent().get('/sitemap.xml')
      assert.equal(res.statusCode, 200)
      const locs = [...res.body.matchAll(/<loc>http:\/\/localhost:3000(\/shop[^<]*)<\/loc>(<lastmod>[^<]+<\/lastmod>)?/g)].map((m) => `${m[1]}${m[2] ? ' +lastmod' : ''}`)
      assert.deepEqual(locs.sort(), ['/shop +lastmod', '/shop/c/microneedling', '/shop/c/minoxidil', '/shop/p/derma-roller +lastmod', '/shop/p/minoxidil-foam +lastmod'])
    })

    test('a category page shows its products only; an unknown one is 404', async () => {
      const res = await t.agent().get('/shop/c/minoxidil')
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /Minoxidil 5% foam/)
      assert.doesNotMatch(res.body, /Derma roller<\/a>/)
      assert.equal((await t.agent().get('/shop/c/nothing-here')).statusCode, 404)
      assert.equal((await t.agent().get('/shop/c/BAD%20slug')).statusCode, 404)
    })

    test('the product page: a no-JS variant form with radios named sku, sold out disabled, low stock told', async () => {
      const res = await t.agent().get('/shop/p/derma-roller')
      assert.equal(res.statusCode, 200)
      const form = /<form method="post" action="\/shop\/cart\/add" class="variant-form">([\s\S]*?)<\/form>/.exec(res.body)
      assert.ok(form, 'the form posts to the cart')
      const html = form[1]
      assert.match(html, /<input type="hidden" name="_csrf" value="[^"]+"/)
      assert.match(html, /<fieldset[^>]*><legend>Choose an option<\/legend>/)
      assert.match(html, /<input type="radio" name="sku" id="variant-roll-05" value="ROLL-05" checked required/)
      assert.match(html, /<input type="radio" name="sku" id="variant-roll-15" value="ROLL-15" disabled required/)
      assert.match(html, /1\.5 mm[\s\S]*?Sold out/)
      assert.match(html, /1\.0 mm[\s\S]*?Only 2 left/)
      assert.match(html, /<input id="f-quantity" type="number" name="quantity" min="1" max="99"/)
      assert.match(html, /<button class="btn btn--primary">Add to cart<\/button>/)
      const radioValues = [...html.matchAll(/name="sku" id="[^"]+" value="([^"]+)"/g)].map((m) => m[1])
      assert.deepEqual(radioValues, ['ROLL-05', 'ROLL-10', 'ROLL-15'], 'SKUs, never row ids, in the public form')
      assert.ok(rollerId > 0)
      // Compare-at price struck through, read as "was".
      assert.match(res.body, /<s class="price__was"><span class="visually-hidden">was <\/span>€19\.90<\/s>/)
      // ?sku= preselects a variant that can be bought.
      const chosen = await t.agent().get('/shop/p/derma-roller?sku=ROLL-10')
      assert.match(chosen.body, /value="ROLL-10" checked/)
    })

    test('JSON-LD: a Product with one Offer per variant, matching the page', async () => {
      const res = await t.agent().get('/shop/p/derma-roller')
      const product = jsonLd(res.body).find((d) => d['@type'] === 'Product')
      assert.ok(product)
      assert.equal(product.name, 'Derma roller')
      assert.equal(product.url, 'http://localhost:3000/shop/p/derma-roller')
      const offers = product.offers as Record<string, string>[]
      assert.deepEqual(offers.map((o) => [o.sku, o.price, o.priceCurrency, o.availability]), [
        ['ROLL-05', '14.90', 'EUR', 'https://schema.org/InStock'],
        ['ROLL-10', '16.90', 'EUR', 'https://schema.org/LimitedAvailability'],
        ['ROLL-15', '18.90', 'EUR', 'https://schema.org/OutOfStock'],
      ])
      for (const o of offers) assert.match(res.body, new RegExp(`value="${o.sku}"`), 'every offer is on the page')
      assert.equal(JSON.stringify(product).match(/rating|review/i), null, 'no ratings or reviews')
    })

    test('a draft is 404 for readers and a preview for shop staff', async () => {
      assert.equal((await t.agent().get('/shop/p/secret-draft')).statusCode, 404)
      const moderator = await t.signedIn('moderator')
      assert.equal((await moderator.get('/shop/p/secret-draft')).statusCode, 404)
      const manager = await t.signedIn('shop_manager')
      const res = await manager.get('/shop/p/secret-draft')
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /This product is draft; shoppers cannot see it/)
      assert.match(res.body, /<meta name="robots" content="noindex"/)
      assert.equal((await t.agent().get('/shop/p/no-such-thing')).statusCode, 404)
    })

    test('a medicine says "Read the label; ask a pharmacist" and links its evidence', async () => {
      const res = await t.agent().get('/shop/p/minoxidil-foam')
      assert.match(res.body, /Read the label; ask a pharmacist/)
      assert.match(res.body, /<a href="\/minoxidil-evidence">/)
      const roller = await t.agent().get('/shop/p/derma-roller')
      assert.doesNotMatch(roller.body, /ask a pharmacist/)
    })

    test('the ship-to form is always there; the cart\'s country gives the verdict before paying', async () => {
      const anon = await t.agent().get('/shop/p/minoxidil-foam')
      assert.match(anon.body, /<form method="post" action="\/shop\/ship-to" class="ship-to__form">/)
      assert.match(anon.body, /<input type="hidden" name="back" value="\/shop\/p\/minoxidil-foam"/)
      assert.match(anon.body, /<select id="ship-to-country" name="country" required>/)
      assert.match(anon.body, /<option value="BR">Brazil<\/option>/)

      const inCountry = async (country: string) => {
        const token = `test-cart-${country}-${Math.random()}`
        await t.deps.db.insertInto('shop_carts').values({ token_hash: sha256(token), user_id: null, country, created_at: AT, updated_at: AT }).execute()
        const agent = t.agent()
        agent.cookies.set(CART_COOKIE, t.app.signCookie(token))
        return agent
      }
      const brazil = await inCountry('BR')
      const blocked = await brazil.get('/shop/p/minoxidil-foam')
      assert.match(blocked.body, /class="ship-note ship-note--blocked" role="status">We have not yet reviewed the rules for sending medicines to Brazil/)
      assert.match(blocked.body, /<option value="BR" selected>Brazil<\/option>/)
      const roller = await brazil.get('/shop/p/derma-roller')
      assert.match(roller.body, /ship-note--ok" role="status">Ships to Brazil\./)
      const us = await (await inCountry('US')).get('/shop/p/minoxidil-foam')
      assert.match(us.body, /We are not licensed to send medicines to the United States\./)
      const au = await (await inCountry('AU')).get('/shop/p/minoxidil-foam')
      assert.match(au.body, /Ships to Australia, at most 3 months&#39;|Ships to Australia, at most 3 months'/)
      // A product's own rule overrides its class.
      await t.deps.db.insertInto('shop_country_rules').values({ country: 'DE', product_id: minoxidilId, product_class: null, rule: 'blocked', reason: 'Out of our licence for this pack.', updated_at: AT }).execute()
      const de = await (await inCountry('DE')).get('/shop/p/minoxidil-foam')
      assert.match(de.body, /Out of our licence for this pack\./)
    })
  })
}
