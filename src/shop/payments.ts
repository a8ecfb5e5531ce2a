import type { Deps } from '../deps.js'

// STUB (payments helper): card payments through Stripe Checkout.

/** Whether the card option is offered at checkout (Stripe keys are configured). */
export function cardPaymentsEnabled(_deps: Pick<Deps, 'config'>): boolean {
  return false
}

export type CardStart = { kind: 'redirect'; url: string } | { kind: 'failed'; message: string }

/** Creates the Stripe Checkout session for a placed card order and records that payment has started. */
export async function startCardPayment(_deps: Deps, _orderId: number): Promise<CardStart> {
  return { kind: 'failed', message: 'Card payments are not set up.' }
}
