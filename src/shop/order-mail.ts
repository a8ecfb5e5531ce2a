import type { Address } from './addresses.js'
import { addressLines } from './addresses.js'
import { formatMoney } from './money.js'
import type { PaymentMethod } from './tables.js'
import { deliveryEstimate, taxLabel } from './views/OrderParts.js'

// The buyer's order confirmation mail: plain text, everything the order page
// shows that they need (lines, totals with tax, address, how to pay) and the
// link back to it.

export interface OrderMailData {
  number: string
  email: string
  currency: string
  pricesIncludeTax: boolean
  lines: { productName: string; variantName: string; quantity: number; totalCents: number }[]
  subtotalCents: number
  shippingCents: number
  shippingMethod: string
  deliveryMinDays: number
  deliveryMaxDays: number
  taxName: string
  taxRateBp: number
  taxCents: number
  totalCents: number
  address: Address
  paymentMethod: PaymentMethod
  bankDetails: string
  holdMinutes: number
  link: string
  siteTitle: string
}

export function paymentInstructions(o: Pick<OrderMailData, 'paymentMethod' | 'bankDetails' | 'number' | 'totalCents' | 'currency'>): string {
  switch (o.paymentMethod) {
    case 'bank_transfer':
      return `Please transfer ${formatMoney(o.totalCents, o.currency)} to:\n${o.bankDetails || '(our bank details follow in a separate message)'}\nReference: ${o.number}`
    case 'cod':
      return `You pay ${formatMoney(o.totalCents, o.currency)} in cash when the parcel is delivered.`
    case 'card':
      return 'You pay by card (Stripe). If the payment did not go through, open the link below to try again.'
  }
}

export function orderConfirmationMail(o: OrderMailData): { to: string; subject: string; text: string } {
  const m = (n: number) => formatMoney(n, o.currency)
  const lines = o.lines.map((l) => `  ${l.quantity} × ${l.productName} (${l.variantName})  ${m(l.totalCents)}`)
  const tax = o.taxRateBp > 0 ? [`${taxLabel(o)}: ${m(o.taxCents)}`] : []
  const hold = o.paymentMethod === 'bank_transfer'
    ? [`We hold the items for you for ${holdText(o.holdMinutes)}; if the payment has not arrived by then, the order is cancelled.`, '']
    : []
  const text = [
    `Thank you for your order ${o.number}.`,
    '',
    ...lines,
    '',
    `Subtotal: ${m(o.subtotalCents)}`,
    `Shipping (${o.shippingMethod}, ${deliveryEstimate(o.deliveryMinDays, o.deliveryMaxDays)}): ${o.shippingCents === 0 ? 'free' : m(o.shippingCents)}`,
    ...(o.pricesIncludeTax ? [`Total: ${m(o.totalCents)}`, ...tax] : [...tax, `Total: ${m(o.totalCents)}`]),
    '',
    'Shipping to:',
    ...addressLines(o.address).map((l) => `  ${l}`),
    '',
    paymentInstructions(o),
    '',
    ...hold,
    `Your order, at any time: ${o.link}`,
    '',
    `— ${o.siteTitle}`,
  ].join('\n')
  return { to: o.email, subject: `Your order ${o.number}`, text }
}

function holdText(minutes: number): string {
  if (minutes % 60 !== 0) return `${minutes} minutes`
  const h = minutes / 60
  return `${h} hour${h === 1 ? '' : 's'}`
}
