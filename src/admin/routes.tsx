import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { ROLES } from '../accounts/index.js'
import { Dashboard } from './views/Dashboard.js'
import { auditPage, dashboardSummary } from './queries.js'
import { AuditPage } from './views/AuditPage.js'

export function adminRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/admin', { config: { roles: ROLES.staff } }, async (req, reply) => {
    return render(req, reply, <Dashboard summary={await dashboardSummary(deps.db)} />)
  })

  app.get('/admin/audit', { config: { roles: ROLES.admin } }, async (req, reply) => {
    const page = Math.min(Math.max(1, Number((req.query as { page?: string }).page) || 1), 100_000)
    return render(req, reply, <AuditPage data={await auditPage(deps.db, page)} />)
  })
}
