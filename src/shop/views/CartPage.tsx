import { Layout } from '../../views/layout.js'
import { CsrfField } from '../../views/components.js'
import { formatMoney } from '../money.js'
import { countryName, countryOptions } from '../countries.js'
import type { CartPageData } from '../cart.js'
import { deliveryEstimate, quoteTotals, Totals } from './OrderParts.js'

/** The cart: lines with quantity and remove, the ship-to country, and once it is known the quote and every problem. */
export function CartPage({ data, message }: { data: CartPageData; message?: string }) {
  const { items, quote: q, currency } = data
  const m = (n: number) => formatMoney(n, currency)
  const problems = (q?.problems.length ?? 0) + data.lineProblems.size
  const canCheckout = items.length > 0 && q !== null && q.problems.length === 0 && q.shipping !== null
  return (
    <Layout meta={{ title: 'Your cart', noindex: true }}>
      <h1>Your cart</h1>
      {message ? <div class="form-errors" role="alert" tabIndex={-1} data-focus><p>{message}</p></div> : null}
      {items.length === 0 ? <p>Your cart is empty. <a href="/shop">Browse the shop</a>.</p> : (
        <>
          {problems ? (
            <div class="form-errors shop-problems" role="alert">
              <p><strong>Some items cannot be ordered as they are.</strong> Change or remove them before checkout.</p>
              {data.cartProblems.length ? <ul>{data.cartProblems.map((p) => <li>{p.message}</li>)}</ul> : null}
            </div>
          ) : null}
          <table class="shop-cart">
            <caption class="visually-hidden">Items in your cart</caption>
            <thead><tr><th scope="col">Item</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col">Amount</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
            <tbody>
              {items.map((l) => {
                const lp = data.lineProblems.get(l.variantId) ?? []
                const qid = `qty-${l.variantId}`
                return (
                  <tr class={lp.length ? 'shop-cart__line shop-cart__line--problem' : 'shop-cart__line'} id={`line-${l.variantId}`}>
                    <th scope="row">
                      <a href={`/shop/p/${l.productSlug}`}>{l.productName}</a> <span class="shop-cart__variant">{l.variantName}</span>
                      {lp.map((p) => <p class="field__error shop-cart__problem" id={`problem-${l.variantId}`}>{p.message}</p>)}
                    </th>
                    <td>{m(l.unitPriceCents)}</td>
                    <td>
                      <form method="post" action="/shop/cart/update" class="shop-cart__qty">
                        <CsrfField />
                        <input type="hidden" name="variant" value={String(l.variantId)} />
                        <label for={qid} class="visually-hidden">Quantity of {l.productName} {l.variantName}</label>
                        <input id={qid} type="number" name="quantity" min="0" max="99" value={String(l.quantity)} inputMode="numeric"
                          aria-describedby={lp.length ? `problem-${l.variantId}` : undefined} />
                        <button type="submit" class="btn btn--secondary">Update</button>
                      </form>
                    </td>
                    <td>{m(l.unitPriceCents * l.quantity)}</td>
                    <td>
                      <form method="post" action="/shop/cart/remove">
                        <CsrfField />
                        <input type="hidden" name="variant" value={String(l.variantId)} />
                        <button type="submit" class="btn btn--link">Remove<span class="visually-hidden"> {l.productName} {l.variantName}</span></button>
                      </form>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </>
      )}

      <form method="post" action="/shop/ship-to" class="shop-ship-to">
        <CsrfField />
        <input type="hidden" name="back" value="/shop/cart" />
        <label for="f-ship-country">Ship to</label>
        <select id="f-ship-country" name="country" autocomplete="country">
          {data.country ? null : <option value="">Choose your country…</option>}
          {countryOptions().map((c) => <option value={c.code} selected={c.code === data.country}>{c.name}</option>)}
        </select>
        <button type="submit" class="btn btn--secondary">Update shipping</button>
      </form>

      {items.length && q ? (
        <section class="shop-cart-summary" aria-labelledby="cart-summary">
          <h2 id="cart-summary">Shipping to {countryName(q.country)}</h2>
          {q.options.length ? (
            <ul class="shop-shipping-preview">
              {q.options.map((o) => <li>{o.name}: {o.free ? 'free' : formatMoney(o.totalCents, q.currency)}, {deliveryEstimate(o.minDays, o.maxDays)}</li>)}
            </ul>
          ) : null}
          <Totals t={quoteTotals(q)} />
        </section>
      ) : items.length ? <p>Choose the country to ship to, to see shipping, tax and whether everything can be sent there.</p> : null}

      {items.length ? (
        canCheckout
          ? <p class="actions"><a class="btn btn--primary" href="/shop/checkout">Go to checkout</a></p>
          : <p class="actions shop-checkout-blocked">{q ? 'Checkout opens once every item can be sent.' : 'Checkout opens once you choose where to ship.'}</p>
      ) : null}
    </Layout>
  )
}
