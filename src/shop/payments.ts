import type Stripe from 'stripe'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import type { StripeConfig } from '../config.js'
import { iso } from '../clock.js'
import { bumpSiteVersion } from '../http/page-cache.js'
import { formatMoney } from './money.js'
import { moveOrder, recordOrderEvent, type OrderActor } from './order-states.js'
import { readShopSettings } from './queries/pricing.js'
import {
  claimPaymentEvent, findOrderBySession, findPaymentOrder, orderLines, recordSessionStarted, retakeStock, type PaymentOrder,
} from './queries/payments.js'

// Card payments through Stripe Checkout. The session is made server-side from
// the order's own lines, so Stripe charges exactly the order's total; the
// webhook (payment-routes.tsx) and the hold expiry (holds.ts) both end in
// settlePaidSession, so a payment landing as the hold ends is settled once,
// by whichever gets there first (moveOrder's compare-and-set), and the other
// finds the order paid.

export const STRIPE: OrderActor = { userId: null, label: 'Stripe' }

// Stripe refuses a session that ends sooner than 30 minutes or later than 24
// hours after it is made; a minute's margin each side absorbs clock drift.
const SESSION_MIN_MS = 31 * 60_000
const SESSION_MAX_MS = 23 * 3600_000

// The Stripe library is about 15 MB resident once loaded, and a site without
// card payments never calls it: it is loaded on the first call that does.
let library: Promise<typeof Stripe> | null = null
const loadStripe = () => (library ??= import('stripe').then((m) => m.default))

const clients = new WeakMap<StripeConfig, Stripe>()

/** The Stripe library configured for this site (one per configuration). */
export async function stripeClient(config: StripeConfig): Promise<Stripe> {
  let client = clients.get(config)
  if (!client) {
    const StripeLibrary = await loadStripe()
    client = clients.get(config) ?? new StripeLibrary(config.secretKey, {
      host: config.host, port: config.port, protocol: config.protocol,
      // One quick retry of a dropped connection (same idempotency key); a
      // longer outage is the caller's: a failed start, a retried job.
      maxNetworkRetries: 1,
      timeout: 20_000,
      telemetry: false,
    })
    clients.set(config, client)
  }
  return client
}

/** Whether the card option is offered at checkout (Stripe keys are configured). */
export function cardPaymentsEnabled(deps: Pick<Deps, 'config'>): boolean {
  return deps.config.stripe !== null
}

export type CardStart = { kind: 'redirect'; url: string } | { kind: 'failed'; message: string }

const UNAVAILABLE = 'Card payment is not available just now. Your order is kept; please try again in a few minutes, or contact us.'

/**
 * Creates the Stripe Checkout session for a placed card order and records that
 * payment has started. The caller knows the order page's address (it holds the
 * order's access token); Stripe sends the buyer back there.
 *
 * A session still open is reused, so a second click does not make a second
 * one; the idempotency key names the attempt (the order, and the session it
 * replaces), so a retried request cannot either.
 */
