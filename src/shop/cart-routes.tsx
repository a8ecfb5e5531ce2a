import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'

// STUB: /shop/cart and /shop/ship-to (cart helper).
export function cartRoutes(_app: FastifyInstance, _deps: Deps) {}
