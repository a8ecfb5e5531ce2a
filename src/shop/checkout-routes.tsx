import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'

// STUB: /shop/checkout, confirmation, the guest order page, the invoice (checkout helper).
export function checkoutRoutes(_app: FastifyInstance, _deps: Deps) {}