export async function startCardPayment(deps: Deps, o: { orderId: number; returnUrl: string; cancelUrl: string }): Promise<CardStart> {
  const config = deps.config.stripe
  if (!config) return { kind: 'failed', message: 'Card payments are not set up.' }
  const stripe = await stripeClient(config)
  const order = await findPaymentOrder(deps.db, o.orderId)
  if (!order || order.paymentMethod !== 'card') return { kind: 'failed', message: 'This order is not paid by card.' }
  if (order.status !== 'pending_payment') return { kind: 'failed', message: 'This order is no longer awaiting payment.' }

  let attempt = 'first'
  if (order.stripeSessionId) {
    let previous: Stripe.Checkout.Session
    try {
      previous = await stripe.checkout.sessions.retrieve(order.stripeSessionId)
    } catch (err) {
      deps.log.warn({ err, orderId: order.id }, 'stripe: could not read the order\u2019s checkout session')
      return { kind: 'failed', message: UNAVAILABLE }
    }
    if (previous.status === 'open' && previous.url) return { kind: 'redirect', url: previous.url }
    if (previous.status === 'complete') return { kind: 'redirect', url: o.returnUrl }
    attempt = `after-${previous.id}`
  }

  const lines = await orderLines(deps.db, order.id)
  const items: Stripe.Checkout.SessionCreateParams.LineItem[] = lines.map((l) => {
    const name = `${l.productName} \u2013 ${l.variantName}`
    // Our line total is rounded once for the whole line; an even split keeps
    // Stripe's quantity, an uneven one is sent as the line at quantity 1.
    return l.totalCents % l.quantity === 0
      ? { quantity: l.quantity, price_data: { currency: order.currency.toLowerCase(), unit_amount: l.totalCents / l.quantity, product_data: { name } } }
      : { quantity: 1, price_data: { currency: order.currency.toLowerCase(), unit_amount: l.totalCents, product_data: { name: `${name} \u00d7 ${l.quantity}` } } }
  })
  const goods = lines.reduce((n, l) => n + l.totalCents, 0)
  // Shipping with its tax: whatever the total holds beyond the lines, so the
  // session's amount_total is the order's total to the cent.
  const shipping = order.totalCents - goods
  if (shipping < 0 || !lines.length) {
    deps.log.error({ orderId: order.id, totalCents: order.totalCents, goods }, 'stripe: the order\u2019s lines exceed its total')
    return { kind: 'failed', message: UNAVAILABLE }
  }
  if (shipping > 0) items.push({ quantity: 1, price_data: { currency: order.currency.toLowerCase(), unit_amount: shipping, product_data: { name: 'Shipping' } } })

  const now = deps.clock.now()
  const expiresAt = sessionEnd(now, order.holdExpiresAt)
  const meta = { order_id: String(order.id), order_number: order.number ?? '' }
  let session: Stripe.Checkout.Session
  try {
    session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: items,
      client_reference_id: String(order.id),
      metadata: meta,
      payment_intent_data: { metadata: meta },
      customer_email: order.email,
      success_url: o.returnUrl,
      cancel_url: o.cancelUrl,
      expires_at: Math.floor(expiresAt.getTime() / 1000),
    }, { idempotencyKey: `crown-order-${order.id}-checkout-${attempt}-${Math.floor(expiresAt.getTime() / 60_000)}` })
  } catch (err) {
    deps.log.warn({ err, orderId: order.id }, 'stripe: could not create the checkout session')
    return { kind: 'failed', message: UNAVAILABLE }
  }
  if (session.amount_total !== order.totalCents || session.currency?.toLowerCase() !== order.currency.toLowerCase() || !session.url) {
    deps.log.error({ orderId: order.id, sessionId: session.id, amountTotal: session.amount_total, currency: session.currency }, 'stripe: the session does not charge the order\u2019s total')
    await stripe.checkout.sessions.expire(session.id).catch(() => {})
    return { kind: 'failed', message: UNAVAILABLE }
  }

  const at = iso(now)
  const recorded = await deps.db.transaction().execute(async (trx) => {
    const current = await findPaymentOrder(trx, order.id)
    if (!current || current.status !== 'pending_payment') return false
    if (current.stripeSessionId === session.id) return true // a double click that got the same session
    if (!(await recordSessionStarted(trx, order.id, { sessionId: session.id, at, holdUntil: iso(expiresAt) }))) {
      const after = await findPaymentOrder(trx, order.id)
      return after?.status === 'pending_payment' && after.stripeSessionId === session.id
    }
    await recordOrderEvent(trx, order.id, { kind: 'payment_started', actor: STRIPE, note: `Stripe Checkout session ${session.id}`, at })
    return true
  })
  if (!recorded) {
    await stripe.checkout.sessions.expire(session.id).catch(() => {})
    return { kind: 'failed', message: 'This order is no longer awaiting payment.' }
  }
  return { kind: 'redirect', url: session.url }
}

/** When the session ends: with the hold, kept within what Stripe accepts (and to the minute, so a retry sends the same request). */
function sessionEnd(now: Date, holdExpiresAt: string | null): Date {
  const hold = holdExpiresAt ? Date.parse(holdExpiresAt) : 0
  const at = Math.min(Math.max(hold, now.getTime() + SESSION_MIN_MS), now.getTime() + SESSION_MAX_MS)
  return new Date(Math.ceil(at / 60_000) * 60_000)
}

export type CardRefund = { kind: 'refunded' } | { kind: 'failed'; message: string }

