import { describe, test, before, after } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { testApp, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { startTestSmtp, type TestSmtp } from '../test/smtp.js'
import { makeProduct, makeStandardShop } from './fixtures.js'
import { makeOrder } from './order-fixtures.js'

// The flash message a redirect carries, read from its (signed) cookie: the
// test agent does not re-encode cookie values holding a semicolon.
const flashOf = (res: LightMyRequestResponse) => {
  redirectTarget(res)
  const c = (res.cookies as { name: string; value: string }[]).find((x) => x.name === 'crown_flash')
  return c ? c.value.slice(0, c.value.lastIndexOf('.')) : ''
}

for (const dialect of testDialects()) {
  describe(`staff orders: list, detail and moves (${dialect})`, () => {
    let t: TestApp
    let smtp: TestSmtp
    let admin: Agent & { userId: number }
    before(async () => {
      smtp = await startTestSmtp()
      t = await testApp(dialect, { env: { SMTP_URL: smtp.url } })
      await makeStandardShop(t.deps.db)
      admin = await t.signedIn('admin', 'Ada Admin')
    })
    after(async () => { await t.close(); await smtp.close() })

    const statusOf = async (number: string) => (await t.deps.db.selectFrom('shop_orders').select('status').where('number', '=', number).executeTakeFirstOrThrow()).status
    const stockOf = async (variantId: number) => (await t.deps.db.selectFrom('shop_variants').select('stock').where('id', '=', variantId).executeTakeFirstOrThrow()).stock
    const act = async (who: Agent, number: string, action: string, fields: Record<string, string> = {}) => {
      await who.get(`/admin/shop/orders/${number}`) // a fresh CSRF token, as a browser has
      return who.post(`/admin/shop/orders/${number}/${action}`, fields)
    }
    const audits = async (action: string) => t.deps.db.selectFrom('audit_log').select(['detail', 'actor_user_id']).where('action', '=', action).execute()

    test('the list filters by status, payment method and date, and searches numbers and emails', async () => {
      await makeOrder(t.deps.db, { number: 'LST-0001', email: 'anna@example.com', status: 'paid', paymentMethod: 'bank_transfer', placedAt: '2026-10-01T10:00:00.000Z', lines: [{ unitPriceCents: 1000, quantity: 1 }] })
      await makeOrder(t.deps.db, { number: 'LST-0002', email: 'ben@example.org', status: 'pending_payment', paymentMethod: 'cod', placedAt: '2026-10-05T10:00:00.000Z', lines: [{ unitPriceCents: 2500, quantity: 2 }] })
      await makeOrder(t.deps.db, { number: 'LST-0003', email: 'cara_x@example.com', status: 'shipped', paymentMethod: 'card', placedAt: '2026-10-09T10:00:00.000Z', lines: [{ unitPriceCents: 500, quantity: 1 }] })
      const shown = async (query: string) => {
        const res = await admin.get(`/admin/shop/orders${query}`)
        assert.equal(res.statusCode, 200, query)
        return [...res.body.matchAll(/>(LST-\d{4})<\/a>/g)].map((m) => m[1])
      }
      assert.deepEqual(await shown(''), ['LST-0003', 'LST-0002', 'LST-0001'])
      assert.deepEqual(await shown('?status=paid'), ['LST-0001'])
      assert.deepEqual(await shown('?method=cod'), ['LST-0002'])
      assert.deepEqual(await shown('?from=2026-10-04&to=2026-10-05'), ['LST-0002'])
      assert.deepEqual(await shown('?q=lst-0003'), ['LST-0003'])
      assert.deepEqual(await shown('?q=BEN%40example'), ['LST-0002'])
      // LIKE's wildcards are searched as themselves.
      assert.deepEqual(await shown('?q=a_x'), ['LST-0003'])
      assert.deepEqual(await shown('?q=%25'), [])
      // Nonsense filters are dropped, never a 500.
      assert.deepEqual(await shown('?status=lost&method=gold&from=2026-13-45&page=-3'), ['LST-0003', 'LST-0002', 'LST-0001'])
      const body = (await admin.get('/admin/shop/orders?q=LST-0002')).body
      assert.match(body, /€54\.90/) // 2 × €25.00 + €4.90 shipping
      assert.match(body, /Awaiting payment/)
      assert.match(body, /Cash on delivery/)
    })

    test('the detail page shows lines, totals, the escaped address and note, and the history with who and when', async () => {
      const { number } = await makeOrder(t.deps.db, {
        customerNote: '<script>alert(1)</script> leave at door',
        address: { name: '<b>Eve</b>', line1: 'Hauptstraße 1', city: 'Berlin', postcode: '10115', country: 'DE' },
        lines: [{ productName: 'Derma roller', variantName: '1.0 mm', unitPriceCents: 1990, quantity: 2, taxCents: 635 }],
      })
      const res = await admin.get(`/admin/shop/orders/${number}`)
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /Derma roller/)
      assert.match(res.body, /€39\.80/)
      assert.match(res.body, /VAT 19 %/)
      assert.match(res.body, /&lt;b>Eve&lt;\/b>|&lt;b&gt;Eve&lt;\/b&gt;/)
      assert.doesNotMatch(res.body, /<script>alert/)
      assert.match(res.body, /leave at door/)
      assert.match(res.body, /Buyer<\/strong>: placed the order/)
      assert.match(res.body, /action="[^"]+\/pay"/)
      assert.doesNotMatch(res.body, /action="[^"]+\/complete"/)
      assert.equal((await admin.get('/admin/shop/orders/NO-SUCH')).statusCode, 404)
      assert.equal((await admin.get('/admin/shop/orders/%3Cx%3E')).statusCode, 404)
    })

    test('mark paid, ship with tracking (mailed over SMTP), complete; each audited and in the history', async () => {
      const { number } = await makeOrder(t.deps.db, { email: 'ship-me@example.com', lines: [{ unitPriceCents: 1990, quantity: 1 }] })
      assert.match(flashOf(await act(admin, number, 'pay')), /marked paid/)
      assert.equal(await statusOf(number), 'paid')

      // A ship without a tracking number is refused, keeping what was typed.
      const bad = await act(admin, number, 'ship', { carrier: 'DHL <b>', tracking_number: '  ' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /Enter the tracking number/)
      assert.match(bad.body, /value="DHL &lt;b>"|value="DHL &lt;b&gt;"/)
      assert.equal(await statusOf(number), 'paid')

      redirectTarget(await act(admin, number, 'ship', { carrier: 'DHL', tracking_number: '00340434161234567890' }))
      assert.equal(await statusOf(number), 'shipped')
      await t.deps.jobs.drain()
      const mail = await smtp.waitFor((m) => (m.subject ?? '').includes(`Order ${number} has shipped`))
      assert.match(mail.text ?? '', /Carrier: DHL/)
      assert.match(mail.text ?? '', /Tracking number: 00340434161234567890/)
      assert.equal((mail.to && !Array.isArray(mail.to) ? mail.to.text : ''), 'ship-me@example.com')
      await smtp.waitFor((m) => (m.subject ?? '').includes(`Payment received for order ${number}`))

      redirectTarget(await act(admin, number, 'complete'))
      assert.equal(await statusOf(number), 'completed')
      const page = (await admin.get(`/admin/shop/orders/${number}`)).body
      assert.match(page, /Ada Admin<\/strong>: Awaiting payment → Paid/)
      assert.match(page, /Ada Admin<\/strong>: Paid → Shipped/)
      assert.match(page, /Ada Admin<\/strong>: Shipped → Completed/)
      assert.match(page, /00340434161234567890/)
      const ships = await audits('shop.order.ship')
      assert.ok(ships.some((a) => a.detail.includes(number) && a.detail.includes('DHL 00340434161234567890') && a.actor_user_id === admin.userId))
      assert.ok((await audits('shop.order.complete')).some((a) => a.detail.includes(number)))
    })

    test('a move the order no longer allows changes nothing and says what the order is now', async () => {
      const { number } = await makeOrder(t.deps.db, { lines: [{ unitPriceCents: 1000, quantity: 1 }] })
      redirectTarget(await act(admin, number, 'pay'))
      // A second tab still showing "Mark paid" and "Cancel".
      const again = await admin.post(`/admin/shop/orders/${number}/pay`)
      assert.equal(flashOf(again), 'This order is now Paid; nothing changed.')
      const cancel = await admin.post(`/admin/shop/orders/${number}/cancel`)
      assert.equal(flashOf(cancel), 'This order is now Paid; nothing changed.')
      assert.equal(await statusOf(number), 'paid')
      assert.equal((await audits('shop.order.pay')).filter((a) => a.detail.startsWith(`${number}:`)).length, 1)
    })

    test('cancel gives the units back exactly once, even when clicked twice at once, and mails the buyer', async () => {
      const { variantIds: [v] } = await makeProduct(t.deps.db, { variants: [{ name: '1.0 mm', priceCents: 1990, stock: 3 }] })
      const { number } = await makeOrder(t.deps.db, { email: 'cancel-me@example.com', lines: [{ variantId: v, unitPriceCents: 1990, quantity: 2 }] })
      await t.deps.db.updateTable('shop_variants').set({ stock: 1 }).where('id', '=', v).execute() // the order took 2
      await admin.get(`/admin/shop/orders/${number}`)
      const [a, b] = await Promise.all([admin.post(`/admin/shop/orders/${number}/cancel`), admin.post(`/admin/shop/orders/${number}/cancel`)])
      assert.deepEqual([a.statusCode, b.statusCode], [303, 303])
      assert.equal(await statusOf(number), 'cancelled')
      assert.equal(await stockOf(v), 3)
      const messages = [flashOf(a), flashOf(b)].sort()
      assert.match(messages[0], /is cancelled; its items are back in stock/)
      assert.equal(messages[1], 'This order is now Cancelled; nothing changed.')
      await t.deps.jobs.drain()
      await smtp.waitFor((m) => (m.subject ?? '') === `Order ${number} is cancelled`)
      assert.equal(smtp.messages.filter((m) => m.subject === `Order ${number} is cancelled`).length, 1)
    })

    test('refund: a card refund that fails changes nothing; a bank transfer refund needs staff to confirm', async () => {
      const card = await makeOrder(t.deps.db, { status: 'paid', paymentMethod: 'card', lines: [{ unitPriceCents: 1000, quantity: 1 }] })
      const res = await act(admin, card.number, 'refund')
      assert.match(flashOf(res), /^The refund failed, so the order is unchanged: /)
      assert.equal(await statusOf(card.number), 'paid')
      assert.equal((await audits('shop.order.refund')).filter((a) => a.detail.startsWith(`${card.number}:`)).length, 0)

      const { variantIds: [v] } = await makeProduct(t.deps.db, { variants: [{ name: 'Foam', priceCents: 2990, stock: 5 }] })
      const bank = await makeOrder(t.deps.db, { status: 'paid', lines: [{ variantId: v, unitPriceCents: 2990, quantity: 1 }] })
      const unconfirmed = await act(admin, bank.number, 'refund')
      assert.equal(unconfirmed.statusCode, 422)
      assert.match(unconfirmed.body, /Tick the box once you have returned the money/)
      assert.equal(await statusOf(bank.number), 'paid')
      redirectTarget(await act(admin, bank.number, 'refund', { confirmed: '1' }))
      assert.equal(await statusOf(bank.number), 'refunded')
      assert.equal(await stockOf(v), 6) // a paid order still held its unit: it goes back
      assert.match((await admin.get(`/admin/shop/orders/${bank.number}`)).body, /Refunded by hand \(staff confirmed\)/)
    })

    test('notes go into the history; an empty note is refused with 422', async () => {
      const { number } = await makeOrder(t.deps.db, { lines: [{ unitPriceCents: 1000, quantity: 1 }] })
      const empty = await act(admin, number, 'note', { note: '   ' })
      assert.equal(empty.statusCode, 422)
      assert.match(empty.body, /Write the note first/)
      redirectTarget(await act(admin, number, 'note', { note: 'Buyer phoned: <em>gift</em> wrap please' }))
      const page = (await admin.get(`/admin/shop/orders/${number}`)).body
      assert.match(page, /Buyer phoned: &lt;em>gift&lt;\/em> wrap please|Buyer phoned: &lt;em&gt;gift/)
      assert.ok((await audits('shop.order.note')).some((a) => a.detail === number))
    })

    test('roles: admin and shop manager allowed; editor, moderator and member refused; anonymous sent to sign in', async () => {
      const { number } = await makeOrder(t.deps.db, { lines: [{ unitPriceCents: 1000, quantity: 1 }] })
      const manager = await t.signedIn('shop_manager', 'Sam Shop')
      for (const url of ['/admin/shop/orders', `/admin/shop/orders/${number}`]) {
        assert.equal((await admin.get(url)).statusCode, 200, url)
        assert.equal((await manager.get(url)).statusCode, 200, url)
        for (const role of ['editor', 'moderator', 'member'] as const) {
          const who = await t.signedIn(role)
          assert.equal((await who.get(url)).statusCode, 403, `${role} ${url}`)
          assert.equal((await who.post(`/admin/shop/orders/${number}/cancel`, { _csrf: 'x' })).statusCode, 403)
        }
        const anon = await t.agent().get(url)
        assert.equal(anon.statusCode, 303)
        assert.match(String(anon.headers.location), /^\/sign-in\?next=/)
      }
      redirectTarget(await act(manager, number, 'pay'))
      assert.equal(await statusOf(number), 'paid')
      // Without the CSRF token nothing moves.
      assert.equal((await manager.post(`/admin/shop/orders/${number}/cancel`, { _csrf: 'forged' })).statusCode, 403)
      assert.equal(await statusOf(number), 'paid')
    })
  })
}

for (const dialect of testDialects()) {
  describe(`the dashboard's shop card (${dialect})`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    test('counts orders to ship, awaiting payment and low variants, for shop staff only', async () => {
      await makeOrder(t.deps.db, { status: 'paid', lines: [{ unitPriceCents: 100, quantity: 1 }] })
      await makeOrder(t.deps.db, { status: 'paid', lines: [{ unitPriceCents: 100, quantity: 1 }] })
      await makeOrder(t.deps.db, { status: 'pending_payment', lines: [{ unitPriceCents: 100, quantity: 1 }] })
      await makeProduct(t.deps.db, { variants: [{ name: 'a', priceCents: 100, stock: 2 }, { name: 'b', priceCents: 100, stock: 50 }, { name: 'c', priceCents: 100, stock: null }] })
      const manager = await t.signedIn('shop_manager')
      const html = (await manager.get('/admin')).body
      assert.match(html, /<span class="stat__n">2<\/span> paid orders to ship/)
      assert.match(html, /<span class="stat__n">1<\/span> awaiting payment/)
      assert.match(html, /<span class="stat__n">1<\/span> variants low on stock/)
      const editor = await t.signedIn('editor')
      assert.doesNotMatch((await editor.get('/admin')).body, /paid orders to ship/)
    })
  })
}
