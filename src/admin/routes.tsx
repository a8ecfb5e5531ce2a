import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { ROLES } from '../accounts/index.js'
import { Dashboard } from './views/Dashboard.js'
import { dashboardSummary } from './queries.js'

export function adminRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/admin', { config: { roles: ROLES.staff } }, async (req, reply) => {
    return render(req, reply, <Dashboard summary={await dashboardSummary(deps.db)} />)
  })
}
