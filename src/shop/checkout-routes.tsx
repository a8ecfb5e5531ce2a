import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import type { Role } from '../accounts/index.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { emptyForm, formValues, parseForm, type FormState } from '../http/forms.js'
import { perIp } from '../http/ip-limits.js'
import { NotFound } from '../http/errors.js'
import { randomToken } from '../http/signing.js'
import { cartOf, loadCartItems } from './cart.js'
import type { CartRef } from './cart-session.js'
import { quote, type Quote } from './pricing.js'
import { loadPricingContext } from './queries/pricing.js'
import { setCartCountry } from './queries/carts.js'
import { checkPostcode, countryName, isCountryCode } from './countries.js'
import { cardPaymentsEnabled, startCardPayment } from './payments.js'
import { orderUrl, placeOrder, type PlaceOutcome } from './placing.js'
import { deleteSavedAddress, savedAddresses, type Address } from './addresses.js'
import { loadMyOrders, orderForToken, proveOrder, proveOrderEmail } from './order-pages.js'
import { formatMoney } from './money.js'
import { iso } from '../clock.js'
import { AddressIdParam, CheckoutFields, OrderEmailFields, TokenParam } from './schemas.js'
import { CheckoutPage } from './views/CheckoutPage.js'
import { MyOrdersPage, OrderEmailPage, OrderPage } from './views/OrderPage.js'
import { InvoicePage } from './views/InvoicePage.js'

// /shop/checkout (one page, GET and POST), the order page behind its long
// link with the email check, the invoice, card retries, and a member's
// orders and saved addresses.

const members = { roles: ['admin', 'editor', 'moderator', 'shop_manager', 'member'] as Role[] }

/** The totals the page showed, one per shipping option: "rateId:total,…" (what placing compares). */
function quotedField(q: Quote | null): string {
  return q ? q.options.map((o) => `${o.rateId}:${q.totalCents - (q.shipping?.totalCents ?? 0) + o.totalCents}`).join(',') : ''
}

function quotedTotalFor(field: string | undefined, rateId: number): number | null {
  for (const part of (field ?? '').split(',')) {
    const m = /^(\d{1,12}):(\d{1,12})$/.exec(part)
    if (m && Number(m[1]) === rateId) return Number(m[2])
  }
  return null
}

