import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'

// STUB: /shop, /shop/c/<category>, /shop/p/<product>: the catalog and product pages (catalog helper).
export function catalogRoutes(_app: FastifyInstance, _deps: Deps) {}
