import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { Forbidden, NotFound } from '../http/errors.js'
import { parseForm, type FormState } from '../http/forms.js'
import { ROLES } from '../accounts/index.js'
import { STATUS_LABEL } from './order-states.js'
import {
  addOrderNote, cancelOrder, completeOrder, markOrderPaid, NoteFields, OrderNumberParam, orderDetail, OrdersQuery, ordersPage,
  refundOrder, RefundFields, ShipFields, shipOrder, type StaffMoveResult,
} from './order-admin.js'
import { OrderDetailPage, OrdersListPage, type OrderForms } from './views/AdminOrders.js'
import { shippingAdminRoutes } from './shipping-admin-routes.js'

// /admin/shop/...: the back office. Orders here; zones, rates, taxes, country
// rules and settings in shipping-admin-routes.tsx. Products are the catalog's.
export function shopAdminRoutes(app: FastifyInstance, deps: Deps) {
  const shop = { config: { roles: ROLES.shop } }
  const staff = (req: FastifyRequest) => {
    if (req.actor.kind !== 'user') throw new Forbidden()
    return req.actor
  }
  const numberOf = (req: FastifyRequest) => {
    const p = OrderNumberParam.safeParse(req.params)
    if (!p.success) throw new NotFound()
    return p.data.number
  }
  const detailPage = async (req: FastifyRequest, reply: FastifyReply, number: string, forms: OrderForms = {}, status?: number) => {
    const detail = await orderDetail(deps, number)
    if (!detail) throw new NotFound()
    return render(req, reply, <OrderDetailPage detail={detail} forms={forms} />, status)
  }
  const outcome = (reply: FastifyReply, number: string, result: StaffMoveResult, done: string) => {
    const back = `/admin/shop/orders/${encodeURIComponent(number)}`
    switch (result.kind) {
      case 'missing': throw new NotFound()
      case 'moved': return flash(reply, done).redirect(back, 303)
      case 'refused': return flash(reply, `This order is now ${STATUS_LABEL[result.status]}; nothing changed.`).redirect(back, 303)
      case 'refund-failed': return flash(reply, `The refund failed, so the order is unchanged: ${result.message}`).redirect(back, 303)
      case 'unconfirmed': throw new Error('unconfirmed refund reached outcome()')
    }
  }

  app.get('/admin/shop', shop, async (_req, reply) => reply.redirect('/admin/shop/orders', 303))

  app.get('/admin/shop/orders', shop, async (req, reply) => {
    const filter = OrdersQuery.parse(req.query ?? {})
    const page = await ordersPage(deps, filter)
    return render(req, reply, <OrdersListPage filter={filter} {...page} />)
  })

  app.get('/admin/shop/orders/:number', shop, async (req, reply) => detailPage(req, reply, numberOf(req)))

  const post = { ...shop, preHandler: app.csrfProtection }

  app.post('/admin/shop/orders/:number/pay', post, async (req, reply) => {
    const number = numberOf(req)
    return outcome(reply, number, await markOrderPaid(deps, staff(req), number), `Order ${number} is marked paid; the buyer is mailed.`)
  })

  app.post('/admin/shop/orders/:number/ship', post, async (req, reply) => {
    const number = numberOf(req)
    const form = parseForm(ShipFields, req.body)
    if (!form.ok) return detailPage(req, reply, number, { ship: form.state }, 422)
    return outcome(reply, number, await shipOrder(deps, staff(req), number, form.value), `Order ${number} is shipped; the buyer is mailed the tracking number.`)
  })

  app.post('/admin/shop/orders/:number/complete', post, async (req, reply) => {
    const number = numberOf(req)
    return outcome(reply, number, await completeOrder(deps, staff(req), number), `Order ${number} is completed.`)
  })

  app.post('/admin/shop/orders/:number/cancel', post, async (req, reply) => {
    const number = numberOf(req)
    return outcome(reply, number, await cancelOrder(deps, staff(req), number), `Order ${number} is cancelled; its items are back in stock and the buyer is mailed.`)
  })

  app.post('/admin/shop/orders/:number/refund', post, async (req, reply) => {
    const number = numberOf(req)
    const form = parseForm(RefundFields, req.body)
    if (!form.ok) return detailPage(req, reply, number, { refund: form.state }, 422)
    const result = await refundOrder(deps, staff(req), number, form.value)
    if (result.kind === 'unconfirmed') {
      const state: FormState = { values: form.state.values, errors: { confirmed: 'Tick the box once you have returned the money: this order was not paid by card, so the shop cannot refund it itself.' } }
      return detailPage(req, reply, number, { refund: state }, 422)
    }
    return outcome(reply, number, result, `Order ${number} is refunded; the buyer is mailed.`)
  })

  app.post('/admin/shop/orders/:number/note', post, async (req, reply) => {
    const number = numberOf(req)
    const form = parseForm(NoteFields, req.body)
    if (!form.ok) return detailPage(req, reply, number, { note: form.state }, 422)
    const result = await addOrderNote(deps, staff(req), number, form.value)
    if (result.kind === 'missing') throw new NotFound()
    return flash(reply, 'The note is added.').redirect(`/admin/shop/orders/${encodeURIComponent(number)}`, 303)
  })

  shippingAdminRoutes(app, deps)
}
