import { Layout } from '../../views/layout.js'
import { Checkbox, CsrfField, Field, FormErrors, RadioGroup } from '../../views/components.js'
import type { FormState } from '../../http/forms.js'
import { formatMoney } from '../money.js'
import { countryName, countryOptions } from '../countries.js'
import type { Quote } from '../pricing.js'
import { addressLines, type SavedAddress } from '../addresses.js'
import { deliveryEstimate, quoteTotals, Totals } from './OrderParts.js'

export interface CheckoutPageData {
  form: FormState
  /** null until a country is chosen */
  quote: Quote | null
  cardEnabled: boolean
  /** a member's saved addresses; null for a guest */
  saved: SavedAddress[] | null
}

/** The one-page checkout: contact, address, shipping, summary, payment, terms. */
export function CheckoutPage({ data }: { data: CheckoutPageData }) {
  const { form, quote: q } = data
  const v = form.values
  const blocked = q !== null && q.problems.length > 0
  return (
    <Layout meta={{ title: 'Checkout', noindex: true }}>
      <h1>Checkout</h1>
      <form method="post" action="/shop/checkout" class="shop-checkout" novalidate>
        <FormErrors form={form} title="Your order was not placed." />
        <CsrfField />
        <input type="hidden" name="key" value={v.key ?? ''} />
        <input type="hidden" name="quoted" value={v.quoted ?? ''} />

        <fieldset>
          <legend>Contact</legend>
          <Field form={form} name="email" label="Email" type="email" required autocomplete="email" maxLength={254}
            hint="For the order confirmation and, with the link we send, to look at your order later." />
        </fieldset>

        <fieldset>
          <legend>Shipping address</legend>
          {data.saved && data.saved.length ? (
            <div class="field shop-saved-addresses">
              <label for="f-savedAddress">Use a saved address</label>
              <select id="f-savedAddress" name="savedAddress">
                {data.saved.map((s) => <option value={String(s.id)} selected={v.savedAddress === String(s.id)}>{addressLines(s.address).join(', ')}</option>)}
              </select>
              <button type="submit" name="action" value="use-address" class="btn btn--secondary" formnovalidate>Use this address</button>
            </div>
          ) : null}
          <Field form={form} name="name" label="Full name" required autocomplete="name" maxLength={120} />
          <Field form={form} name="line1" label="Address line 1" required autocomplete="address-line1" maxLength={200} />
          <Field form={form} name="line2" label="Address line 2" autocomplete="address-line2" maxLength={200} />
          <Field form={form} name="city" label="Town or city" required autocomplete="address-level2" maxLength={120} />
          <Field form={form} name="region" label="Region, state or province" autocomplete="address-level1" maxLength={120} />
          <Field form={form} name="postcode" label="Postcode" autocomplete="postal-code" maxLength={20} />
          <CountrySelect form={form} />
          <Field form={form} name="phone" label="Phone (optional)" autocomplete="tel" maxLength={40} hint="Only for the carrier, if they need to reach you." />
          {data.saved ? <Checkbox form={form} name="saveAddress" label="Save this address to my account" /> : null}
        </fieldset>

        {q && q.options.length ? (
          // The id is where the error summary's link for this group lands.
          <div id="f-shipping" tabIndex={-1}>
            <RadioGroup form={form} name="shipping" legend="Shipping method" required value={q.shipping ? String(q.shipping.rateId) : undefined}
              options={q.options.map((o) => ({
                value: String(o.rateId),
                label: <>{o.name}: {o.free ? 'free' : formatMoney(o.totalCents, q.currency)} <span class="shop-estimate">({deliveryEstimate(o.minDays, o.maxDays)})</span></>,
              }))} />
          </div>
        ) : (
          <p class="shop-checkout__no-shipping" id="f-shipping">{q ? `We cannot ship this order to ${countryName(q.country)}.` : 'Choose your country and press "Update shipping" to see the shipping methods.'}</p>
        )}

        {q ? <OrderSummary q={q} /> : null}

        <div id="f-payment" tabIndex={-1}>
          <RadioGroup form={form} name="payment" legend="Payment" required value="bank_transfer" options={[
            { value: 'bank_transfer', label: 'Bank transfer (we send the details; the items are held for you until the payment arrives)' },
            ...(q?.codAllowed ? [{ value: 'cod', label: 'Cash on delivery' }] : []),
            ...(data.cardEnabled ? [{ value: 'card', label: 'Card (Stripe)' }] : []),
          ]} />
        </div>

        <Field form={form} name="note" label="Note for us (optional)" multiline rows={3} maxLength={1000} />
        <div class={`field field--check${form.errors.terms ? ' field--error' : ''}`}>
          <input type="checkbox" id="f-terms" name="terms" value="on" checked={v.terms === 'on'} required
            aria-invalid={form.errors.terms ? 'true' : undefined} aria-describedby={form.errors.terms ? 'f-terms-error' : undefined} />
          <label for="f-terms">I accept the terms of sale <span class="required" aria-hidden="true">*</span></label>
          {form.errors.terms ? <p class="field__error" id="f-terms-error">{form.errors.terms}</p> : null}
        </div>

        <p class="actions">
          <button type="submit" name="action" value="place" class="btn btn--primary" disabled={blocked || !q || !q.shipping}>Place order</button>
          {' '}<a href="/shop/cart">Back to the cart</a>
        </p>
      </form>
    </Layout>
  )
}

function CountrySelect({ form }: { form: FormState }) {
  const error = form.errors.country
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for="f-country">Country <span class="required" aria-hidden="true">*</span></label>
      <select id="f-country" name="country" required autocomplete="country" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-country-error' : undefined}>
        {form.values.country ? null : <option value="">Choose your country…</option>}
        {countryOptions().map((c) => <option value={c.code} selected={c.code === form.values.country}>{c.name}</option>)}
      </select>
      {error ? <p class="field__error" id="f-country-error">{error}</p> : null}
      <button type="submit" name="action" value="refresh" class="btn btn--secondary" formnovalidate>Update shipping</button>
    </div>
  )
}

function OrderSummary({ q }: { q: Quote }) {
  const m = (n: number) => formatMoney(n, q.currency)
  return (
    <section class="shop-summary" aria-labelledby="summary-title">
      <h2 id="summary-title">Order summary</h2>
      {q.problems.length ? (
        <div class="form-errors shop-problems" role="alert">
          <p><strong>This order cannot be placed as it is.</strong> <a href="/shop/cart">Change the cart</a>.</p>
          <ul>{q.problems.map((p) => <li>{p.message}</li>)}</ul>
        </div>
      ) : null}
      <table class="shop-cart">
        <caption class="visually-hidden">Items</caption>
        <thead><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">Amount</th></tr></thead>
        <tbody>
          {q.lines.map((l) => <tr><th scope="row">{l.productName} <span class="shop-cart__variant">{l.variantName}</span></th><td>{l.quantity}</td><td>{m(l.amountCents)}</td></tr>)}
        </tbody>
      </table>
      <Totals t={quoteTotals(q)} />
    </section>
  )
}
