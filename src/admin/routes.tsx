import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { ROLES } from '../accounts/index.js'
import { Dashboard } from './views/Dashboard.js'
import { auditPage, dashboardSummary } from './summary.js'
import { AuditQuery, SettingsFields } from './schemas.js'
import { flash } from '../http/flash.js'
import { emptyForm, parseForm, type FormState } from '../http/forms.js'
import { iso } from '../clock.js'
import { serverTimeZone, siteTimeZone } from '../views/format.js'
import { changeTimeZone } from './site-settings.js'
import { SettingsPage } from './views/SettingsPage.js'
import { AuditPage } from './views/AuditPage.js'

export function adminRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/admin', { config: { roles: ROLES.staff } }, async (req, reply) => {
    return render(req, reply, <Dashboard summary={await dashboardSummary(deps)} />)
  })

  app.get('/admin/audit', { config: { roles: ROLES.admin } }, async (req, reply) => {
    const { page } = AuditQuery.parse(req.query ?? {})
    return render(req, reply, <AuditPage data={await auditPage(deps, page)} />)
  })

  const settingsPage = (req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) =>
    render(req, reply, <SettingsPage form={form} current={siteTimeZone()} server={serverTimeZone()} now={iso(deps.clock.now())} />, status)

  app.get('/admin/settings', { config: { roles: ROLES.admin } }, async (req, reply) => settingsPage(req, reply, emptyForm()))

  app.post('/admin/settings', { config: { roles: ROLES.admin }, preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(SettingsFields, req.body)
    if (!form.ok) return settingsPage(req, reply, form.state, 422)
    const userId = req.actor.kind === 'user' ? req.actor.user.id : null
    const result = await changeTimeZone(deps, userId, form.value.time_zone)
    const zone = form.value.time_zone.replace(/_/g, ' ')
    switch (result.kind) {
      case 'changed': return flash(reply, `Saved. Dates now show in ${zone} time.`).redirect('/admin/settings', 303)
      case 'unchanged': return flash(reply, `Nothing to change: dates already show in ${zone} time.`).redirect('/admin/settings', 303)
    }
  })
}