export function checkoutRoutes(app: FastifyInstance, deps: Deps) {
  const emptyCartRedirect = (reply: FastifyReply) => flash(reply, 'Your cart is empty.').redirect('/shop/cart', 303)

  /** Renders checkout for the form's country (else the cart's), keeping every value and issuing the key once. */
  const showCheckout = async (req: FastifyRequest, reply: FastifyReply, cart: CartRef, form: FormState, status?: number) => {
    const values = { ...form.values }
    if (!/^[\w-]{16,64}$/.test(values.key ?? '')) values.key = randomToken(24)
    if (!values.country || !isCountryCode(values.country)) values.country = cart.country ?? ''
    const items = await loadCartItems(deps.db, cart.id)
    const rateId = /^\d{1,12}$/.test(values.shipping ?? '') ? Number(values.shipping) : null
    const q = values.country ? quote(await loadPricingContext(deps.db, values.country), items, { rateId }) : null
    // The radios follow the quote: a method that no longer exists is not left chosen.
    if (q && (rateId === null || !q.options.some((o) => o.rateId === rateId)) && q.shipping) values.shipping = String(q.shipping.rateId)
    values.quoted = quotedField(q)
    const saved = req.actor.kind === 'user' ? await savedAddresses(deps.db, req.actor.user.id) : null
    reply.header('cache-control', 'private, no-store')
    return render(req, reply, <CheckoutPage data={{ form: { values, errors: form.errors }, quote: q, cardEnabled: cardPaymentsEnabled(deps), saved }} />, status)
  }

  app.get('/shop/checkout', async (req, reply) => {
    const cart = await cartOf(deps, req)
    if (!cart || !(await loadCartItems(deps.db, cart.id)).length) return emptyCartRedirect(reply)
    const values: Record<string, string> = {}
    if (req.actor.kind === 'user') values.email = req.actor.user.email
    return showCheckout(req, reply, cart, emptyForm(values))
  })

  app.post('/shop/checkout', { config: perIp(120, 10), preHandler: app.csrfProtection }, async (req, reply) => {
    const cart = await cartOf(deps, req)
    if (!cart) return emptyCartRedirect(reply)
    const values = formValues(req.body)
    delete values._csrf

    // "Update shipping" and "Use this address" re-render with new choices and place nothing.
    if (values.action === 'refresh' || values.action === 'use-address') {
      if (values.action === 'use-address' && req.actor.kind === 'user') {
        const chosen = (await savedAddresses(deps.db, req.actor.user.id)).find((s) => String(s.id) === values.savedAddress)
        if (chosen) Object.assign(values, addressValues(chosen.address))
      }
      if (values.country && isCountryCode(values.country)) await setCartCountry(deps.db, cart.id, values.country, iso(deps.clock.now()))
      return showCheckout(req, reply, cart, { values, errors: {} })
    }

    const form = parseForm(CheckoutFields, values)
    const errors = { ...form.state.errors }
    // The hidden fields have no input to point at: their message is the form's.
    for (const hiddenField of ['key', 'quoted', 'action', 'savedAddress', 'saveAddress']) {
      if (errors[hiddenField]) { errors._form ??= errors[hiddenField]; delete errors[hiddenField] }
    }
    const country = values.country ?? ''
    if (!errors.country && !isCountryCode(country)) errors.country = 'Choose a country from the list.'
    if (!errors.country && !errors.postcode) {
      const check = checkPostcode(values.postcode ?? '', country)
      if (check === 'invalid') errors.postcode = (values.postcode ?? '').trim()
        ? `That is not a valid postcode for ${countryName(country)}.`
        : `Enter the postcode: ${countryName(country)} uses them.`
    }
    if (!form.ok || Object.keys(errors).length) return showCheckout(req, reply, cart, { values, errors }, 422)
    const v = form.value
    const quoted = quotedTotalFor(values.quoted, v.shipping)
    if (quoted === null) return showCheckout(req, reply, cart, { values, errors: { shipping: 'Choose one of the shipping methods shown.' } }, 422)

    const address: Address = { name: v.name, line1: v.line1, line2: v.line2, city: v.city, region: v.region, postcode: v.postcode, country, phone: v.phone }
    const userId = req.actor.kind === 'user' ? req.actor.user.id : null
    const out = await placeOrder(deps, {
      cartId: cart.id, userId, email: v.email, address, rateId: v.shipping, paymentMethod: v.payment, note: v.note, key: v.key,
      quotedTotalCents: quoted, saveAddress: v.saveAddress === 'on', ip: req.ip,
    })
    if (out.kind === 'placed') {
      proveOrder(req, reply, out.orderId)
      if (v.payment === 'card' && !out.replay) {
        const url = orderUrl(deps, out.token)
        const started = await startCardPayment(deps, { orderId: out.orderId, returnUrl: url, cancelUrl: url })
        if (started.kind === 'redirect') return reply.redirect(started.url, 303)
        return flash(reply, started.message).redirect(`/shop/order/${out.token}`, 303)
      }
      return flash(reply, out.replay ? `This is your order ${out.number}; it was placed once.` : `Thank you: order ${out.number} is placed. We have sent the confirmation to ${v.email}.`)
        .redirect(`/shop/order/${out.token}`, 303)
    }
    const refused = refusal(out)
    if (refused.status === 429 && out.kind === 'rate-limited') reply.header('retry-after', String(out.retryAfterSeconds))
    if (out.kind === 'empty') return emptyCartRedirect(reply)
    return showCheckout(req, reply, cart, { values, errors: refused.errors }, refused.status)
  })

  // The order page: the long link, and the email once per browser.
  const tokenOf = (req: FastifyRequest) => {
    const p = TokenParam.safeParse(req.params)
    if (!p.success) throw new NotFound()
    return p.data.token
  }

  app.get('/shop/order/:token', async (req, reply) => {
    const token = tokenOf(req)
    reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer')
    const access = await orderForToken(deps, req, token)
    switch (access.kind) {
      case 'missing': throw new NotFound()
      case 'ask-email': return render(req, reply, <OrderEmailPage token={token} number={access.number} form={emptyForm()} />)
      case 'shown': return render(req, reply, <OrderPage o={access.order} />)
    }
  })

  app.post('/shop/order/:token', { config: perIp(20, 10), preHandler: app.csrfProtection }, async (req, reply) => {
    const token = tokenOf(req)
    const form = parseForm(OrderEmailFields, req.body)
    const again = async (message: string) => {
      const access = await orderForToken(deps, req, token)
      if (access.kind === 'missing') throw new NotFound()
      const number = access.kind === 'ask-email' ? access.number : access.order.number
      return render(req, reply, <OrderEmailPage token={token} number={number} form={{ values: form.state.values, errors: { email: message } }} />, 422)
    }
    if (!form.ok) return again(form.state.errors.email ?? 'Enter an email address.')
    const check = await proveOrderEmail(deps, req, reply, token, form.value.email)
    switch (check.kind) {
      case 'missing': throw new NotFound()
      case 'wrong': return again('That is not the email address this order was placed with.')
      case 'proven': return reply.redirect(`/shop/order/${token}`, 303)
    }
  })

  app.get('/shop/order/:token/invoice', async (req, reply) => {
    const token = tokenOf(req)
    const access = await orderForToken(deps, req, token)
    if (access.kind === 'missing') throw new NotFound()
    if (access.kind === 'ask-email') return reply.redirect(`/shop/order/${token}`, 303)
    reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer')
    return render(req, reply, <InvoicePage o={access.order} />)
  })

  app.post('/shop/order/:token/pay', { config: perIp(20, 10), preHandler: app.csrfProtection }, async (req, reply) => {
    const token = tokenOf(req)
    const access = await orderForToken(deps, req, token)
    if (access.kind === 'missing') throw new NotFound()
    if (access.kind === 'ask-email') return reply.redirect(`/shop/order/${token}`, 303)
    const o = access.order
    if (o.paymentMethod !== 'card' || o.status !== 'pending_payment') return flash(reply, 'This order needs no card payment.').redirect(`/shop/order/${token}`, 303)
    const url = orderUrl(deps, token)
    const started = await startCardPayment(deps, { orderId: o.id, returnUrl: url, cancelUrl: url })
    if (started.kind === 'redirect') return reply.redirect(started.url, 303)
    return render(req, reply, <OrderPage o={o} message={started.message} />, 502)
  })

  // A member's orders and saved addresses.
  app.get('/shop/orders', { config: members }, async (req, reply) => {
    if (req.actor.kind !== 'user') throw new NotFound()
    reply.header('cache-control', 'private, no-store')
    return render(req, reply, <MyOrdersPage {...await loadMyOrders(deps, req.actor.user.id)} />)
  })

  app.post('/shop/addresses/:id/delete', { config: members, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = AddressIdParam.safeParse(req.params)
    if (!p.success || req.actor.kind !== 'user') throw new NotFound()
    const done = await deleteSavedAddress(deps.db, req.actor.user.id, p.data.id)
    if (!done) throw new NotFound()
    return flash(reply, 'The address is deleted.').redirect('/shop/orders', 303)
  })
}

