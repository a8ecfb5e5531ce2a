import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget, type TestApp } from '../test/harness.js'
import { makeRule } from './fixtures.js'
import { addItem, shipTo, withDemoShop } from './buyer-fixtures.js'

const lineQty = async (t: TestApp, variantId: number) =>
  (await t.deps.db.selectFrom('shop_cart_lines').select('quantity').where('variant_id', '=', variantId).execute()).map((r) => r.quantity)

const lineQtyOfUser = async (t: TestApp, userId: number) =>
  (await t.deps.db.selectFrom('shop_cart_lines as l').innerJoin('shop_carts as c', 'c.id', 'l.cart_id').select('l.quantity').where('c.user_id', '=', userId).execute()).map((r) => r.quantity)

for (const dialect of testDialects()) {
  describe(`the cart on ${dialect}`, () => {
    const demo = withDemoShop(dialect)

    test('add, add again, change quantity, remove: plain forms with 303s', async () => {
      const a = demo.t.agent(); a.ip = '198.51.100.1'
      const [r05] = demo.shop.roller.variantIds
      assert.equal(redirectTarget(await addItem(demo.t, a, r05, 2)), '/shop/cart')
      redirectTarget(await addItem(demo.t, a, r05, 3))
      assert.deepEqual(await lineQty(demo.t, r05), [5], 'adding a variant already in the cart adds to its line')
      const page = await a.get('/shop/cart')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Derma roller/)
      assert.match(page.body, /value="5"/)
      assert.match(page.body, /€99\.50/) // 5 × €19.90
      assert.match(page.body, /Choose the country to ship to/)
      redirectTarget(await a.post('/shop/cart/update', { variant: String(r05), quantity: '1' }))
      assert.deepEqual(await lineQty(demo.t, r05), [1])
      redirectTarget(await a.post('/shop/cart/update', { variant: String(r05), quantity: '0' }))
      assert.deepEqual(await lineQty(demo.t, r05), [], 'quantity 0 removes the line')
      redirectTarget(await addItem(demo.t, a, r05, 1))
      redirectTarget(await a.post('/shop/cart/remove', { variant: String(r05) }))
      assert.deepEqual(await lineQty(demo.t, r05), [])
      assert.match((await a.get('/shop/cart')).body, /Your cart is empty/)
    })

    test('bad input is refused with a message, never a 500; without CSRF nothing changes', async () => {
      const a = demo.t.agent(); a.ip = '198.51.100.2'
      const [r05] = demo.shop.roller.variantIds
      await a.get('/shop/cart')
      for (const quantity of ['0', '100', '-1', 'abc', "1' OR 1=1"]) {
        const res = await a.post('/shop/cart/add', { sku: 'ROLLER-05-' + dialect, quantity, back: '/shop' })
        assert.equal(res.statusCode, 422, quantity)
        assert.match(res.body, /Nothing was added\. Quantity: /)
      }
      assert.deepEqual(await lineQty(demo.t, r05), [])
      const unknown = await a.post('/shop/cart/add', { sku: '<script>alert(1)</script>', quantity: '1', back: 'https://evil.example/' })
      assert.equal(unknown.statusCode, 422)
      assert.doesNotMatch(unknown.body, /<script>alert/)
      const noCsrf = await a.post('/shop/cart/add', { sku: 'ROLLER-05-' + dialect, quantity: '1', _csrf: '' })
      assert.equal(noCsrf.statusCode, 403)
      assert.equal((await a.post('/shop/ship-to', { country: 'XX', back: '/shop/p/roller' })).statusCode, 422)
      assert.equal((await a.post('/shop/ship-to', { country: '<svg onload=alert(1)>', back: '/shop' })).statusCode, 422)
      assert.equal(redirectTarget(await a.post('/shop/ship-to', { country: 'de', back: '/shop/p/roller' })), '/shop/p/roller')
      assert.equal(redirectTarget(await a.post('/shop/ship-to', { country: 'DE', back: '//evil.example/shop' })), '/shop/cart', 'only /shop paths are places to go back to')
      assert.equal((await a.post('/shop/cart/update', { variant: 'x', quantity: '1' })).statusCode, 422)
      assert.equal((await a.post('/shop/cart/remove', { variant: "1; DROP TABLE shop_carts" })).statusCode, 422)
      await demo.t.deps.db.updateTable('shop_variants').set({ stock: 0 }).where('id', '=', r05).execute()
      const soldOut = await a.post('/shop/cart/add', { sku: 'ROLLER-05-' + dialect, quantity: '1' })
      assert.equal(soldOut.statusCode, 409)
      assert.match(soldOut.body, /Derma roller \(0\.5 mm\) has sold out/)
      await demo.t.deps.db.updateTable('shop_variants').set({ stock: 10 }).where('id', '=', r05).execute()
    })

    test('once a country is known: shipping, tax and every problem next to its line; checkout only without problems', async () => {
      const a = demo.t.agent(); a.ip = '198.51.100.3'
      const [, r10] = demo.shop.roller.variantIds
      const [m1] = demo.shop.minoxidil.variantIds
      redirectTarget(await addItem(demo.t, a, r10))
      redirectTarget(await addItem(demo.t, a, m1))
      assert.equal(redirectTarget(await shipTo(a, 'DE')), '/shop/cart')
      let page = (await a.get('/shop/cart')).body
      assert.match(page, /Shipping to Germany/)
      assert.match(page, /Standard: €4\.90, 2–4 working days/)
      assert.match(page, /incl\. 19 % VAT/)
      assert.match(page, /href="\/shop\/checkout"/)

      // Blocked in the US with the reason, before checkout.
      redirectTarget(await shipTo(a, 'US'))
      page = (await a.get('/shop/cart')).body
      assert.match(page, /We are not licensed to send medicines to the United States\./)
      assert.doesNotMatch(page, /href="\/shop\/checkout"/)
      assert.match(page, /id="problem-\d+"/)

      // A country no one reviewed: medicines are refused by default, devices ship.
      redirectTarget(await shipTo(a, 'BR'))
      page = (await a.get('/shop/cart')).body
      assert.match(page, /not yet reviewed the rules for sending medicines to Brazil/)

      // The months cap in Australia counts across lines.
      const [, m3] = demo.shop.minoxidil.variantIds
      redirectTarget(await addItem(demo.t, a, m3))
      redirectTarget(await shipTo(a, 'AU'))
      page = (await a.get('/shop/cart')).body
      assert.match(page, /At most 3 months(’|&#39;|')s? supply can be sent to Australia in one order; this cart has 4\./)
      assert.doesNotMatch(page, /href="\/shop\/checkout"/)
      redirectTarget(await a.post('/shop/cart/remove', { variant: String(m1) }))
      assert.match((await a.get('/shop/cart')).body, /href="\/shop\/checkout"/)
    })

    test('sold out and "only N left" show next to the line; a product rule overrides its class', async () => {
      const a = demo.t.agent(); a.ip = '198.51.100.4'
      const [r05] = demo.shop.roller.variantIds
      redirectTarget(await addItem(demo.t, a, r05, 4))
      redirectTarget(await shipTo(a, 'FR'))
      await demo.t.deps.db.updateTable('shop_variants').set({ stock: 2 }).where('id', '=', r05).execute()
      assert.match((await a.get('/shop/cart')).body, /Only 2 of Derma roller \(0\.5 mm\) are left\./)
      await demo.t.deps.db.updateTable('shop_variants').set({ stock: 0 }).where('id', '=', r05).execute()
      assert.match((await a.get('/shop/cart')).body, /Derma roller \(0\.5 mm\) has sold out\./)
      await demo.t.deps.db.updateTable('shop_variants').set({ stock: 10 }).where('id', '=', r05).execute()
      await makeRule(demo.t.deps.db, { country: 'FR', productId: demo.shop.roller.productId, rule: 'blocked', reason: 'Rollers need a permit in France (test).' })
      assert.match((await a.get('/shop/cart')).body, /Rollers need a permit in France \(test\)\./)
      await demo.t.deps.db.deleteFrom('shop_country_rules').where('product_id', '=', demo.shop.roller.productId).execute()
    })

    test('a guest who signs in keeps their cart; it becomes theirs and no one else sees it', async () => {
      const a = demo.t.agent(); a.ip = '198.51.100.5'
      const [r05] = demo.shop.roller.variantIds
      redirectTarget(await addItem(demo.t, a, r05, 2))
      const member = await demo.t.signedIn('member')
      // The same browser, now signed in: carry the cart cookie over.
      member.cookies.set('crown_cart', a.cookies.get('crown_cart')!)
      assert.match((await member.get('/shop/cart')).body, /Derma roller/)
      const cart = await demo.t.deps.db.selectFrom('shop_carts').select('user_id').where('user_id', '=', member.userId).execute()
      assert.equal(cart.length, 1, 'the cart was adopted by the member')
      // Someone else in that browser later (signed in as another member) does not see it.
      const other = await demo.t.signedIn('member')
      other.cookies.set('crown_cart', a.cookies.get('crown_cart')!)
      assert.match((await other.get('/shop/cart')).body, /Your cart is empty/)
      // Signed out, the guest cookie names a member's cart: nothing shown either.
      assert.match((await a.get('/shop/cart')).body, /Your cart is empty/)
      // The member in another browser (no cart cookie) finds their cart.
      const elsewhere = demo.t.agent(); elsewhere.cookies.set('crown_session', member.cookies.get('crown_session')!)
      assert.match((await elsewhere.get('/shop/cart')).body, /Derma roller/)
      redirectTarget(await addItem(demo.t, elsewhere, r05, 1))
      assert.deepEqual(await lineQtyOfUser(demo.t, member.userId), [3], 'one cart, added to from both browsers')
    })
  })
}
