import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget, type Agent, type TestApp } from '../test/harness.js'
import { addItem, checkoutFields, openCheckout, shipTo, withDemoShop } from './buyer-fixtures.js'

async function place(t: TestApp, a: Agent, variantId: number, o: Record<string, string> = {}): Promise<string> {
  redirectTarget(await addItem(t, a, variantId))
  redirectTarget(await shipTo(a, 'DE'))
  const form = await openCheckout(a)
  return redirectTarget(await a.post('/shop/checkout', checkoutFields(form, o)))
}

for (const dialect of testDialects()) {
  describe(`order pages on ${dialect}`, () => {
    const demo = withDemoShop(dialect)

    test('a guest’s order link asks another browser for the email: a wrong one is refused, the right one is remembered', async () => {
      const a = demo.t.agent(); a.ip = '192.0.2.10'
      const path = await place(demo.t, a, demo.shop.roller.variantIds[0], { email: 'Guest.One@example.com' })
      const stranger = demo.t.agent(); stranger.ip = '192.0.2.11'
      const asked = await stranger.get(path)
      assert.equal(asked.statusCode, 200)
      assert.match(asked.body, /enter the email address it was placed with/)
      assert.doesNotMatch(asked.body, /Derma roller/)
      assert.equal(redirectTarget(await stranger.get(`${path}/invoice`)), path)
      const wrong = await stranger.post(path, { email: 'someone.else@example.com' })
      assert.equal(wrong.statusCode, 422)
      assert.match(wrong.body, /not the email address this order was placed with/)
      assert.doesNotMatch(wrong.body, /Derma roller/)
      const bad = await stranger.post(path, { email: "' OR 1=1 --" })
      assert.equal(bad.statusCode, 422)
      assert.equal(redirectTarget(await stranger.post(path, { email: 'guest.one@EXAMPLE.com' })), path)
      const shown = await stranger.get(path)
      assert.match(shown.body, /Derma roller/)
      assert.match(shown.body, /Awaiting payment/)
      assert.equal((await stranger.get(`${path}/invoice`)).statusCode, 200)
    })

    test('guessing tokens finds nothing: 404 for unknown and malformed ones', async () => {
      const a = demo.t.agent(); a.ip = '192.0.2.12'
      const path = await place(demo.t, a, demo.shop.roller.variantIds[0])
      const token = path.split('/').pop()!
      const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
      for (const p of [`/shop/order/${flipped}`, '/shop/order/short', '/shop/order/%3Cscript%3E', `/shop/order/${flipped}/invoice`]) {
        assert.equal((await a.get(p)).statusCode, 404, p)
      }
      assert.equal((await a.post(`/shop/order/${flipped}`, { email: 'greta@example.com' })).statusCode, 404)
    })

    test('a member sees their orders and saved addresses; another member cannot see the order nor delete the address', async () => {
      const m = await demo.t.signedIn('member', 'Mona Member')
      const email = (await demo.t.deps.db.selectFrom('users').select('email').where('id', '=', m.userId).executeTakeFirstOrThrow()).email
      redirectTarget(await addItem(demo.t, m, demo.shop.roller.variantIds[0]))
      redirectTarget(await shipTo(m, 'DE'))
      const form = await openCheckout(m)
      assert.ok(form.body.includes(`type="email" value="${email}"`), 'the member’s email is filled in')
      assert.match(form.body, /Save this address to my account/)
      const path = redirectTarget(await m.post('/shop/checkout', checkoutFields(form, { email, saveAddress: 'on', name: 'Mona Member' })))
      const mine = await m.get('/shop/orders')
      assert.equal(mine.statusCode, 200)
      assert.ok(mine.body.includes(`href="${path}"`), 'the list links to the order page')
      assert.match(mine.body, /Mona Member, Hauptstraße 5, 10115 Berlin, Germany/)
      // Signed in elsewhere (no proof cookie), the member sees their order.
      const elsewhere = demo.t.agent(); elsewhere.cookies.set('crown_session', m.cookies.get('crown_session')!)
      assert.match((await elsewhere.get(path)).body, /Derma roller/)

      // The saved address is offered at the next checkout.
      redirectTarget(await addItem(demo.t, m, demo.shop.roller.variantIds[0]))
      const next = await openCheckout(m)
      const id = /<option value="(\d+)"[^>]*>Mona Member, Hauptstraße 5/.exec(next.body)?.[1]
      assert.ok(id, 'a saved address to choose')
      const used = await m.post('/shop/checkout', { ...checkoutFields(next), name: '', line1: '', city: '', savedAddress: id!, action: 'use-address' })
      assert.equal(used.statusCode, 200)
      assert.match(used.body, /name="name" required maxlength="120" type="text" value="Mona Member"/)

      const other = await demo.t.signedIn('member', 'Otto Other')
      assert.equal((await other.get(path)).statusCode, 404)
      await other.get('/shop/orders')
      assert.equal((await other.post(path, { email })).statusCode, 404)
      assert.doesNotMatch((await other.get('/shop/orders')).body, /Hauptstraße/)
      assert.equal((await other.post(`/shop/addresses/${id}/delete`)).statusCode, 404)
      assert.equal(redirectTarget(await m.post(`/shop/addresses/${id}/delete`)), '/shop/orders')
      assert.doesNotMatch((await m.get('/shop/orders')).body, /Mona Member, Hauptstraße/)
      assert.equal(redirectTarget(await demo.t.agent().get('/shop/orders')).startsWith('/sign-in'), true)
    })
  })
}
