import { z } from 'zod'
import type { Deps } from '../deps.js'
import { addMs, iso } from '../clock.js'
import { bumpSiteVersion } from '../http/page-cache.js'
import { moveOrder, SYSTEM } from './order-states.js'
import { expireSession, readSession, settlePaidSession, type SessionState } from './payments.js'
import { findPaymentOrder, hasOpenHolds, hasWaitingJob, overdueHolds, stopHoldClock } from './queries/payments.js'

// The end of an unpaid order's hold on its stock. Checkout enqueues
// 'shop.expire-hold' when it places an order, to run when the hold ends; the
// job cancels the order (giving the units back) unless payment arrived, and
// it never cancels on doubt: a card order is first asked of Stripe, and when
// Stripe cannot be reached the job fails and the queue retries it later.
//
// A job that fails for good (Stripe down through every retry) must not leave
// units held forever, so 'shop.sweep-holds' runs every 15 minutes while any
// order holds stock on a clock and expires whatever is overdue. Every hold
// job makes sure a sweep is waiting; the sweep stops enqueueing itself when
// no hold is left, so an idle shop adds no jobs.

export const EXPIRE_HOLD = 'shop.expire-hold'
export const SWEEP_HOLDS = 'shop.sweep-holds'

const SWEEP_EVERY_MS = 15 * 60_000
// The sweep leaves a hold this long past its end to its own job, which is
// normally already running.
const SWEEP_GRACE_MS = 5 * 60_000
// A card payment that Stripe says is still processing (a bank debit) is
// asked about again this often, for as long as a bank debit may take.
const PROCESSING_RECHECK_MS = 60 * 60_000
const PROCESSING_LIMIT_MS = 14 * 24 * 3600_000

const HoldPayload = z.object({ orderId: z.number().int().positive() })

export function registerHoldJobs(deps: Deps) {
  deps.jobs.handle<unknown>(EXPIRE_HOLD, async (payload) => {
    const parsed = HoldPayload.safeParse(payload)
    if (!parsed.success) {
      deps.log.error({ payload }, `${EXPIRE_HOLD}: payload is not { orderId }; dropped`)
      return
    }
    await ensureHoldSweep(deps)
    await expireHold(deps, parsed.data.orderId)
  })
  deps.jobs.handle<unknown>(SWEEP_HOLDS, () => sweepHolds(deps).then(() => undefined))
}

export type HoldOutcome =
  | 'missing' | 'not-pending' | 'cod' | 'no-hold'
  | 'not-due' // the hold was moved later (payment started): asked again then
  | 'paid' // Stripe had the money: the order is paid, not cancelled
  | 'processing' // Stripe is still collecting the payment: asked again later
  | 'cancelled' // the order is cancelled and its units are back in stock
  | 'changed' // the order changed while Stripe was asked: asked again later
  | 'mismatch' // Stripe was paid a different amount: left to staff, hold kept

/**
 * Ends the order's hold if it is due: cancels an unpaid order and gives its
 * units back, or, for a card order, first asks Stripe and marks it paid when
 * the money is there. Throws when Stripe cannot be reached (the job retries).
 */
