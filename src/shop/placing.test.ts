import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { redirectTarget, testApp, type Agent, type TestApp } from '../test/harness.js'
import { startTestSmtp, type TestSmtp } from '../test/smtp.js'
import { takeToken } from '../db/rate-limits.js'
import { hmac } from '../http/signing.js'
import { PLACE_LIMITS } from './placing.js'
import { addItem, checkoutFields, makeDemoShop, openCheckout, shipTo, type DemoShop } from './buyer-fixtures.js'

const stockOf = async (t: TestApp, variantId: number) =>
  (await t.deps.db.selectFrom('shop_variants').select('stock').where('id', '=', variantId).executeTakeFirstOrThrow()).stock
const orderCount = async (t: TestApp) => Number((await t.deps.db.selectFrom('shop_orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

let ips = 0
function buyer(t: TestApp): Agent {
  const a = t.agent()
  ips++
  a.ip = `10.${(ips >> 8) & 255}.${ips & 255}.9`
  return a
}

/** A buyer with these variants in the cart, shipping to the country, on the checkout page. */
async function readyBuyer(t: TestApp, variants: number[], country = 'DE') {
  const a = buyer(t)
  for (const v of variants) redirectTarget(await addItem(t, a, v))
  redirectTarget(await shipTo(a, country))
  const form = await openCheckout(a)
  assert.equal(form.status, 200, form.body.slice(0, 500))
  return { a, form }
}

for (const dialect of testDialects()) {
  describe(`checkout and placing on ${dialect}`, () => {
    let t: TestApp
    let smtp: TestSmtp
    let shop: DemoShop
    before(async () => {
      smtp = await startTestSmtp()
      t = await testApp(dialect, { env: { SMTP_URL: smtp.url } })
      shop = await makeDemoShop(t)
    })
    after(async () => { await t.close(); await smtp.close() })

    test('field errors re-render 422 with every input kept; a bad German postcode names the problem; "Update shipping" places nothing', async () => {
      const [, r10] = shop.roller.variantIds
      const { a, form } = await readyBuyer(t, [r10])
      const before = await orderCount(t)
      const sent = checkoutFields(form, { email: 'not an email', postcode: '1234', line2: 'Hinterhaus <b>2</b>', region: 'Berlin-Mitte', note: 'Ring twice', terms: '' })
      const res = await a.post('/shop/checkout', sent)
      assert.equal(res.statusCode, 422)
      assert.match(res.body, /Your order was not placed/)
      assert.match(res.body, /href="#f-email"/)
      assert.match(res.body, /That is not a valid postcode for Germany\./)
      assert.match(res.body, /href="#f-terms"/)
      for (const v of ['not an email', '1234', 'Greta Gast', 'Hauptstraße 5', 'Hinterhaus &lt;b>2&lt;/b>', 'Berlin-Mitte', 'Ring twice']) assert.ok(res.body.includes(v), `kept ${v}`)
      assert.match(res.body, new RegExp(`name="key" value="${form.key}"`), 'the idempotency key is kept')
      assert.match(res.body, /<option value="DE" selected/)

      // Changing the country without JS: new options, no order.
      const refreshed = await a.post('/shop/checkout', { ...sent, country: 'JP', action: 'refresh' })
      assert.equal(refreshed.statusCode, 200)
      assert.match(refreshed.body, /International: €15\.00/)
      assert.doesNotMatch(refreshed.body, /Express/)
      assert.ok(refreshed.body.includes('Ring twice'))
      assert.equal(await orderCount(t), before)

      // Malformed values are 4xx, never 500.
      const bads: Record<string, string>[] = [{ shipping: "1 OR 1=1" }, { payment: 'bitcoin' }, { country: 'ZZ' }, { key: '' }, { quoted: 'x' }]
      for (const bad of bads) {
        const r = await a.post('/shop/checkout', { ...checkoutFields(form), ...bad })
        assert.equal(r.statusCode, 422, JSON.stringify(bad))
      }
      const noPayment = await a.post('/shop/checkout', { ...checkoutFields(form), payment: '' })
      assert.match(noPayment.body, /href="#f-payment"/)
      assert.match(noPayment.body, /id="f-payment"/, 'the summary link lands on the payment group')
      assert.equal(await orderCount(t), before)
    })

    test('a guest from Germany buys a 1.0 mm roller and minoxidil by bank transfer: order, lines, tax, stock, hold, mail over SMTP', async () => {
      const [, r10] = shop.roller.variantIds
      const [m1] = shop.minoxidil.variantIds
      const rollerBefore = await stockOf(t, r10)
      const minoxBefore = await stockOf(t, m1)
      const { a, form } = await readyBuyer(t, [r10, m1])
      assert.match(form.body, /incl\. 19 % VAT/)
      assert.match(form.body, /Cash on delivery/)
      assert.doesNotMatch(form.body, /Card \(Stripe\)/)
      const res = await a.post('/shop/checkout', checkoutFields(form, { email: 'Greta.Buyer@example.com', note: 'Bitte klingeln' }))
      const to = redirectTarget(res)
      assert.match(to, /^\/shop\/order\/[\w-]{40,}$/)

      const order = await t.deps.db.selectFrom('shop_orders').selectAll().where('email', '=', 'Greta.Buyer@example.com').executeTakeFirstOrThrow()
      assert.match(order.number ?? '', /^CR-\d{5,}$/)
      assert.equal(order.status, 'pending_payment')
      assert.equal(order.subtotal_cents, 2190 + 1790)
      assert.equal(order.shipping_cents, 490) // under €50: standard is not free
      assert.equal(order.total_cents, 2190 + 1790 + 490)
      assert.equal(order.tax_cents, 350 + 286 + 78) // 19 % inside each line and the shipping, rounded once each
      assert.equal(order.tax_rate_bp, 1900)
      assert.equal(order.customer_note, 'Bitte klingeln')
      assert.ok(order.hold_expires_at && Date.parse(order.hold_expires_at) - t.clock.now().getTime() === 60 * 60_000)
      const lines = await t.deps.db.selectFrom('shop_order_lines').selectAll().where('order_id', '=', order.id).orderBy('id').execute()
      assert.deepEqual(lines.map((l) => [l.product_name, l.variant_name, l.quantity, l.tax_cents, l.total_cents]), [
        ['Derma roller', '1.0 mm', 1, 350, 2190], ['Minoxidil 5% foam', '1 month', 1, 286, 1790],
      ])
      assert.equal(await stockOf(t, r10), rollerBefore! - 1)
      assert.equal(await stockOf(t, m1), minoxBefore! - 1)
      const events = await t.deps.db.selectFrom('shop_order_events').select('kind').where('order_id', '=', order.id).execute()
      assert.deepEqual(events.map((e) => e.kind), ['placed'])
      const hold = await t.deps.db.selectFrom('jobs').select(['payload', 'run_at']).where('kind', '=', 'shop.expire-hold').execute()
      assert.ok(hold.some((j) => JSON.parse(j.payload).orderId === order.id && j.run_at === order.hold_expires_at))
      assert.match((await a.get('/shop/cart')).body, /Your cart is empty/, 'the cart is emptied')

      // The placing browser sees the order at once.
      const page = await a.get(to)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, new RegExp(order.number!))
      assert.match(page.body, /IBAN DE00 0000 0000 0000 0000 00/)
      assert.match(page.body, /Reference: <strong>CR-\d+<\/strong>/)
      assert.match(page.body, /incl\. 19 % VAT/)
      assert.match(page.body, /Standard, usually 2–4 working days/)
      assert.match(page.body, /Bitte klingeln/)
      const invoice = await a.get(`${to}/invoice`)
      assert.equal(invoice.statusCode, 200)
      assert.match(invoice.body, new RegExp(`Invoice ${order.number}`))
      assert.match(invoice.body, /class="shop-invoice"/)

      await t.deps.jobs.drain()
      const mail = await smtp.waitFor((m) => (m.subject ?? '').includes(order.number!))
      assert.match(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', /Greta\.Buyer@example\.com/)
      assert.match(mail.text ?? '', /1 × Derma roller \(1\.0 mm\)/)
      assert.match(mail.text ?? '', /IBAN DE00 0000 0000 0000 0000 00/)
      assert.match(mail.text ?? '', new RegExp(`Reference: ${order.number}`))
      assert.match(mail.text ?? '', /incl\. 19 % VAT: €7\.14/)
      assert.match(mail.text ?? '', /Total: €44\.70/)
      assert.match(mail.text ?? '', /Berlin/)
      assert.ok((mail.text ?? '').includes(`http://localhost:3000${to}`), 'the mail links to the order page')
    })

    test('shipping to a country where minoxidil is blocked: refused before paying with the reason; the roller alone goes through', async () => {
      const [, r10] = shop.roller.variantIds
      const [m1] = shop.minoxidil.variantIds
      const { a, form } = await readyBuyer(t, [r10, m1], 'US')
      assert.match(form.body, /We are not licensed to send medicines to the United States\./)
      assert.match(form.body, /<button type="submit" name="action" value="place" class="btn btn--primary" disabled/)
      const before = await orderCount(t)
      const us = { name: 'Sam Buyer', line1: '1 Main St', city: 'Springfield', region: 'IL', postcode: '62701', country: 'US' }
      const res = await a.post('/shop/checkout', checkoutFields(form, us))
      assert.equal(res.statusCode, 409)
      assert.match(res.body, /not licensed to send medicines to the United States/)
      assert.equal(await orderCount(t), before)
      redirectTarget(await a.post('/shop/cart/remove', { variant: String(m1) }))
      const again = await openCheckout(a)
      assert.match(again.body, /International: €15\.00/)
      redirectTarget(await a.post('/shop/checkout', checkoutFields(again, { ...us, email: 'sam@example.com' })))
      const order = await t.deps.db.selectFrom('shop_orders').select(['total_cents', 'tax_cents', 'country']).where('email', '=', 'sam@example.com').executeTakeFirstOrThrow()
      assert.deepEqual(order, { total_cents: 2190 + 1500, tax_cents: 0, country: 'US' })
    })

    test('a price change between the page and the submit is refused with the new total; cash on delivery only where the zone allows it', async () => {
      const [r05] = shop.roller.variantIds
      const { a, form } = await readyBuyer(t, [r05])
      await t.deps.db.updateTable('shop_variants').set({ price_cents: 2490 }).where('id', '=', r05).execute()
      const before = await orderCount(t)
      const res = await a.post('/shop/checkout', checkoutFields(form, { email: 'price@example.com' }))
      assert.equal(res.statusCode, 409)
      assert.match(res.body, /Prices changed since this page was shown: the total is now €29\.80/)
      assert.equal(await orderCount(t), before)
      // The re-rendered page carries the new total: placing it now works.
      const quoted = /name="quoted" value="([^"]*)"/.exec(res.body)![1]
      const key = /name="key" value="([^"]*)"/.exec(res.body)![1]
      assert.equal(key, form.key)
      redirectTarget(await a.post('/shop/checkout', checkoutFields({ ...form, quoted }, { email: 'price@example.com' })))
      await t.deps.db.updateTable('shop_variants').set({ price_cents: 1990 }).where('id', '=', r05).execute()

      const w = await readyBuyer(t, [r05], 'JP')
      assert.doesNotMatch(w.form.body, /Cash on delivery/)
      const jp = { name: 'Jun', line1: '1-1 Chiyoda', city: 'Tokyo', postcode: '100-0001', country: 'JP', payment: 'cod' }
      const cod = await w.a.post('/shop/checkout', checkoutFields(w.form, jp))
      assert.equal(cod.statusCode, 409)
      assert.match(cod.body, /Cash on delivery is not offered for this country/)
    })

    test('the same idempotency key sent 20 times at once makes one order, and every request ends on its page', async () => {
      const [r05] = shop.roller.variantIds
      const { a, form } = await readyBuyer(t, [r05])
      const stock = await stockOf(t, r05)
      const fields = checkoutFields(form, { email: 'twenty@example.com' })
      const results = await Promise.all(Array.from({ length: 20 }, () => a.post('/shop/checkout', fields)))
      const targets = new Set(results.map((r) => redirectTarget(r)))
      assert.equal(targets.size, 1, 'every request goes to the one order page')
      const orders = await t.deps.db.selectFrom('shop_orders').select('id').where('email', '=', 'twenty@example.com').execute()
      assert.equal(orders.length, 1)
      assert.equal(await stockOf(t, r05), stock! - 1)
      // A later retry (a refresh of the POST) still lands there, and places nothing.
      assert.equal(redirectTarget(await a.post('/shop/checkout', fields)), [...targets][0])
      // The same key from another cart is not this order.
      const other = await readyBuyer(t, [r05])
      const theirs = redirectTarget(await other.a.post('/shop/checkout', checkoutFields({ ...other.form, key: form.key }, { email: 'twenty@example.com' })))
      assert.notEqual(theirs, [...targets][0])
    })

    test('placing is limited per email address (counted in the database): over the limit is 429 with Retry-After, and nothing is placed', async () => {
      const [r05] = shop.roller.variantIds
      const { a, form } = await readyBuyer(t, [r05])
      const email = 'busy.buyer@example.com'
      for (let i = 0; i < PLACE_LIMITS.email.limit; i++) {
        await takeToken(t.deps.db, { key: `shop-place:email:${hmac(t.deps.secrets.ipHash, email)}`, ...PLACE_LIMITS.email, now: t.clock.now() })
      }
      const before = await orderCount(t)
      const res = await a.post('/shop/checkout', checkoutFields(form, { email: 'Busy.Buyer@example.com' }))
      assert.equal(res.statusCode, 429)
      assert.ok(Number(res.headers['retry-after']) > 0)
      assert.match(res.body, /Too many orders were placed from here or with this email address/)
      assert.equal(await orderCount(t), before)
    })

    test('50 concurrent buyers of the last unit: exactly one order, stock 0, the others told it sold out', async () => {
      const [, r10] = shop.roller.variantIds
      await t.deps.db.updateTable('shop_variants').set({ stock: 1 }).where('id', '=', r10).execute()
      const buyers = []
      for (let i = 0; i < 50; i++) buyers.push(await readyBuyer(t, [r10]))
      const before = await orderCount(t)
      const results = await Promise.all(buyers.map((b, i) => b.a.post('/shop/checkout', checkoutFields(b.form, { email: `last${i}@example.com` }))))
      const placed = results.filter((r) => r.statusCode === 303)
      const refused = results.filter((r) => r.statusCode === 409)
      assert.equal(placed.length, 1, `statuses: ${results.map((r) => r.statusCode).join(',')}`)
      assert.equal(refused.length, 49)
      for (const r of refused) assert.match(r.body, /sold out/)
      assert.equal(await orderCount(t), before + 1)
      assert.equal(await stockOf(t, r10), 0)
      const sold = await t.deps.db.selectFrom('shop_order_lines').select((eb) => eb.fn.sum<number>('quantity').as('n')).where('variant_id', '=', r10).where('order_id', '>', 0).executeTakeFirstOrThrow()
      assert.ok(Number(sold.n) >= 1)
      await t.deps.db.updateTable('shop_variants').set({ stock: 10 }).where('id', '=', r10).execute()
    })
  })
}
