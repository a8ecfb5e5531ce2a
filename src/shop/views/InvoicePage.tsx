import { Layout } from '../../views/layout.js'
import { formatDate } from '../../views/format.js'
import { useView } from '../../views/context.js'
import { addressLines } from '../addresses.js'
import { STATUS_LABEL } from '../order-states.js'
import type { OrderView } from '../order-pages.js'
import { Totals } from './OrderParts.js'
import { OrderLinesTable, orderTotals } from './OrderPage.js'

/** The invoice: one printable page (the print stylesheet hides the site's header, nav and footer). */
export function InvoicePage({ o }: { o: OrderView }) {
  const site = useView().site
  return (
    <Layout meta={{ title: `Invoice ${o.number}`, noindex: true }}>
      <article class="shop-invoice">
        <header class="shop-invoice__head">
          <p class="shop-invoice__seller">{site.title}</p>
          <h1>Invoice {o.number}</h1>
          <p>Date: {formatDate(o.placedAt)} · Status: {STATUS_LABEL[o.status]}</p>
        </header>
        <section>
          <h2>Bill and ship to</h2>
          <address>{addressLines(o.address).map((l) => <>{l}<br /></>)}</address>
          <p>{o.email}</p>
        </section>
        <OrderLinesTable o={o} />
        <Totals t={orderTotals(o)} />
        <p class="shop-invoice__note">Prices {o.pricesIncludeTax ? 'include' : 'exclude'} {o.taxName || 'tax'}; the tax line above is the tax in this invoice. Shipping: {o.shippingMethod}.</p>
        <p class="shop-invoice__back no-print"><a href={`/shop/order/${o.token}`}>Back to the order</a></p>
      </article>
    </Layout>
  )
}
