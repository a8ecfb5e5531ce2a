import type { Deps } from '../deps.js'

// STUB (payments helper): card payments through Stripe Checkout.

/** Whether the card option is offered at checkout (Stripe keys are configured). */
export function cardPaymentsEnabled(_deps: Pick<Deps, 'config'>): boolean {
  return false
}

export type CardStart = { kind: 'redirect'; url: string } | { kind: 'failed'; message: string }

/**
 * Creates the Stripe Checkout session for a placed card order and records that
 * payment has started. The caller knows the order page's address (it holds the
 * order's access token); Stripe sends the buyer back there.
 */
export async function startCardPayment(_deps: Deps, _o: { orderId: number; returnUrl: string; cancelUrl: string }): Promise<CardStart> {
  return { kind: 'failed', message: 'Card payments are not set up.' }
}

export type CardRefund = { kind: 'refunded' } | { kind: 'failed'; message: string }

/** Refunds a paid card order in full at Stripe (staff's refund calls this before moving the order). */
export async function refundCardPayment(_deps: Deps, _orderId: number): Promise<CardRefund> {
  return { kind: 'failed', message: 'Card payments are not set up.' }
}