/** Refunds a paid card order in full at Stripe (staff's refund calls this before moving the order). */
export async function refundCardPayment(deps: Deps, orderId: number): Promise<CardRefund> {
  const config = deps.config.stripe
  if (!config) return { kind: 'failed', message: 'Card payments are not set up.' }
  const order = await findPaymentOrder(deps.db, orderId)
  if (!order || order.paymentMethod !== 'card' || !order.stripeSessionId) return { kind: 'failed', message: 'This order has no card payment to refund.' }
  const stripe = await stripeClient(config)
  let refundId: string
  try {
    const session = await stripe.checkout.sessions.retrieve(order.stripeSessionId)
    const pi = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id
    if (!pi || session.payment_status !== 'paid') return { kind: 'failed', message: 'Stripe holds no payment for this order.' }
    const refund = await stripe.refunds.create({ payment_intent: pi, metadata: { order_id: String(order.id) } }, { idempotencyKey: `crown-order-${order.id}-refund` })
    refundId = refund.id
  } catch (err) {
    const { errors } = await loadStripe()
    if (err instanceof errors.StripeError && err.code === 'charge_already_refunded') return { kind: 'refunded' }
    deps.log.warn({ err, orderId }, 'stripe: refund failed')
    return { kind: 'failed', message: err instanceof errors.StripeInvalidRequestError ? `Stripe refused the refund: ${err.message}` : 'Stripe could not be reached; nothing was refunded. Try again in a few minutes.' }
  }
  await recordOrderEvent(deps.db, order.id, { kind: 'refund_sent', actor: STRIPE, note: `Stripe refund ${refundId}`, at: iso(deps.clock.now()) })
  return { kind: 'refunded' }
}

/** What a Checkout session says about the money, as the webhook and the expiry job read it. */
export interface SessionFacts {
  sessionId: string
  /** from the session's metadata / client_reference_id; used only when the order has no session recorded */
  orderId: number | null
  amountTotal: number | null
  currency: string | null
}

export function sessionFacts(s: { id: string; amount_total: number | null; currency: string | null; client_reference_id?: string | null; metadata?: Record<string, string> | null }): SessionFacts {
  const ref = s.metadata?.order_id ?? s.client_reference_id ?? ''
  return { sessionId: s.id, orderId: /^\d{1,12}$/.test(ref) ? Number(ref) : null, amountTotal: s.amount_total, currency: s.currency }
}

export type Settlement =
  | 'paid' // moved to paid now, receipt mailed
  | 'already' // another delivery or the expiry job settled it first
  | 'reinstated' // paid after its hold expired: stock taken back, order paid
  | 'stock_gone' // paid after its hold expired and the units are sold: staff told
  | 'mismatch' // amount or currency differ from the order: recorded, status unchanged
  | 'replay' // this provider event was handled before
  | 'missing' // no order for this session

class StockGone extends Error {}

/**
 * Settles a session Stripe says is paid: checks amount and currency against
 * the order, moves it to paid and mails the receipt, in one transaction with
 * the claim of the provider event (when `event` is given), so a replay has no
 * effect. A payment that landed after the hold was released takes its units
 * back when they are still there; when they are not, the order stays
 * cancelled, the event records it and staff are mailed to refund.
 */
