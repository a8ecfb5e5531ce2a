import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'

// STUB: the Stripe return pages and webhook (payments helper).
export function paymentRoutes(_app: FastifyInstance, _deps: Deps) {}
