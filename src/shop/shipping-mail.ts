import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import type { OutgoingMail } from '../mail/mailer.js'
import { formatMoney } from './money.js'
import type { OrderRow } from './queries/order-admin.js'

// Mails the buyer gets when staff move their order: paid, shipped (with the
// carrier and tracking number), cancelled, refunded. Queued in the same
// transaction as the move, so a move rolled back sends nothing and a move
// made is never left unmailed.

export type BuyerNotice = 'paid' | 'shipped' | 'cancelled' | 'refunded'

type MailOrder = Pick<OrderRow, 'number' | 'email' | 'currency' | 'total_cents' | 'carrier' | 'tracking_number' | 'shipping_method' | 'delivery_min_days' | 'delivery_max_days' | 'payment_method'>

/** The buyer's mail for a staff move of their order. */
export function buyerMail(site: { title: string; url: string }, o: MailOrder, notice: BuyerNotice): OutgoingMail {
  const number = o.number ?? ''
  const total = formatMoney(o.total_cents, o.currency)
  const sign = ['', `${site.title}`, site.url].join('\n')
  const keep = 'Your order page is at the link in your order confirmation mail.'
  switch (notice) {
    case 'paid':
      return {
        to: o.email, subject: `Payment received for order ${number}`,
        text: [`Thank you: we have received your payment of ${total} for order ${number}.`, '', 'We will mail you again when it ships, with its tracking number.', keep, sign].join('\n'),
      }
    case 'shipped':
      return {
        to: o.email, subject: `Order ${number} has shipped`,
        text: [
          `Your order ${number} is on its way (${o.shipping_method}, usually ${o.delivery_min_days}–${o.delivery_max_days} days).`, '',
          `Carrier: ${o.carrier ?? ''}`, `Tracking number: ${o.tracking_number ?? ''}`, '',
          ...(o.payment_method === 'cod' ? [`Please have ${total} ready to pay on delivery.`, ''] : []),
          keep, sign,
        ].join('\n'),
      }
    case 'cancelled':
      return {
        to: o.email, subject: `Order ${number} is cancelled`,
        text: [`Your order ${number} (${total}) is cancelled and will not be sent.`, '', 'If you paid for it already, we will refund you; reply to this mail with any question.', sign].join('\n'),
      }
    case 'refunded':
      return {
        to: o.email, subject: `Order ${number} is refunded`,
        text: [`We have refunded ${total} for order ${number}, to the way you paid.`, '', 'A bank or card refund can take a few days to show on your statement.', sign].join('\n'),
      }
  }
}

/** Queues the buyer's mail for this move, in the caller's transaction. */
export async function mailBuyer(deps: Pick<Deps, 'config' | 'jobs'>, trx: Db, order: MailOrder, notice: BuyerNotice): Promise<void> {
  await deps.jobs.enqueue('mail.send', buyerMail({ title: deps.config.siteTitle, url: deps.config.siteUrl }, order, notice), {}, trx)
}
