import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { testApp, type TestApp } from '../test/harness.js'
import { StripeStandin } from '../test/stripe-standin.js'
import { makeProduct, makeStandardShop, setShopSettings } from './fixtures.js'
import { makeOrder, type OrderLineSpec } from './order-fixtures.js'
import { loadConfig, ConfigError } from '../config.js'
import { cardPaymentsEnabled, refundCardPayment, startCardPayment } from './payments.js'
import { expireHold } from './holds.js'
import type { PaymentMethod } from './tables.js'

// Card payments against a local stand-in for api.stripe.com (the real stripe
// library talks to it over HTTP), and webhooks signed with the library's own
// test helper, posted to the app in-process.

for (const dialect of testDialects()) {
  describe(`card payments (${dialect})`, () => {
    let t: TestApp
    let stripe: StripeStandin
    let variants: number[]

    before(async () => {
      stripe = await new StripeStandin().start()
      t = await testApp(dialect, { env: stripe.env() })
      await makeStandardShop(t.deps.db)
      variants = (await makeProduct(t.deps.db, { name: 'Derma roller', variants: [
        { name: '1.0 mm', priceCents: 1990, stock: 50 },
        { name: '1.5 mm', priceCents: 2490, stock: 50 },
      ] })).variantIds
    })
    after(async () => {
      await t.close()
      await stripe.close()
    })

    // Orders as checkout leaves them before any payment step: units taken, an hour's hold, no events yet.
    const placeOrder = (paymentMethod: PaymentMethod, lines: OrderLineSpec[]) => makeOrder(t.deps.db, {
      paymentMethod, lines, placedAt: t.clock.now().toISOString(), takeStock: true, holdMinutes: 60, recordPlaced: false,
    })
    const cardOrder = (o: { quantity?: number } = {}) => placeOrder('card', [
      { variantId: variants[0], quantity: o.quantity ?? 3, unitPriceCents: 1990 }, { variantId: variants[1], quantity: 1, unitPriceCents: 2490 },
    ])
    const start = (orderId: number) => startCardPayment(t.deps, { orderId, returnUrl: `http://localhost:3000/shop/orders/tok${orderId}`, cancelUrl: `http://localhost:3000/shop/orders/tok${orderId}?cancelled=1` })
    const orderRow = (id: number) => t.deps.db.selectFrom('shop_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const events = (id: number) => t.deps.db.selectFrom('shop_order_events').selectAll().where('order_id', '=', id).orderBy('id').execute()
    const mails = async (to: string) => (await t.deps.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute())
      .map((j) => JSON.parse(j.payload) as { to: string; subject: string; text: string }).filter((m) => m.to === to)
    const stock = async (id: number) => (await t.deps.db.selectFrom('shop_variants').select('stock').where('id', '=', id).executeTakeFirstOrThrow()).stock
    const deliver = (d: { body: string; signature?: string }) => t.app.inject({
      method: 'POST', url: '/shop/stripe/webhook', payload: d.body,
      headers: { 'content-type': 'application/json; charset=utf-8', ...(d.signature ? { 'stripe-signature': d.signature } : {}) },
    })
    const now = () => Math.floor(t.clock.now().getTime() / 1000)
    async function paidOrder() {
      const { orderId } = await cardOrder()
      const started = await start(orderId)
      assert.equal(started.kind, 'redirect')
      const sessionId = (await orderRow(orderId)).stripe_session_id!
      return { orderId, sessionId, session: stripe.markPaid(sessionId) }
    }

    test('card payment is offered when the keys are set', () => {
      assert.equal(cardPaymentsEnabled(t.deps), true)
    })

    test('a session charges the order\u2019s total in its currency, returns to the order page, and the order records it', async () => {
      const { orderId, number } = await cardOrder()
      const order = await orderRow(orderId)
      const started = await start(orderId)
      assert.equal(started.kind, 'redirect')
      const create = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST').at(-1)!
      const session = [...stripe.sessions.values()].at(-1)!
      assert.equal(started.kind === 'redirect' && started.url, session.url)
      assert.equal(session.amount_total, order.total_cents)
      assert.equal(order.total_cents, 3 * 1990 + 2490 + 490)
      assert.equal(session.currency, 'eur')
      assert.equal(session.success_url, `http://localhost:3000/shop/orders/tok${orderId}`)
      assert.equal(session.cancel_url, `http://localhost:3000/shop/orders/tok${orderId}?cancelled=1`)
      assert.equal(session.customer_email, order.email)
      assert.deepEqual(session.metadata, { order_id: String(orderId), order_number: number })
      assert.equal(session.client_reference_id, String(orderId))
      assert.deepEqual(session.line_items.map((l) => [l.unit_amount, l.quantity]), [[1990, 3], [2490, 1], [490, 1]])
      assert.match(create.idempotencyKey ?? '', new RegExp(`^crown-order-${orderId}-checkout-first-`))
      // Stripe's window (30 min … 24 h) holds the order's hold end.
      assert.ok(session.expires_at * 1000 >= Date.parse(order.hold_expires_at!))
      assert.ok(session.expires_at * 1000 - t.clock.now().getTime() >= 30 * 60_000)

      const after = await orderRow(orderId)
      assert.equal(after.stripe_session_id, session.id)
      assert.ok(after.payment_started_at)
      assert.equal(after.status, 'pending_payment')
      assert.deepEqual((await events(orderId)).map((e) => e.kind), ['payment_started'])

      // A second click reuses the open session.
      const again = await start(orderId)
      assert.deepEqual(again, started)
      assert.equal([...stripe.sessions.values()].filter((s) => s.metadata.order_id === String(orderId)).length, 1)
      assert.equal((await events(orderId)).length, 1)
    })

    test('two starts at once (a double click) make one session: the idempotency key names the attempt', async () => {
      const { orderId } = await cardOrder()
      const [a, b] = await Promise.all([start(orderId), start(orderId)])
      assert.equal(a.kind, 'redirect')
      assert.deepEqual(a, b)
      assert.equal([...stripe.sessions.values()].filter((s) => s.metadata.order_id === String(orderId)).length, 1)
      assert.deepEqual((await events(orderId)).map((e) => e.kind), ['payment_started'])
      // Once that session has expired, a new attempt makes a new session under a new key.
      const first = (await orderRow(orderId)).stripe_session_id!
      stripe.sessions.get(first)!.status = 'expired'
      const again = await start(orderId)
      assert.equal(again.kind, 'redirect')
      const second = (await orderRow(orderId)).stripe_session_id!
      assert.notEqual(second, first)
      const keys = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions' && r.body.metadata && (r.body.metadata as Record<string, string>).order_id === String(orderId)).map((r) => r.idempotencyKey)
      assert.match(keys.at(-1)!, new RegExp(`^crown-order-${orderId}-checkout-after-${first}-`))
    })

    test('a signed checkout.session.completed marks the order paid once, however often it is delivered', async () => {
      const { orderId, session } = await paidOrder()
      const before = await stock(variants[0])
      const delivery = stripe.signedEvent('checkout.session.completed', session, { timestamp: now() })
      for (let i = 0; i < 3; i++) {
        const res = await deliver(delivery)
        assert.equal(res.statusCode, 200, res.body)
      }
      const order = await orderRow(orderId)
      assert.equal(order.status, 'paid')
      assert.ok(order.paid_at)
      assert.equal(order.stock_held, 1)
      assert.equal(await stock(variants[0]), before, 'paying keeps the units taken, it does not take more')
      const paid = (await events(orderId)).filter((e) => e.kind === 'paid')
      assert.equal(paid.length, 1)
      assert.equal(paid[0].actor_label, 'Stripe')
      assert.equal(paid[0].actor_user_id, null)
      const receipts = (await mails(order.email)).filter((m) => m.subject.startsWith('Payment received'))
      assert.equal(receipts.length, 1)
      assert.match(receipts[0].text, /€/)
      const handled = await t.deps.db.selectFrom('shop_payment_events').selectAll().where('event_id', '=', delivery.id).execute()
      assert.equal(handled.length, 1)
      assert.equal(handled[0].order_id, orderId)
    })

    test('the same event delivered five times at once has one effect', async () => {
      const { orderId, session } = await paidOrder()
      const delivery = stripe.signedEvent('checkout.session.completed', session, { timestamp: now() })
      const results = await Promise.all(Array.from({ length: 5 }, () => deliver(delivery)))
      assert.deepEqual(results.map((r) => r.statusCode), [200, 200, 200, 200, 200])
      assert.deepEqual(results.map((r) => JSON.parse(r.body).result).sort(), ['paid', 'replay', 'replay', 'replay', 'replay'])
      const order = await orderRow(orderId)
      assert.equal((await events(orderId)).filter((e) => e.kind === 'paid').length, 1)
      assert.equal((await mails(order.email)).length, 1)
    })

    test('async_payment_succeeded also settles; a completed session still processing does not', async () => {
      const { orderId, sessionId } = await (async () => {
        const { orderId } = await cardOrder()
        await start(orderId)
        return { orderId, sessionId: (await orderRow(orderId)).stripe_session_id! }
      })()
      const s = stripe.sessions.get(sessionId)!
      s.status = 'complete' // a bank debit: complete, not yet paid
      assert.equal((await deliver(stripe.signedEvent('checkout.session.completed', s, { timestamp: now() }))).statusCode, 200)
      assert.equal((await orderRow(orderId)).status, 'pending_payment')
      assert.ok((await events(orderId)).some((e) => e.kind === 'payment_processing'))
      stripe.markPaid(sessionId)
      assert.equal((await deliver(stripe.signedEvent('checkout.session.async_payment_succeeded', s, { timestamp: now() }))).statusCode, 200)
      assert.equal((await orderRow(orderId)).status, 'paid')
    })

    test('tampered, wrongly signed, stale and unsigned deliveries get 400 and change nothing', async () => {
      const { orderId, session } = await paidOrder()
      const eventsBefore = await events(orderId)
      const handledBefore = await t.deps.db.selectFrom('shop_payment_events').select('event_id').execute()
      const good = stripe.signedEvent('checkout.session.completed', session, { timestamp: now() })
      const tampered = { body: good.body.replace(`"amount_total": ${session.amount_total}`, '"amount_total": 1'), signature: good.signature }
      assert.notEqual(tampered.body, good.body)
      const wrongSecret = stripe.signedEvent('checkout.session.completed', session, { timestamp: now(), secret: 'whsec_someone_else' })
      const stale = stripe.signedEvent('checkout.session.completed', session, { timestamp: now() - 301 })
      const garbage = { body: good.body, signature: 't=1,v1=deadbeef' }
      for (const [name, d] of Object.entries({ tampered, wrongSecret, stale, garbage, unsigned: { body: good.body } })) {
        const res = await deliver(d)
        assert.equal(res.statusCode, 400, `${name}: ${res.body}`)
      }
      // Not JSON at all, and JSON that is no Stripe event: still 4xx, never 500.
      assert.equal((await t.app.inject({ method: 'POST', url: '/shop/stripe/webhook', payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded', 'stripe-signature': good.signature } })).statusCode, 400)
      assert.equal((await t.app.inject({ method: 'POST', url: '/shop/stripe/webhook', payload: Buffer.alloc(300 * 1024, 32), headers: { 'content-type': 'application/json', 'stripe-signature': good.signature } })).statusCode, 413)

      assert.equal((await orderRow(orderId)).status, 'pending_payment')
      assert.deepEqual(await events(orderId), eventsBefore)
      assert.deepEqual(await t.deps.db.selectFrom('shop_payment_events').select('event_id').execute(), handledBefore)

      // The stale check uses the site's clock: a good delivery read 301 s later is refused too.
      const late = stripe.signedEvent('checkout.session.completed', session, { timestamp: now() })
      t.clock.advance(301_000)
      try {
        assert.equal((await deliver(late)).statusCode, 400)
      } finally {
        t.clock.advance(-301_000)
      }
      // …and the same delivery in time is accepted.
      assert.equal((await deliver(good)).statusCode, 200)
      assert.equal((await orderRow(orderId)).status, 'paid')
    })

    test('an amount or currency that differs from the order records a mismatch and changes no status', async () => {
      const { orderId, session } = await paidOrder()
      const res = await deliver(stripe.signedEvent('checkout.session.completed', { ...session, amount_total: session.amount_total - 1 }, { timestamp: now() }))
      assert.equal(res.statusCode, 200)
      // Replays of one event are one effect even when it changes no status.
      const usd = stripe.signedEvent('checkout.session.completed', { ...session, currency: 'usd' }, { timestamp: now() })
      for (let i = 0; i < 3; i++) assert.equal((await deliver(usd)).statusCode, 200)
      const order = await orderRow(orderId)
      assert.equal(order.status, 'pending_payment')
      assert.equal(order.paid_at, null)
      const kinds = (await events(orderId)).map((e) => e.kind)
      assert.deepEqual(kinds, ['payment_started', 'payment_mismatch', 'payment_mismatch'])
      assert.equal((await mails(order.email)).length, 0)
    })

    test('checkout.session.expired is recorded and nothing more', async () => {
      const { orderId } = await cardOrder()
      await start(orderId)
      const s = stripe.sessions.get((await orderRow(orderId)).stripe_session_id!)!
      assert.equal((await deliver(stripe.signedEvent('checkout.session.expired', { ...s, status: 'expired' }, { timestamp: now() }))).statusCode, 200)
      const order = await orderRow(orderId)
      assert.equal(order.status, 'pending_payment')
      assert.equal(order.stock_held, 1)
      assert.deepEqual((await events(orderId)).map((e) => e.kind), ['payment_started', 'payment_session_expired'])
    })

    test('a payment landing after the hold expired takes the units back and the order is paid', async () => {
      const { orderId } = await cardOrder({ quantity: 2 })
      await start(orderId)
      const sessionId = (await orderRow(orderId)).stripe_session_id!
      const s0 = (await stock(variants[0]))!
      t.clock.advance(61 * 60_000)
      try {
        assert.equal(await expireHold(t.deps, orderId), 'cancelled')
        assert.equal(await stock(variants[0]), s0 + 2)
        assert.equal(stripe.sessions.get(sessionId)!.status, 'expired')
        // Stripe took the money anyway (the buyer's bank was slow to answer).
        const session = stripe.markPaid(sessionId)
        const res = await deliver(stripe.signedEvent('checkout.session.completed', session, { timestamp: now() }))
        assert.equal(res.statusCode, 200)
        assert.equal(JSON.parse(res.body).result, 'reinstated')
      } finally {
        t.clock.advance(-61 * 60_000)
      }
      const order = await orderRow(orderId)
      assert.equal(order.status, 'paid')
      assert.equal(order.stock_held, 1)
      assert.equal(await stock(variants[0]), s0)
      const kinds = (await events(orderId)).map((e) => [e.kind, e.from_status, e.to_status])
      assert.deepEqual(kinds.slice(-2), [['expired', 'pending_payment', 'cancelled'], ['paid_after_cancel', 'cancelled', 'paid']])
    })

    test('a payment landing after the hold expired and the units sold keeps the order cancelled and mails staff', async () => {
      await setShopSettings(t.deps.db, { lowStockEmail: 'staff@example.com' })
      const only = (await makeProduct(t.deps.db, { name: 'Last brush', variants: [{ name: 'One', priceCents: 900, stock: 1 }] })).variantIds[0]
      const { orderId } = await placeOrder('card', [{ variantId: only, quantity: 1, unitPriceCents: 900 }])
      await start(orderId)
      const sessionId = (await orderRow(orderId)).stripe_session_id!
      t.clock.advance(61 * 60_000)
      let delivery
      try {
        assert.equal(await expireHold(t.deps, orderId), 'cancelled')
        await placeOrder('bank_transfer', [{ variantId: only, quantity: 1, unitPriceCents: 900 }])
        assert.equal(await stock(only), 0)
        delivery = stripe.signedEvent('checkout.session.completed', stripe.markPaid(sessionId), { timestamp: now() })
        for (let i = 0; i < 2; i++) assert.equal((await deliver(delivery)).statusCode, 200)
      } finally {
        t.clock.advance(-61 * 60_000)
      }
      const order = await orderRow(orderId)
      assert.equal(order.status, 'cancelled')
      assert.equal(order.stock_held, 0)
      assert.equal(await stock(only), 0, 'no unit is taken from the other buyer')
      const late = (await events(orderId)).filter((e) => e.kind === 'paid_after_cancel')
      assert.equal(late.length, 1)
      assert.equal(late[0].to_status, null)
      const staff = (await mails('staff@example.com')).filter((m) => m.subject.includes(order.number!))
      assert.equal(staff.length, 1)
      assert.match(staff[0].subject, /Refund needed/)
      await setShopSettings(t.deps.db, { lowStockEmail: '' })
    })

    test('a refund goes to Stripe for the session\u2019s payment, once', async () => {
      const { orderId, session } = await paidOrder()
      assert.equal((await deliver(stripe.signedEvent('checkout.session.completed', session, { timestamp: now() }))).statusCode, 200)
      assert.deepEqual(await refundCardPayment(t.deps, orderId), { kind: 'refunded' })
      const refunds = stripe.refunds.filter((r) => r.payment_intent === session.payment_intent)
      assert.equal(refunds.length, 1)
      assert.equal(refunds[0].amount, session.amount_total)
      const req = stripe.requests.filter((r) => r.path === '/v1/refunds').at(-1)!
      assert.equal(req.idempotencyKey, `crown-order-${orderId}-refund`)
      assert.equal(req.body.payment_intent, session.payment_intent)
      // A retry by staff refunds nothing more.
      assert.deepEqual(await refundCardPayment(t.deps, orderId), { kind: 'refunded' })
      assert.equal(stripe.refunds.filter((r) => r.payment_intent === session.payment_intent).length, 1)
      assert.ok((await events(orderId)).some((e) => e.kind === 'refund_sent'))
      // An order never paid by card has nothing to refund.
      const { orderId: unpaid } = await cardOrder()
      assert.equal((await refundCardPayment(t.deps, unpaid)).kind, 'failed')
    })

    test('Stripe unreachable: starting a payment fails with a message and the order is unchanged', async () => {
      const { orderId } = await cardOrder()
      stripe.down = true
      try {
        const res = await start(orderId)
        assert.equal(res.kind, 'failed')
      } finally {
        stripe.down = false
      }
      const order = await orderRow(orderId)
      assert.equal(order.stripe_session_id, null)
      assert.equal(order.status, 'pending_payment')
    })
  })
}

describe('Stripe settings', () => {
  const base = { DATABASE_URL: ':memory:' }
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env })
    } catch (err) {
      assert.ok(err instanceof ConfigError)
      return err.message
    }
    return ''
  }

  test('keys and the stand-in address are read; none set means no card payments', () => {
    assert.equal(loadConfig(base).stripe, null)
    assert.deepEqual(loadConfig({ ...base, STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_xyz', STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: '3125', STRIPE_API_PROTOCOL: 'http' }).stripe,
      { secretKey: 'sk_test_abc123', webhookSecret: 'whsec_xyz', host: '127.0.0.1', port: 3125, protocol: 'http' })
  })

  test('bad values stop the boot naming the variable', () => {
    assert.match(refusal({ STRIPE_SECRET_KEY: 'pk_test_publishable', STRIPE_WEBHOOK_SECRET: 'whsec_x' }), /STRIPE_SECRET_KEY/)
    assert.match(refusal({ STRIPE_SECRET_KEY: 'sk_test_abc' }), /STRIPE_WEBHOOK_SECRET: card payments need both/)
    assert.match(refusal({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'secret' }), /STRIPE_WEBHOOK_SECRET/)
    assert.match(refusal({ STRIPE_API_PORT: '99999' }), /STRIPE_API_PORT/)
    assert.match(refusal({ STRIPE_API_PROTOCOL: 'ftp' }), /STRIPE_API_PROTOCOL/)
    assert.match(refusal({ STRIPE_API_HOST: 'http://x/' }), /STRIPE_API_HOST/)
  })
})

describe('card payments not configured', () => {
  test('no card option, and the webhook is not there', async () => {
    const t = await testApp('sqlite')
    try {
      assert.equal(cardPaymentsEnabled(t.deps), false)
      const res = await t.app.inject({ method: 'POST', url: '/shop/stripe/webhook', payload: '{}', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' } })
      assert.equal(res.statusCode, 404)
      assert.equal((await startCardPayment(t.deps, { orderId: 1, returnUrl: 'http://localhost/', cancelUrl: 'http://localhost/' })).kind, 'failed')
    } finally {
      await t.close()
    }
  })
})
