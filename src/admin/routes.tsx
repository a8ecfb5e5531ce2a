import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { ROLES } from '../accounts/index.js'
import { Dashboard } from './views/Dashboard.js'
import { auditPage, dashboardSummary } from './summary.js'
import { AuditQuery } from './schemas.js'
import { AuditPage } from './views/AuditPage.js'

export function adminRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/admin', { config: { roles: ROLES.staff } }, async (req, reply) => {
    return render(req, reply, <Dashboard summary={await dashboardSummary(deps)} />)
  })

  app.get('/admin/audit', { config: { roles: ROLES.admin } }, async (req, reply) => {
    const { page } = AuditQuery.parse(req.query ?? {})
    return render(req, reply, <AuditPage data={await auditPage(deps, page)} />)
  })
}
