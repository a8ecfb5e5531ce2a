import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors, Pagination } from '../../views/components.js'
import { formatDateTime } from '../../views/format.js'
import { emptyForm, type FormState } from '../../http/forms.js'
import { formatMoney, formatRate } from '../money.js'
import { countryName } from '../countries.js'
import { nextStatuses, STATUS_LABEL } from '../order-states.js'
import { ORDER_STATUSES, PAYMENT_METHOD_LABEL, type OrderDetail, type OrdersQueryValue } from '../order-admin.js'
import { addressOf, type OrderListRow } from '../queries/order-admin.js'
import type { OrderStatus } from '../tables.js'
import { AdminShopNav } from './AdminShopNav.js'

function StatusBadge({ status }: { status: OrderStatus }) {
  return <span class={`order-status order-status--${status}`}>{STATUS_LABEL[status]}</span>
}

/** The query string for these filters on another page. */
export function ordersHref(f: OrdersQueryValue, page: number): string {
  const p = new URLSearchParams()
  if (f.status) p.set('status', f.status)
  if (f.method) p.set('method', f.method)
  if (f.from) p.set('from', f.from)
  if (f.to) p.set('to', f.to)
  if (f.q) p.set('q', f.q)
  if (page > 1) p.set('page', String(page))
  const s = p.toString()
  return `/admin/shop/orders${s ? `?${s}` : ''}`
}

