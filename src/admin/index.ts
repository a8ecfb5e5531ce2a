import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { adminRoutes } from './routes.js'
import { applyStoredTimeZone } from './site-settings.js'

export async function registerAdmin(app: FastifyInstance, deps: Deps) {
  // The site's time zone is a setting any process may change: read it at
  // boot and again on each request (one primary-key read), so every process
  // on the database shows and reads dates alike. Static files show no dates.
  await applyStoredTimeZone(deps.db)
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/assets/')) await applyStoredTimeZone(deps.db)
  })
  adminRoutes(app, deps)
}