export async function settlePaidSession(deps: Deps, facts: SessionFacts, event?: { id: string; type: string }): Promise<Settlement> {
  const at = iso(deps.clock.now())
  try {
    const outcome = await deps.db.transaction().execute(async (trx): Promise<Settlement> => {
      const order = await orderForSession(trx, facts)
      if (event && !(await claimPaymentEvent(trx, { eventId: event.id, kind: event.type, orderId: order?.id ?? null, at }))) return 'replay'
      if (!order) return 'missing'
      if (facts.amountTotal !== order.totalCents || (facts.currency ?? '').toLowerCase() !== order.currency.toLowerCase()) {
        await recordOrderEvent(trx, order.id, {
          kind: 'payment_mismatch', actor: STRIPE, at,
          note: `Stripe session ${facts.sessionId} charged ${facts.amountTotal ?? '?'} ${(facts.currency ?? '?').toUpperCase()}; the order is ${order.totalCents} ${order.currency}. Status unchanged: check in Stripe.`,
        })
        return 'mismatch'
      }
      const paid = await moveOrder(trx, order.id, { to: 'paid', actor: STRIPE, at, note: `Stripe Checkout session ${facts.sessionId}`, set: { paid_at: at, hold_expires_at: null } })
      if (paid.kind === 'moved') {
        await mailReceipt(deps, trx, order)
        return 'paid'
      }
      if (paid.kind === 'missing' || paid.status !== 'cancelled') return 'already'
      const late = await moveOrder(trx, order.id, {
        to: 'paid', kind: 'paid_after_cancel', latePayment: true, actor: STRIPE, at,
        note: `Stripe took the payment after the hold expired (session ${facts.sessionId}); the units were reserved again.`, set: { paid_at: at, hold_expires_at: null },
      })
      if (late.kind !== 'moved') return 'already'
      // Rolls back the move (and the event claim) when the units are gone.
      if (!(await retakeStock(trx, order.id, await orderLines(trx, order.id)))) throw new StockGone()
      await mailReceipt(deps, trx, order)
      return 'reinstated'
    })
    if (outcome === 'reinstated') await bumpSiteVersion(deps.db)
    return outcome
  } catch (err) {
    if (!(err instanceof StockGone)) throw err
    return deps.db.transaction().execute(async (trx): Promise<Settlement> => {
      const order = await orderForSession(trx, facts)
      if (event && !(await claimPaymentEvent(trx, { eventId: event.id, kind: event.type, orderId: order?.id ?? null, at }))) return 'replay'
      if (!order) return 'missing'
      await recordOrderEvent(trx, order.id, {
        kind: 'paid_after_cancel', actor: STRIPE, at,
        note: `Stripe took ${formatMoney(order.totalCents, order.currency)} after the hold expired (session ${facts.sessionId}), and the units have been sold since. The order stays cancelled: refund the payment in Stripe.`,
      })
      const staff = (await readShopSettings(trx)).lowStockEmail
      if (staff) {
        await deps.jobs.enqueue('mail.send', {
          to: staff,
          subject: `Refund needed: order ${order.number ?? order.id} was paid after it was cancelled`,
          text: `Stripe took ${formatMoney(order.totalCents, order.currency)} for order ${order.number ?? order.id} (${order.email}) after its hold expired and the order was cancelled. Its units have been sold since, so the order stays cancelled.\n\nPlease refund the payment in Stripe (session ${facts.sessionId}) and tell the buyer.\n\n${deps.config.siteUrl}/admin/shop/orders/${order.id}\n`,
        }, {}, trx)
      } else {
        deps.log.error({ orderId: order.id, sessionId: facts.sessionId }, 'stripe: paid after cancel and out of stock, and no staff address (shop low-stock mail) to tell')
      }
      return 'stock_gone'
    })
  }
}

async function orderForSession(trx: Db, facts: SessionFacts): Promise<PaymentOrder | null> {
  const bySession = await findOrderBySession(trx, facts.sessionId)
  if (bySession) return bySession
  // The session was made but the order never recorded it (the process stopped in between).
  if (facts.orderId === null) return null
  const byRef = await findPaymentOrder(trx, facts.orderId)
  return byRef && byRef.paymentMethod === 'card' && byRef.stripeSessionId === null ? byRef : null
}

async function mailReceipt(deps: Deps, trx: Db, order: PaymentOrder) {
  const number = order.number ?? String(order.id)
  await deps.jobs.enqueue('mail.send', {
    to: order.email,
    subject: `Payment received: order ${number}`,
    text: `Thank you. We have received your card payment of ${formatMoney(order.totalCents, order.currency)} for order ${number}.\n\nWe will mail you again when it ships.\n\n${deps.config.siteTitle}\n`,
  }, {}, trx)
}

/** Records a provider event that changes no status (a session expired, a payment still processing), once. */
async function noteSessionEvent(deps: Deps, facts: SessionFacts, event: { id: string; type: string }, kind: string, note: string): Promise<'handled' | 'replay'> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const order = await orderForSession(trx, facts)
    if (!(await claimPaymentEvent(trx, { eventId: event.id, kind: event.type, orderId: order?.id ?? null, at }))) return 'replay'
    if (order) await recordOrderEvent(trx, order.id, { kind, actor: STRIPE, note, at })
    return 'handled'
  })
}

