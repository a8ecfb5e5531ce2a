import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { adminRoutes } from './routes.js'
import { applyStoredTimeZone } from './site-settings.js'

/** How stale another process's time-zone change may be here. */
export const TIME_ZONE_RECHECK_MS = 1000

export async function registerAdmin(app: FastifyInstance, deps: Deps) {
  // The site's time zone is a setting any process may change: read at boot,
  // then again when a request comes a second or more after the last read, so
  // every process on the database agrees within a second. A read on every
  // request cost more CPU than the rest of a small response. Static files
  // show no dates.
  await applyStoredTimeZone(deps.db)
  let readAt = deps.clock.now().getTime()
  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/assets/')) return
    const now = deps.clock.now().getTime()
    if (Math.abs(now - readAt) < TIME_ZONE_RECHECK_MS) return
    readAt = now
    await applyStoredTimeZone(deps.db)
  })
  adminRoutes(app, deps)
}
