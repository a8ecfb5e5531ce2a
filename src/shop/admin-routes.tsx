import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'

// STUB: /admin/shop/...: the back office (staff helper).
export function shopAdminRoutes(_app: FastifyInstance, _deps: Deps) {}
