import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'

// /admin/shop/shipping, /taxes, /rules, /settings (filled in below).
export function shippingAdminRoutes(_app: FastifyInstance, _deps: Deps) {}