const SessionObject = z.object({
  id: z.string().min(1).max(255),
  object: z.literal('checkout.session'),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  payment_status: z.string(),
  client_reference_id: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
})

export type WebhookOutcome =
  | { kind: 'not-configured' }
  | { kind: 'refused'; message: string }
  | { kind: 'accepted'; result: Settlement | 'handled' | 'ignored' }

/**
 * A webhook delivery from Stripe: verified against the signing secret on the
 * raw body (with the site clock as "now" for the 300 s tolerance), then
 * handled once per event id.
 */
export async function receiveStripeEvent(deps: Deps, raw: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
  const config = deps.config.stripe
  if (!config) return { kind: 'not-configured' }
  if (!signature) return { kind: 'refused', message: 'No Stripe-Signature header.' }
  const stripe = await stripeClient(config)
  let event: Stripe.Event
  try {
    event = stripe.webhooks.constructEvent(raw, signature, config.webhookSecret, undefined, undefined, deps.clock.now().getTime())
  } catch (err) {
    return { kind: 'refused', message: err instanceof Error ? err.message : 'Bad signature.' }
  }
  const e = { id: event.id, type: event.type }
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const parsed = SessionObject.safeParse(event.data.object)
      if (!parsed.success) return { kind: 'refused', message: 'The event does not carry a Checkout session.' }
      const s = parsed.data
      const facts = sessionFacts(s)
      if (event.type === 'checkout.session.expired') {
        return { kind: 'accepted', result: await noteSessionEvent(deps, facts, e, 'payment_session_expired', `Stripe Checkout session ${s.id} expired unpaid.`) }
      }
      if (event.type === 'checkout.session.async_payment_failed') {
        return { kind: 'accepted', result: await noteSessionEvent(deps, facts, e, 'payment_failed', `The payment for Stripe session ${s.id} failed.`) }
      }
      if (s.payment_status !== 'paid') {
        return { kind: 'accepted', result: await noteSessionEvent(deps, facts, e, 'payment_processing', `Stripe session ${s.id} completed; the payment is still processing.`) }
      }
      const result = await settlePaidSession(deps, facts, e)
      if (result === 'missing') deps.log.warn({ eventId: event.id, sessionId: s.id }, 'stripe: a paid session matches no order')
      return { kind: 'accepted', result }
    }
    default:
      return { kind: 'accepted', result: 'ignored' }
  }
}

export type SessionState = { kind: 'paid'; facts: SessionFacts } | { kind: 'processing' } | { kind: 'open' } | { kind: 'expired' }

/** Asks Stripe where a session stands (throws when Stripe cannot be reached). */
export async function readSession(deps: Deps, sessionId: string): Promise<SessionState> {
  const s = await (await stripeClient(needStripe(deps))).checkout.sessions.retrieve(sessionId)
  return stateOf(s)
}

/**
 * Ends a session that is still open, so Stripe takes no money for an order
 * about to be cancelled. When the buyer paid in that very moment Stripe
 * refuses, and the session is read again: the answer is then 'paid'.
 */
export async function expireSession(deps: Deps, sessionId: string): Promise<SessionState> {
  const stripe = await stripeClient(needStripe(deps))
  try {
    return stateOf(await stripe.checkout.sessions.expire(sessionId))
  } catch (err) {
    if (!(err instanceof (await loadStripe()).errors.StripeInvalidRequestError)) throw err
    return stateOf(await stripe.checkout.sessions.retrieve(sessionId))
  }
}

function stateOf(s: Stripe.Checkout.Session): SessionState {
  if (s.status === 'complete' && (s.payment_status === 'paid' || s.payment_status === 'no_payment_required')) return { kind: 'paid', facts: sessionFacts(s) }
  if (s.status === 'complete') return { kind: 'processing' }
  if (s.status === 'open') return { kind: 'open' }
  return { kind: 'expired' }
}

function needStripe(deps: Deps): StripeConfig {
  if (!deps.config.stripe) throw new Error('Stripe is not configured (STRIPE_SECRET_KEY), but an order holds a Stripe session')
  return deps.config.stripe
}

