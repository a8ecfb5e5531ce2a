import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { addItem, checkoutFields, openCheckout, shipTo, skuOf, withDemoShop } from './buyer-fixtures.js'

// Every shopper-facing form (cart, ship-to, checkout, the order page's email
// proof) fed hostile and malformed values one field at a time: a clear 4xx or
// a normal answer, never a 500, and never markup sent back raw. sqlmap-style
// strings, a NUL byte (PostgreSQL refuses to store one), huge and repeated
// values, and an array where a string belongs.

const XSS = '<script>alert(1)</script>"\'><img src=x onerror=alert(1)>'
const PAYLOADS: (string | string[])[] = [
  XSS, "1' OR '1'='1' --", "1; DROP TABLE shop_orders; --", "' UNION SELECT email FROM users --", 'x\u0000y', '-1', '1e309',
  '9'.repeat(40), 'a'.repeat(20_000), ['a', 'b'], '%00', '../../etc/passwd',
]

for (const dialect of testDialects()) {
  describe(`shop forms under bad input (${dialect})`, () => {
    const demo = withDemoShop(dialect, { rollerStock: 1000 })

    const check = (label: string, res: { statusCode: number; body: string }) => {
      assert.ok(res.statusCode < 500, `${label}: ${res.statusCode} ${res.body.slice(0, 200)}`)
      assert.ok(!res.body.includes('<script>alert(1)</script>') && !res.body.includes('<img src=x'), `${label} echoed raw markup`)
    }

    test('cart and ship-to: every field, every payload', async () => {
      const a = demo.t.agent(); a.ip = '198.51.100.90'
      await addItem(demo.t, a, demo.shop.roller.variantIds[0], 1)
      const sku = await skuOf(demo.t, demo.shop.roller.variantIds[0])
      const forms: [string, Record<string, string>][] = [
        ['/shop/cart/add', { sku, quantity: '1', back: '/shop/cart' }],
        ['/shop/cart/update', { variant: String(demo.shop.roller.variantIds[0]), quantity: '1' }],
        ['/shop/cart/remove', { variant: String(demo.shop.roller.variantIds[0]) }],
        ['/shop/ship-to', { country: 'DE', back: '/shop/cart' }],
      ]
      for (const [url, good] of forms) {
        for (const field of Object.keys(good)) {
          for (const value of PAYLOADS) {
            a.ip = `198.51.100.${(Math.random() * 200 + 20) | 0}` // the cart's per-IP limit is not what this tests
            check(`${url} ${field}=${String(value).slice(0, 20)}`, await a.post(url, { ...good, [field]: value }))
          }
        }
      }
    })

    test('checkout: every field, every payload; nothing is placed from a refused form', async () => {
      const a = demo.t.agent(); a.ip = '198.51.100.91'
      await addItem(demo.t, a, demo.shop.roller.variantIds[0], 1)
      await shipTo(a, 'DE')
      const form = await openCheckout(a)
      const good = checkoutFields(form)
      const before = await demo.t.deps.db.selectFrom('shop_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      for (const field of Object.keys(good).filter((f) => f !== '_csrf')) {
        for (const value of PAYLOADS) {
          if (field === 'note' && typeof value === 'string' && !value.includes('\u0000') && value.length <= 1000) continue // valid note text places an order
          a.ip = `198.51.100.${(Math.random() * 200 + 20) | 0}`
          check(`/shop/checkout ${field}=${String(value).slice(0, 20)}`, await a.post('/shop/checkout', { ...good, [field]: value, action: 'refresh' }))
          check(`/shop/checkout (place) ${field}=${String(value).slice(0, 20)}`, await a.post('/shop/checkout', { ...good, [field]: value, key: `bad-${field}-${PAYLOADS.indexOf(value)}-xxxxxxxxxxxx` }))
        }
      }
      const afterCount = await demo.t.deps.db.selectFrom('shop_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      // Some payloads are valid values of some fields (a name may be "-1"); what matters is that none is a 500.
      assert.ok(Number(afterCount.n) >= Number(before.n))
    })

    test('the order page’s email proof and bad tokens', async () => {
      const a = demo.t.agent(); a.ip = '198.51.100.92'
      for (const value of PAYLOADS) {
        check(`order email ${String(value).slice(0, 20)}`, await a.post(`/shop/order/${'a'.repeat(43)}`, { email: value }))
      }
      for (const token of ['%00', "1'%20OR%201=1", 'x'.repeat(500), '..%2F..%2Fetc']) {
        const res = await a.get(`/shop/order/${token}`)
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${token}: ${res.statusCode}`)
      }
      for (const path of ['/shop/p/%00', "/shop/p/x'%20OR%201=1", '/shop/c/%00', `/shop/p/${'x'.repeat(500)}`]) {
        const res = await a.get(path)
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${path}: ${res.statusCode}`)
      }
    })
  })
}
