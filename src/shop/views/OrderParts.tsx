import type { Quote } from '../pricing.js'
import { formatMoney, formatRate } from '../money.js'

// Pieces the cart, checkout, order page, invoice share: money totals with
// their tax line, and the delivery estimate.

export interface TotalsData {
  currency: string
  pricesIncludeTax: boolean
  subtotalCents: number
  /** null: not known yet (no country) */
  shippingCents: number | null
  shippingName?: string
  taxName: string
  taxRateBp: number
  taxCents: number
  totalCents: number
}

/** "2–4 working days" */
export function deliveryEstimate(minDays: number, maxDays: number): string {
  return minDays === maxDays ? `${minDays} working day${minDays === 1 ? '' : 's'}` : `${minDays}–${maxDays} working days`
}

/** "incl. 19 % VAT" when prices hold the tax; "VAT 19 %" when it is added. */
export function taxLabel(t: Pick<TotalsData, 'pricesIncludeTax' | 'taxName' | 'taxRateBp'>): string {
  return t.pricesIncludeTax ? `incl. ${formatRate(t.taxRateBp)} ${t.taxName}` : `${t.taxName} ${formatRate(t.taxRateBp)}`
}

/** A quote's totals as the summary shows them (the cart and checkout show the same lines). */
export function quoteTotals(q: Quote): TotalsData {
  return {
    currency: q.currency, pricesIncludeTax: q.pricesIncludeTax, subtotalCents: q.subtotalCents,
    shippingCents: q.shipping ? q.shipping.amountCents : null, shippingName: q.shipping?.name,
    taxName: q.taxName, taxRateBp: q.taxRateBp, taxCents: q.taxCents, totalCents: q.totalCents,
  }
}

export function Totals({ t }: { t: TotalsData }) {
  const m = (n: number) => formatMoney(n, t.currency)
  return (
    <dl class="shop-totals">
      <div><dt>Subtotal</dt><dd>{m(t.subtotalCents)}</dd></div>
      {t.shippingCents === null ? null : (
        <div><dt>Shipping{t.shippingName ? ` (${t.shippingName})` : ''}</dt><dd>{t.shippingCents === 0 ? 'Free' : m(t.shippingCents)}</dd></div>
      )}
      {!t.pricesIncludeTax && t.taxRateBp > 0 ? <div class="shop-totals__tax"><dt>{taxLabel(t)}</dt><dd>{m(t.taxCents)}</dd></div> : null}
      <div class="shop-totals__total"><dt>Total</dt><dd>{m(t.totalCents)}</dd></div>
      {t.pricesIncludeTax && t.taxRateBp > 0 ? <div class="shop-totals__tax"><dt>{taxLabel(t)}</dt><dd>{m(t.taxCents)}</dd></div> : null}
    </dl>
  )
}
