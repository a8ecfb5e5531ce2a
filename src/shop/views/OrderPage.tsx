import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors } from '../../views/components.js'
import type { FormState } from '../../http/forms.js'
import { formatDate, formatDateTime } from '../../views/format.js'
import { formatMoney } from '../money.js'
import { STATUS_LABEL } from '../order-states.js'
import { addressLines, type SavedAddress } from '../addresses.js'
import type { MyOrder, OrderView } from '../order-pages.js'
import { deliveryEstimate, Totals, type TotalsData } from './OrderParts.js'

export function orderTotals(o: OrderView): TotalsData {
  return {
    currency: o.currency, pricesIncludeTax: o.pricesIncludeTax, subtotalCents: o.subtotalCents, shippingCents: o.shippingCents,
    shippingName: o.shippingMethod, taxName: o.taxName, taxRateBp: o.taxRateBp, taxCents: o.taxCents, totalCents: o.totalCents,
  }
}

export function OrderLinesTable({ o }: { o: OrderView }) {
  const m = (n: number) => formatMoney(n, o.currency)
  return (
    <table class="shop-cart">
      <caption class="visually-hidden">Items in order {o.number}</caption>
      <thead><tr><th scope="col">Item</th><th scope="col">SKU</th><th scope="col">Unit price</th><th scope="col">Quantity</th><th scope="col">Amount</th></tr></thead>
      <tbody>
        {o.lines.map((l) => (
          <tr><th scope="row">{l.productName} <span class="shop-cart__variant">{l.variantName}</span></th><td>{l.sku}</td><td>{m(l.unitPriceCents)}</td><td>{l.quantity}</td><td>{m(l.unitPriceCents * l.quantity)}</td></tr>
        ))}
      </tbody>
    </table>
  )
}

/** The buyer's order page: status, what they bought, where it goes, how to pay. */
export function OrderPage({ o, message }: { o: OrderView; message?: string }) {
  const unpaid = o.status === 'pending_payment'
  return (
    <Layout meta={{ title: `Order ${o.number}`, noindex: true }}>
      <p class="eyebrow">Order {o.number}</p>
      <h1>{unpaid && o.paymentMethod === 'bank_transfer' ? 'Thank you: your order is placed' : `Order ${o.number}`}</h1>
      {message ? <div class="form-errors" role="alert"><p>{message}</p></div> : null}
      <p class="shop-order__status">Status: <strong>{STATUS_LABEL[o.status]}</strong>. Placed {formatDateTime(o.placedAt)}.</p>
      {o.status === 'shipped' || o.status === 'completed' ? (
        <p>Shipped{o.shippedAt ? ` on ${formatDate(o.shippedAt)}` : ''}{o.carrier ? ` with ${o.carrier}` : ''}{o.trackingNumber ? `, tracking number ${o.trackingNumber}` : ''}.</p>
      ) : null}

      {unpaid ? <PaymentBox o={o} /> : null}

      <h2>Items</h2>
      <OrderLinesTable o={o} />
      <Totals t={orderTotals(o)} />

      <h2>Shipping</h2>
      <address class="shop-address">{addressLines(o.address).map((l) => <>{l}<br /></>)}</address>
      <p>{o.shippingMethod}, usually {deliveryEstimate(o.deliveryMinDays, o.deliveryMaxDays)} after {o.paymentMethod === 'cod' ? 'we send it' : 'payment'}.</p>
      {o.note ? <><h2>Your note</h2><p class="shop-order__note">{o.note}</p></> : null}
      <p><a href={`/shop/order/${o.token}/invoice`}>Invoice (printable)</a></p>
    </Layout>
  )
}

function PaymentBox({ o }: { o: OrderView }) {
  switch (o.paymentMethod) {
    case 'bank_transfer':
      return (
        <section class="shop-pay" aria-labelledby="pay-title">
          <h2 id="pay-title">Paying by bank transfer</h2>
          <p>Please transfer <strong>{formatMoney(o.totalCents, o.currency)}</strong> to:</p>
          <pre class="shop-bank">{o.bankDetails || 'Our bank details follow by email.'}</pre>
          <p>Reference: <strong>{o.number}</strong></p>
          {o.holdExpiresAt ? <p>We hold the items for you until {formatDateTime(o.holdExpiresAt)}; if the payment has not arrived by then, the order is cancelled.</p> : null}
        </section>
      )
    case 'cod':
      return <section class="shop-pay"><h2>Cash on delivery</h2><p>You pay {formatMoney(o.totalCents, o.currency)} in cash when the parcel is delivered.</p></section>
    case 'card':
      return (
        <section class="shop-pay">
          <h2>Card payment</h2>
          <p>We have not received the card payment yet.</p>
          <form method="post" action={`/shop/order/${o.token}/pay`}>
            <CsrfField />
            <button type="submit" class="btn btn--primary">Try paying again</button>
          </form>
        </section>
      )
  }
}

/** A guest's order link opened in a browser that has not shown the order's email yet. */
export function OrderEmailPage({ token, number, form }: { token: string; number: string; form: FormState }) {
  return (
    <Layout meta={{ title: `Order ${number}`, noindex: true }}>
      <h1>Order {number}</h1>
      <p>To see this order, enter the email address it was placed with.</p>
      <form method="post" action={`/shop/order/${token}`} class="shop-order-email">
        <FormErrors form={form} title="That did not match." />
        <CsrfField />
        <Field form={form} name="email" label="Email" type="email" required autocomplete="email" maxLength={254} />
        <p class="actions"><button type="submit" class="btn btn--primary">Show the order</button></p>
      </form>
    </Layout>
  )
}

/** A member's orders and saved addresses. */
export function MyOrdersPage({ orders, addresses }: { orders: MyOrder[]; addresses: SavedAddress[] }) {
  return (
    <Layout meta={{ title: 'Your orders', noindex: true }}>
      <h1>Your orders</h1>
      {orders.length ? (
        <table class="shop-cart">
          <thead><tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Status</th><th scope="col">Total</th></tr></thead>
          <tbody>
            {orders.map((o) => <tr><th scope="row"><a href={`/shop/order/${o.token}`}>{o.number}</a></th><td>{formatDate(o.placedAt)}</td><td>{STATUS_LABEL[o.status]}</td><td>{formatMoney(o.totalCents, o.currency)}</td></tr>)}
          </tbody>
        </table>
      ) : <p>You have not ordered anything yet. <a href="/shop">Browse the shop</a>.</p>}
      <h2>Saved addresses</h2>
      {addresses.length ? (
        <ul class="shop-addresses">
          {addresses.map((a) => (
            <li>
              <address>{addressLines(a.address).join(', ')}</address>
              <form method="post" action={`/shop/addresses/${a.id}/delete`} class="inline-form">
                <CsrfField />
                <button type="submit" class="btn btn--link">Delete<span class="visually-hidden"> this address</span></button>
              </form>
            </li>
          ))}
        </ul>
      ) : <p>None yet: tick "Save this address" at checkout.</p>}
    </Layout>
  )
}