export function OrdersListPage({ filter, rows, total, page, pages }: { filter: OrdersQueryValue; rows: OrderListRow[]; total: number; page: number; pages: number }) {
  const filtered = Boolean(filter.status || filter.method || filter.from || filter.to || filter.q)
  return (
    <Layout meta={{ title: 'Orders', noindex: true }} wide>
      <p class="eyebrow"><a href="/admin">Dashboard</a></p>
      <h1>Orders</h1>
      <AdminShopNav />
      <form method="get" action="/admin/shop/orders" class="shop-filters" role="search" aria-label="Filter orders">
        <div class="field">
          <label for="f-q">Order number or email</label>
          <input type="search" id="f-q" name="q" value={filter.q ?? ''} maxLength={100} />
        </div>
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value="">Any</option>
            {ORDER_STATUSES.map((s) => <option value={s} selected={filter.status === s}>{STATUS_LABEL[s]}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-method">Payment</label>
          <select id="f-method" name="method">
            <option value="">Any</option>
            {Object.entries(PAYMENT_METHOD_LABEL).map(([m, label]) => <option value={m} selected={filter.method === m}>{label}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-from">Placed from</label>
          <input type="date" id="f-from" name="from" value={filter.from ?? ''} />
        </div>
        <div class="field">
          <label for="f-to">Placed until</label>
          <input type="date" id="f-to" name="to" value={filter.to ?? ''} />
        </div>
        <p class="actions"><button class="btn btn--primary" type="submit">Show orders</button>{filtered ? <> <a href="/admin/shop/orders">Clear filters</a></> : null}</p>
      </form>
      <p class="muted">{total === 1 ? '1 order' : `${total} orders`}{filtered ? ' match' : ''}.</p>
      {rows.length === 0 ? <p class="mod-empty">{filtered ? 'No order matches these filters.' : 'No orders yet.'}</p> : (
        <div class="table-wrap"><table class="admin-table shop-orders">
          <caption class="visually-hidden">Orders, newest first</caption>
          <thead><tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Buyer</th><th scope="col">Total</th><th scope="col">Status</th><th scope="col">Payment</th></tr></thead>
          <tbody>
            {rows.map((o) => (
              <tr>
                <th scope="row"><a href={`/admin/shop/orders/${encodeURIComponent(o.number)}`}>{o.number}</a></th>
                <td><time dateTime={o.placed_at}>{formatDateTime(o.placed_at)}</time></td>
                <td>{o.name ? <>{o.name}<br /></> : null}<span class="muted">{o.email}</span></td>
                <td class="num">{formatMoney(o.total_cents, o.currency)}</td>
                <td><StatusBadge status={o.status} /></td>
                <td>{PAYMENT_METHOD_LABEL[o.payment_method]}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      <Pagination page={page} pages={pages} href={(p) => ordersHref(filter, p)} />
    </Layout>
  )
}

export interface OrderForms { ship?: FormState; note?: FormState; refund?: FormState }

export function OrderDetailPage({ detail, forms = {} }: { detail: OrderDetail; forms?: OrderForms }) {
  const { order: o, lines, events } = detail
  const money = (n: number) => formatMoney(n, o.currency)
  const a = addressOf(o.address)
  const next = nextStatuses(o.status, o.payment_method)
  const base = `/admin/shop/orders/${encodeURIComponent(o.number ?? '')}`
  const ship = forms.ship ?? emptyForm()
  const note = forms.note ?? emptyForm()
  const refund = forms.refund ?? emptyForm()
  return (
    <Layout meta={{ title: `Order ${o.number}`, noindex: true }} wide>
      <p class="eyebrow"><a href="/admin/shop/orders">Orders</a></p>
      <h1>Order {o.number} <StatusBadge status={o.status} /></h1>
      <AdminShopNav />
      <p>Placed <time dateTime={o.placed_at}>{formatDateTime(o.placed_at)}</time> by <a href={`mailto:${o.email}`}>{o.email}</a> · {PAYMENT_METHOD_LABEL[o.payment_method]}</p>

      <section class="order-admin__section">
        <h2 id="lines-h">Items</h2>
        {/* Focusable so a keyboard can scroll it on a narrow screen: it holds no link of its own. */}
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="lines-h"><table class="admin-table">
          <thead><tr><th scope="col">Item</th><th scope="col">SKU</th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Tax</th><th scope="col" class="num">Total</th></tr></thead>
          <tbody>
            {lines.map((l) => (
              <tr>
                <th scope="row">{l.product_name} <span class="muted">({l.variant_name})</span></th>
                <td><code>{l.sku}</code></td>
                <td class="num">{money(l.unit_price_cents)}</td>
                <td class="num">{l.quantity}</td>
                <td class="num">{money(l.tax_cents)}</td>
                <td class="num">{money(l.total_cents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th scope="row" colSpan={5}>Subtotal</th><td class="num">{money(o.subtotal_cents)}</td></tr>
            <tr><th scope="row" colSpan={5}>Shipping: {o.shipping_method} ({o.delivery_min_days}–{o.delivery_max_days} days)</th><td class="num">{money(o.shipping_cents)}</td></tr>
            <tr><th scope="row" colSpan={5}>{o.tax_name || 'Tax'}{o.tax_rate_bp ? ` ${formatRate(o.tax_rate_bp)}` : ''} {o.prices_include_tax ? '(included)' : ''}</th><td class="num">{money(o.tax_cents)}</td></tr>
            <tr><th scope="row" colSpan={5}>Total</th><td class="num"><strong>{money(o.total_cents)}</strong></td></tr>
          </tfoot>
        </table></div>
      </section>

      <div class="order-admin__cols">
        <section aria-labelledby="address-h">
          <h2 id="address-h">Ship to</h2>
          <address class="order-address">
            {[a.name, a.line1, a.line2, [a.postcode, a.city].filter(Boolean).join(' '), a.region, countryName(o.country), a.phone].filter(Boolean).map((line) => <>{line}<br /></>)}
          </address>
          {o.customer_note ? <><h3>Buyer’s note</h3><p class="order-note">{o.customer_note}</p></> : null}
        </section>
        <section aria-labelledby="payment-h">
          <h2 id="payment-h">Payment and delivery</h2>
          <dl class="order-facts">
            <dt>Method</dt><dd>{PAYMENT_METHOD_LABEL[o.payment_method]}</dd>
            {o.payment_started_at ? <><dt>Payment started</dt><dd>{formatDateTime(o.payment_started_at)}</dd></> : null}
            {o.paid_at ? <><dt>Paid</dt><dd>{formatDateTime(o.paid_at)}</dd></> : null}
            {o.hold_expires_at && o.status === 'pending_payment' ? <><dt>Stock held until</dt><dd>{formatDateTime(o.hold_expires_at)}</dd></> : null}
            {o.carrier ? <><dt>Carrier</dt><dd>{o.carrier}</dd></> : null}
            {o.tracking_number ? <><dt>Tracking number</dt><dd>{o.tracking_number}</dd></> : null}
            {o.shipped_at ? <><dt>Shipped</dt><dd>{formatDateTime(o.shipped_at)}</dd></> : null}
          </dl>
        </section>
      </div>

      <section aria-labelledby="actions-h" class="order-admin__section">
        <h2 id="actions-h">Actions</h2>
        {next.length === 0 ? <p class="muted">This order is {STATUS_LABEL[o.status].toLowerCase()}: nothing more can happen to it.</p> : null}
        <div class="order-actions">
          {next.includes('paid') ? (
            <form method="post" action={`${base}/pay`} class="inline-form"><CsrfField /><button class="btn btn--primary" type="submit">Mark paid</button></form>
          ) : null}
          {next.includes('completed') ? (
            <form method="post" action={`${base}/complete`} class="inline-form"><CsrfField /><button class="btn btn--primary" type="submit">Complete</button></form>
          ) : null}
          {next.includes('cancelled') ? (
            <form method="post" action={`${base}/cancel`} class="inline-form"><CsrfField /><button class="btn btn--danger" type="submit">Cancel order</button></form>
          ) : null}
        </div>
        {next.includes('shipped') ? (
          <form method="post" action={`${base}/ship`} class="order-form" aria-labelledby="ship-h">
            <h3 id="ship-h">Ship</h3>
            <FormErrors form={ship} title="The order was not marked shipped." />
            <Field form={ship} name="carrier" label="Carrier" required maxLength={80} />
            <Field form={ship} name="tracking_number" label="Tracking number" required maxLength={100} hint="The buyer is mailed the carrier and this number." />
            <CsrfField />
            <p class="actions"><button class="btn btn--primary" type="submit">Ship and mail the buyer</button></p>
          </form>
        ) : null}
        {next.includes('refunded') ? (
          <form method="post" action={`${base}/refund`} class="order-form" aria-labelledby="refund-h">
            <h3 id="refund-h">Refund</h3>
            <FormErrors form={refund} title="The order was not refunded." />
            {o.payment_method === 'card'
              ? <p>The full amount ({money(o.total_cents)}) is refunded to the buyer’s card.</p>
              : (
                <div class={`field field--check${refund.errors.confirmed ? ' field--error' : ''}`}>
                  <input type="checkbox" id="f-confirmed" name="confirmed" value="1" aria-describedby={refund.errors.confirmed ? 'f-confirmed-error' : undefined} />
                  <label for="f-confirmed">I have returned {money(o.total_cents)} to the buyer by hand</label>
                  {refund.errors.confirmed ? <p class="field__error" id="f-confirmed-error">{refund.errors.confirmed}</p> : null}
                </div>
              )}
            <CsrfField />
            <p class="actions"><button class="btn btn--danger" type="submit">Refund</button></p>
          </form>
        ) : null}
        <form method="post" action={`${base}/note`} class="order-form" aria-labelledby="note-h">
          <h3 id="note-h">Add a note</h3>
          <FormErrors form={note} title="The note was not added." />
          <Field form={note} name="note" label="Note (staff only)" multiline rows={3} maxLength={2000} required />
          <CsrfField />
          <p class="actions"><button class="btn btn--secondary" type="submit">Add note</button></p>
        </form>
      </section>

      <section aria-labelledby="history-h" class="order-admin__section">
        <h2 id="history-h">History</h2>
        <ol class="order-history">
          {events.map((e) => (
            <li>
              <time dateTime={e.created_at}>{formatDateTime(e.created_at)}</time> · <strong>{e.actor_label}</strong>:{' '}
              {e.to_status && e.from_status ? `${STATUS_LABEL[e.from_status]} → ${STATUS_LABEL[e.to_status]}` : e.kind === 'placed' ? 'placed the order' : e.kind === 'note' ? 'note' : e.kind}
              {e.note ? <p class="order-history__note">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  )
}
