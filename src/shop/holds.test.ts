import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { testApp, type TestApp } from '../test/harness.js'
import { StripeStandin } from '../test/stripe-standin.js'
import { siteVersion } from '../http/page-cache.js'
import { makeProduct, makeStandardShop } from './fixtures.js'
import { makeOrder } from './order-fixtures.js'
import { startCardPayment } from './payments.js'
import { EXPIRE_HOLD, SWEEP_HOLDS, expireHold, sweepHolds } from './holds.js'
import type { PaymentMethod } from './tables.js'

// The end of an unpaid order's hold, run through the real job queue with the
// test's clock; card orders ask the Stripe stand-in first.

const HOUR = 60 * 60_000

for (const dialect of testDialects()) {
  describe(`hold expiry (${dialect})`, () => {
    let t: TestApp
    let stripe: StripeStandin

    before(async () => {
      stripe = await new StripeStandin().start()
      t = await testApp(dialect, { env: stripe.env() })
      await makeStandardShop(t.deps.db)
    })
    after(async () => {
      await t.close()
      await stripe.close()
    })

    // Every test has its own variant, so stock counts are its own.
    async function placed(method: PaymentMethod, o: { stock?: number; quantity?: number } = {}) {
      const variantId = (await makeProduct(t.deps.db, { variants: [{ name: 'One', priceCents: 1500, stock: o.stock ?? 10 }] })).variantIds[0]
      const { orderId } = await makeOrder(t.deps.db, {
        paymentMethod: method, placedAt: t.clock.now().toISOString(), takeStock: true, holdMinutes: 60, recordPlaced: false,
        lines: [{ variantId, quantity: o.quantity ?? 2, unitPriceCents: 1500 }],
      })
      const row = await orderRow(orderId)
      // As checkout does: the hold's job, due when the hold ends.
      if (row.hold_expires_at) await t.deps.jobs.enqueue(EXPIRE_HOLD, { orderId }, { runAt: new Date(row.hold_expires_at) })
      return { orderId, variantId }
    }
    async function withSession(orderId: number) {
      const r = await startCardPayment(t.deps, { orderId, returnUrl: 'http://localhost:3000/shop/orders/x', cancelUrl: 'http://localhost:3000/shop/orders/x' })
      assert.equal(r.kind, 'redirect')
      return (await orderRow(orderId)).stripe_session_id!
    }
    const orderRow = (id: number) => t.deps.db.selectFrom('shop_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const events = (id: number) => t.deps.db.selectFrom('shop_order_events').selectAll().where('order_id', '=', id).orderBy('id').execute()
    const stock = async (id: number) => (await t.deps.db.selectFrom('shop_variants').select('stock').where('id', '=', id).executeTakeFirstOrThrow()).stock
    const mailsTo = async (to: string) => (await t.deps.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute())
      .map((j) => JSON.parse(j.payload) as { to: string; subject: string }).filter((m) => m.to === to)
    const holdJobs = (orderId: number) => t.deps.db.selectFrom('jobs').selectAll().where('kind', '=', EXPIRE_HOLD).where('payload', '=', JSON.stringify({ orderId })).orderBy('id').execute()
    /** Moves the clock on and runs every job that is due. */
    async function later(ms: number) {
      t.clock.advance(ms)
      await t.deps.jobs.drain()
    }

    test('a bank-transfer order unpaid when its hold ends is cancelled, its stock comes back, the buyer is told', async () => {
      const { orderId, variantId } = await placed('bank_transfer')
      assert.equal(await stock(variantId), 8)
      await later(HOUR - 60_000)
      assert.equal((await orderRow(orderId)).status, 'pending_payment', 'not before the hold ends')
      assert.equal(await stock(variantId), 8)
      const version = await siteVersion(t.deps.db)
      await later(2 * 60_000)
      const order = await orderRow(orderId)
      assert.equal(order.status, 'cancelled')
      assert.equal(order.stock_held, 0)
      assert.ok(order.cancelled_at)
      assert.equal(await stock(variantId), 10)
      const expired = (await events(orderId)).filter((e) => e.kind === 'expired')
      assert.equal(expired.length, 1)
      assert.equal(expired[0].note, 'Unpaid after 60 minutes')
      assert.equal(expired[0].actor_label, 'System')
      assert.notEqual(await siteVersion(t.deps.db), version, 'cached pages show the stock again')
      const mails = await mailsTo(order.email)
      assert.equal(mails.length, 1)
      assert.match(mails[0].subject, /cancelled/)
      // Run again (a duplicate job, the sweep): nothing more happens.
      assert.equal(await expireHold(t.deps, orderId), 'not-pending')
      assert.equal(await stock(variantId), 10)
    })

    test('cash on delivery holds no clock; a paid order is left alone', async () => {
      const cod = await placed('cod')
      assert.equal(await expireHold(t.deps, cod.orderId), 'cod')
      const bank = await placed('bank_transfer')
      await t.deps.db.updateTable('shop_orders').set({ status: 'paid' }).where('id', '=', bank.orderId).execute()
      await later(2 * HOUR)
      assert.equal((await orderRow(bank.orderId)).status, 'paid')
      assert.equal(await stock(bank.variantId), 8)
      assert.equal((await orderRow(cod.orderId)).status, 'pending_payment')
    })

    test('a hold moved later is asked again at its new end', async () => {
      const { orderId } = await placed('bank_transfer')
      const newEnd = new Date(t.clock.now().getTime() + 3 * HOUR)
      await t.deps.db.updateTable('shop_orders').set({ hold_expires_at: newEnd.toISOString() }).where('id', '=', orderId).execute()
      await later(HOUR + 60_000)
      assert.equal((await orderRow(orderId)).status, 'pending_payment')
      const jobs = await holdJobs(orderId)
      assert.equal(jobs.length, 2)
      assert.equal(jobs[1].run_at, newEnd.toISOString())
      await later(2 * HOUR)
      assert.equal((await orderRow(orderId)).status, 'cancelled')
    })

    test('a card order whose session Stripe says is paid is marked PAID by expiry, not cancelled', async () => {
      const { orderId, variantId } = await placed('card')
      const sessionId = await withSession(orderId)
      stripe.markPaid(sessionId)
      const end = Date.parse((await orderRow(orderId)).hold_expires_at!)
      await later(end - t.clock.now().getTime() + 1000)
      const order = await orderRow(orderId)
      assert.equal(order.status, 'paid')
      assert.equal(order.stock_held, 1)
      assert.equal(await stock(variantId), 8)
      assert.equal((await events(orderId)).filter((e) => e.kind === 'paid').length, 1)
      assert.equal((await mailsTo(order.email)).filter((m) => m.subject.startsWith('Payment received')).length, 1)
      assert.ok(!stripe.requests.some((r) => r.path === `/v1/checkout/sessions/${sessionId}/expire`), 'a paid session is not expired')
    })

    test('a card order with an open session: the session is expired at Stripe first, then the order cancelled', async () => {
      const { orderId, variantId } = await placed('card')
      const sessionId = await withSession(orderId)
      // Starting payment moved the hold to the session's end (at least 30 minutes on Stripe's page).
      const end = Date.parse((await orderRow(orderId)).hold_expires_at!)
      assert.ok(end >= t.clock.now().getTime() + HOUR)
      await later(HOUR + 60_000)
      assert.equal((await orderRow(orderId)).status, end > t.clock.now().getTime() ? 'pending_payment' : 'cancelled')
      await later(end - t.clock.now().getTime() + 1000)
      assert.equal(stripe.sessions.get(sessionId)!.status, 'expired')
      assert.equal((await orderRow(orderId)).status, 'cancelled')
      assert.equal(await stock(variantId), 10)
    })

    test('a buyer paying in the instant the session is expired: Stripe refuses the expiry and the order is paid', async () => {
      const { orderId, variantId } = await placed('card')
      const sessionId = await withSession(orderId)
      stripe.payBeforeExpire.add(sessionId)
      t.clock.advance(2 * HOUR)
      assert.equal(await expireHold(t.deps, orderId), 'paid')
      assert.equal((await orderRow(orderId)).status, 'paid')
      assert.equal(await stock(variantId), 8)
      assert.ok(stripe.requests.some((r) => r.path === `/v1/checkout/sessions/${sessionId}/expire`))
    })

    test('race: the webhook and the expiry job at the same moment end paid, stock kept, one paid event', async () => {
      for (let round = 0; round < 6; round++) {
        const { orderId, variantId } = await placed('card')
        const sessionId = await withSession(orderId)
        const session = stripe.markPaid(sessionId)
        t.clock.advance(2 * HOUR)
        const delivery = stripe.signedEvent('checkout.session.completed', session, { timestamp: Math.floor(t.clock.now().getTime() / 1000) })
        const [res] = await Promise.all([
          t.app.inject({ method: 'POST', url: '/shop/stripe/webhook', payload: delivery.body, headers: { 'content-type': 'application/json', 'stripe-signature': delivery.signature } }),
          round % 2 ? t.deps.jobs.drain() : expireHold(t.deps, orderId),
        ])
        assert.equal(res.statusCode, 200, res.body)
        await t.deps.jobs.drain()
        const order = await orderRow(orderId)
        assert.equal(order.status, 'paid', `round ${round}`)
        assert.equal(order.stock_held, 1)
        assert.equal(await stock(variantId), 8, `round ${round}: stock not released`)
        const kinds = (await events(orderId)).map((e) => e.kind)
        assert.equal(kinds.filter((k) => k === 'paid').length, 1, `round ${round}: ${kinds.join(',')}`)
        assert.ok(!kinds.includes('expired') && !kinds.includes('paid_after_cancel'), kinds.join(','))
        assert.equal((await mailsTo(order.email)).filter((m) => m.subject.startsWith('Payment received')).length, 1)
      }
    })

    test('race: a payment and an expiry of an open session at the same moment never leave the money taken and the order cancelled', async () => {
      for (let round = 0; round < 4; round++) {
        const { orderId, variantId } = await placed('card')
        const sessionId = await withSession(orderId)
        t.clock.advance(2 * HOUR)
        // The buyer completes payment while the job is talking to Stripe.
        const pay = (async () => {
          await new Promise((r) => setTimeout(r, round))
          const s = stripe.sessions.get(sessionId)!
          if (s.status !== 'open') return null
          stripe.markPaid(sessionId)
          const d = stripe.signedEvent('checkout.session.completed', s, { timestamp: Math.floor(t.clock.now().getTime() / 1000) })
          return t.app.inject({ method: 'POST', url: '/shop/stripe/webhook', payload: d.body, headers: { 'content-type': 'application/json', 'stripe-signature': d.signature } })
        })()
        await Promise.all([pay, expireHold(t.deps, orderId)])
        const s = stripe.sessions.get(sessionId)!
        const order = await orderRow(orderId)
        if (s.payment_status === 'paid') {
          assert.equal(order.status, 'paid', `round ${round}: Stripe has the money, so the order is paid`)
          assert.equal(await stock(variantId), 8)
        } else {
          assert.equal(s.status, 'expired')
          assert.equal(order.status, 'cancelled')
          assert.equal(await stock(variantId), 10)
        }
      }
    })

    test('a card order that never reached Stripe is cancelled without asking it', async () => {
      const { orderId, variantId } = await placed('card')
      const asked = stripe.requests.length
      await later(HOUR + 1000)
      assert.equal((await orderRow(orderId)).status, 'cancelled')
      assert.equal(await stock(variantId), 10)
      assert.equal(stripe.requests.length, asked)
    })

    test('a payment Stripe is still collecting (a bank debit) keeps the hold and is asked about again', async () => {
      const { orderId, variantId } = await placed('card')
      const sessionId = await withSession(orderId)
      stripe.sessions.get(sessionId)!.status = 'complete' // payment_status stays 'unpaid'
      t.clock.advance(2 * HOUR)
      assert.equal(await expireHold(t.deps, orderId), 'processing')
      assert.equal((await orderRow(orderId)).status, 'pending_payment')
      assert.equal(await stock(variantId), 8)
      const next = (await holdJobs(orderId)).at(-1)!
      assert.equal(Date.parse(next.run_at), t.clock.now().getTime() + HOUR)
      stripe.markPaid(sessionId)
      await later(HOUR + 1000)
      assert.equal((await orderRow(orderId)).status, 'paid')
    })

    test('Stripe unreachable at expiry: the order stays pending with its stock, and the job is retried', async () => {
      const { orderId, variantId } = await placed('card')
      await withSession(orderId)
      stripe.down = true
      try {
        const end = Date.parse((await orderRow(orderId)).hold_expires_at!)
        await later(end - t.clock.now().getTime() + 1000)
        const order = await orderRow(orderId)
        assert.equal(order.status, 'pending_payment')
        assert.equal(await stock(variantId), 8)
        const job = (await holdJobs(orderId))[0]
        assert.equal(job.attempts, 1)
        assert.ok(job.last_error)
        assert.equal(job.done_at, null)
        assert.equal(job.failed_at, null)
        assert.ok(Date.parse(job.run_at) > t.clock.now().getTime(), 'retried later')
        // The sweep, too, leaves it held rather than cancel on doubt.
        t.clock.advance(10 * 60_000)
        assert.equal((await sweepHolds(t.deps)).get(orderId), 'error')
        assert.equal((await orderRow(orderId)).status, 'pending_payment')
        t.clock.advance(-10 * 60_000)
      } finally {
        stripe.down = false
      }
      await later(60_000)
      assert.equal((await orderRow(orderId)).status, 'cancelled')
      assert.equal(await stock(variantId), 10)
      assert.ok((await holdJobs(orderId))[0].done_at)
    })

    test('a hold whose job gave up for good is caught by the sweep', async () => {
      const { orderId, variantId } = await placed('bank_transfer')
      // The job is lost: it failed for good (say, the database was down through every retry).
      await t.deps.db.updateTable('jobs').set({ failed_at: t.clock.now().toISOString() }).where('kind', '=', EXPIRE_HOLD).where('payload', '=', JSON.stringify({ orderId })).execute()
      t.clock.advance(HOUR + 10 * 60_000)
      await t.deps.db.deleteFrom('jobs').where('kind', '=', SWEEP_HOLDS).execute()
      const done = await sweepHolds(t.deps)
      assert.equal(done.get(orderId), 'cancelled')
      assert.equal(await stock(variantId), 10)
      // The sweep schedules itself again only while some order still holds stock on a clock.
      const waiting = await t.deps.db.selectFrom('jobs').select('id').where('kind', '=', SWEEP_HOLDS).where('done_at', 'is', null).where('failed_at', 'is', null).execute()
      const open = await t.deps.db.selectFrom('shop_orders').select('id').where('status', '=', 'pending_payment').where('payment_method', '!=', 'cod').where('hold_expires_at', 'is not', null).execute()
      assert.equal(waiting.length, open.length > 0 ? 1 : 0)
      const other = await placed('bank_transfer')
      assert.equal((await sweepHolds(t.deps)).has(other.orderId), false, 'a hold not yet over is left to its job')
      assert.equal((await t.deps.db.selectFrom('jobs').select('id').where('kind', '=', SWEEP_HOLDS).where('done_at', 'is', null).execute()).length, 1)
    })

    test('every hold job makes sure a sweep is waiting, and only one', async () => {
      await t.deps.db.deleteFrom('jobs').where('kind', '=', SWEEP_HOLDS).execute()
      const a = await placed('bank_transfer')
      const b = await placed('bank_transfer')
      await later(HOUR + 1000)
      assert.equal((await orderRow(a.orderId)).status, 'cancelled')
      assert.equal((await orderRow(b.orderId)).status, 'cancelled')
      const sweeps = await t.deps.db.selectFrom('jobs').selectAll().where('kind', '=', SWEEP_HOLDS).where('done_at', 'is', null).execute()
      assert.equal(sweeps.length, 1)
    })
  })
}
