import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { parseForm } from '../http/forms.js'
import { perIp } from '../http/ip-limits.js'
import { addToCart, cartOf, changeQuantity, ensureCartOf, loadCartPage, shipTo } from './cart.js'
import { countryName } from './countries.js'
import { AddFields, QuantityFields, RemoveFields, ShipToFields, shopBack } from './schemas.js'
import { CartPage } from './views/CartPage.js'

// /shop/cart and the forms that change it: add (from the product page),
// quantity, remove, and the ship-to country. All plain forms with 303s.

export function cartRoutes(app: FastifyInstance, deps: Deps) {
  const limits = { config: perIp(120, 10), preHandler: app.csrfProtection }
  const back = (reply: FastifyReply, to: string, message: string) => flash(reply, message).redirect(to, 303)
  // Refused input gets the cart page with the reason (4xx, nothing changed), not a redirect.
  const refuse = async (req: FastifyRequest, reply: FastifyReply, status: number, message: string) =>
    render(req, reply, <CartPage data={await loadCartPage(deps, await cartOf(deps, req))} message={message} />, status)

  app.get('/shop/cart', async (req, reply) => {
    reply.header('cache-control', 'private, no-store')
    return render(req, reply, <CartPage data={await loadCartPage(deps, await cartOf(deps, req))} />)
  })

  app.post('/shop/cart/add', limits, async (req, reply) => {
    const form = parseForm(AddFields, req.body)
    if (!form.ok) return refuse(req, reply, 422, form.state.errors.quantity ? `Nothing was added. Quantity: ${form.state.errors.quantity}` : 'Nothing was added: that is not an item in the shop.')
    const cart = await ensureCartOf(deps, req, reply)
    const out = await addToCart(deps, cart, form.value.sku, form.value.quantity)
    switch (out.kind) {
      case 'added': return back(reply, '/shop/cart', `${out.name} is in your cart.`)
      case 'unknown': return refuse(req, reply, 422, 'Nothing was added: that is not an item in the shop.')
      case 'unavailable': return refuse(req, reply, 409, `Nothing was added: ${out.name} is no longer sold.`)
      case 'sold-out': return refuse(req, reply, 409, `Nothing was added: ${out.name} has sold out.`)
    }
  })

  app.post('/shop/cart/update', limits, async (req, reply) => {
    const form = parseForm(QuantityFields, req.body)
    if (!form.ok) return refuse(req, reply, 422, `Nothing was changed. Quantity: ${form.state.errors.quantity ?? 'enter a number from 0 to 99.'}`)
    const cart = await cartOf(deps, req)
    if (cart) await changeQuantity(deps, cart, form.value.variant, form.value.quantity)
    return back(reply, '/shop/cart', form.value.quantity === 0 ? 'The item is removed.' : 'Your cart is updated.')
  })

  app.post('/shop/cart/remove', limits, async (req, reply) => {
    const form = parseForm(RemoveFields, req.body)
    if (!form.ok) return refuse(req, reply, 422, 'Nothing was removed: that is not an item in your cart.')
    const cart = await cartOf(deps, req)
    if (cart) await changeQuantity(deps, cart, form.value.variant, 0)
    return back(reply, '/shop/cart', 'The item is removed.')
  })

  app.post('/shop/ship-to', limits, async (req: FastifyRequest, reply) => {
    const form = parseForm(ShipToFields, req.body)
    const to = shopBack(form.state.values.back)
    if (!form.ok) return refuse(req, reply, 422, 'Choose a country to ship to from the list.')
    const cart = await ensureCartOf(deps, req, reply)
    if (!(await shipTo(deps, cart, form.value.country))) return refuse(req, reply, 422, 'Choose a country to ship to from the list.')
    return back(reply, to, `Shipping to ${countryName(form.value.country)}.`)
  })
}