export async function expireHold(deps: Deps, orderId: number, opts: { reschedule?: boolean } = {}): Promise<HoldOutcome> {
  const reschedule = opts.reschedule ?? true
  const order = await findPaymentOrder(deps.db, orderId)
  if (!order) return 'missing'
  if (order.status !== 'pending_payment') return 'not-pending'
  if (order.paymentMethod === 'cod') return 'cod'
  if (!order.holdExpiresAt) return 'no-hold'
  const now = deps.clock.now()
  const due = new Date(order.holdExpiresAt)
  if (due.getTime() > now.getTime()) {
    if (reschedule) await deps.jobs.enqueue(EXPIRE_HOLD, { orderId }, { runAt: due })
    return 'not-due'
  }

  if (order.paymentMethod === 'card' && order.stripeSessionId) {
    let state: SessionState = await readSession(deps, order.stripeSessionId)
    if (state.kind === 'open') state = await expireSession(deps, order.stripeSessionId)
    if (state.kind === 'paid') {
      const settled = await settlePaidSession(deps, state.facts)
      if (settled !== 'mismatch') return 'paid'
      // Stripe took money that is not the order's total: recorded on the
      // order; its units stay held, off the clock, until staff decide.
      await stopHoldClock(deps.db, orderId)
      return 'mismatch'
    }
    if (state.kind === 'processing') {
      if (now.getTime() - due.getTime() < PROCESSING_LIMIT_MS) {
        if (reschedule) await deps.jobs.enqueue(EXPIRE_HOLD, { orderId }, { runAt: addMs(now, PROCESSING_RECHECK_MS) })
        return 'processing'
      }
    }
    if (state.kind === 'open') return 'changed' // expire reported open: never cancel on doubt
  }

  const at = iso(now)
  const minutes = Math.round((due.getTime() - Date.parse(order.placedAt)) / 60_000)
  const outcome = await deps.db.transaction().execute(async (trx): Promise<HoldOutcome> => {
    // What Stripe was asked about must still be the order's session, and the
    // hold must still be over (a payment started meanwhile moves it).
    const current = await findPaymentOrder(trx, orderId)
    if (!current || current.status !== 'pending_payment') return 'not-pending'
    if (current.stripeSessionId !== order.stripeSessionId || current.holdExpiresAt !== order.holdExpiresAt) return 'changed'
    const moved = await moveOrder(trx, orderId, {
      to: 'cancelled', kind: 'expired', actor: SYSTEM, note: `Unpaid after ${minutes} minutes`, at, set: { cancelled_at: at, hold_expires_at: null },
    })
    if (moved.kind !== 'moved') return 'not-pending'
    const number = order.number ?? String(order.id)
    await deps.jobs.enqueue('mail.send', {
      to: order.email,
      subject: `Order ${number} cancelled: no payment arrived`,
      text: `We held the items of order ${number} for ${minutes} minutes, but no payment arrived, so the order has been cancelled and the items are back on sale.\n\n`
        + (order.paymentMethod === 'bank_transfer'
          ? 'If you have already sent the transfer, reply to this mail and we will sort it out: either send the order after all or refund you.\n\n'
          : 'No money was taken. ')
        + `You are welcome to order again at ${deps.config.siteUrl}/shop.\n\n${deps.config.siteTitle}\n`,
    }, {}, trx)
    return 'cancelled'
  })
  if (outcome === 'cancelled') await bumpSiteVersion(deps.db)
  if (outcome === 'changed' && reschedule) await deps.jobs.enqueue(EXPIRE_HOLD, { orderId }, { runAt: addMs(now, 60_000) })
  return outcome
}

/** Expires every hold overdue past the grace; keeps itself scheduled while holds remain. Returns what it did per order. */
export async function sweepHolds(deps: Deps): Promise<Map<number, HoldOutcome | 'error'>> {
  const now = deps.clock.now()
  const done = new Map<number, HoldOutcome | 'error'>()
  for (const id of await overdueHolds(deps.db, iso(addMs(now, -SWEEP_GRACE_MS)), 200)) {
    try {
      done.set(id, await expireHold(deps, id, { reschedule: false }))
    } catch (err) {
      // Stripe unreachable: the order keeps its hold until a later sweep can ask.
      deps.log.warn({ err, orderId: id }, `${SWEEP_HOLDS}: could not settle an overdue hold; will try again`)
      done.set(id, 'error')
    }
  }
  if (await hasOpenHolds(deps.db)) await ensureHoldSweep(deps, addMs(now, SWEEP_EVERY_MS))
  return done
}

/** Enqueues the sweep unless one is already waiting. */
export async function ensureHoldSweep(deps: Pick<Deps, 'db' | 'jobs' | 'clock'>, runAt = addMs(deps.clock.now(), SWEEP_EVERY_MS)): Promise<void> {
  if (!(await hasWaitingJob(deps.db, SWEEP_HOLDS))) await deps.jobs.enqueue(SWEEP_HOLDS, {}, { runAt })
}
