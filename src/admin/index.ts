import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { adminRoutes } from './routes.js'

export async function registerAdmin(app: FastifyInstance, deps: Deps) {
  adminRoutes(app, deps)
}