function addressValues(a: Address): Record<string, string> {
  return { name: a.name, line1: a.line1, line2: a.line2, city: a.city, region: a.region, postcode: a.postcode, country: a.country, phone: a.phone }
}

/** What a refused placing shows on the re-rendered form, and with which status. */
function refusal(out: Exclude<PlaceOutcome, { kind: 'placed' }>): { status: number; errors: Record<string, string> } {
  switch (out.kind) {
    case 'empty': return { status: 409, errors: { _form: 'Your cart is empty.' } }
    case 'problems': return { status: 409, errors: { _form: `Something in your cart changed: ${out.problems.map((p) => p.message).join(' ')}` } }
    case 'shipping-changed': return { status: 409, errors: { shipping: 'That shipping method is no longer offered for this order; choose one of those shown.' } }
    case 'method-unavailable': return { status: 409, errors: { payment: out.method === 'cod' ? 'Cash on delivery is not offered for this country.' : 'Card payments are not available; choose another way to pay.' } }
    case 'price-changed': return { status: 409, errors: { _form: `Prices changed since this page was shown: the total is now ${formatMoney(out.totalCents, out.currency)}. Please check the summary and place the order again.` } }
    case 'sold-out': return { status: 409, errors: { _form: `Sorry: ${out.name} sold out while you were checking out. Your order was not placed; please change your cart.` } }
    case 'rate-limited': return { status: 429, errors: { _form: `Too many orders were placed from here or with this email address in a short time. Please try again in ${Math.max(1, Math.ceil(out.retryAfterSeconds / 60))} minutes.` } }
    case 'busy': return { status: 503, errors: { _form: 'The shop is very busy right now and your order was not placed. Please press "Place order" again.' } }
  }
}
