import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { emptyForm, parseForm } from '../http/forms.js'
import { NotFound } from '../http/errors.js'
import { isBackOffice, type Actor } from './actor.js'
import { AddStaffFields, ChangeAccountFields, ChangePasswordFields, UserIdParam } from './schemas.js'
import { addStaffMember, changeAccount, changeOwnPassword, listAccounts } from './staff-admin.js'
import { PasswordPage, StaffPage } from './views/StaffPage.js'
import { tooManyMessage } from './attempts.js'

const adminOnly = { roles: ['admin' as const] }
export const anyone = { roles: ['admin' as const, 'editor' as const, 'moderator' as const, 'shop_manager' as const, 'member' as const] }

function signedIn(req: FastifyRequest): Extract<Actor, { kind: 'user' }> {
  // The role check in accounts/index.ts has already refused anonymous visitors.
  return req.actor as Extract<Actor, { kind: 'user' }>
}

export function staffAdminRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/admin/staff', { config: adminOnly }, async (req, reply) => {
    return render(req, reply, <StaffPage accounts={await listAccounts(deps)} form={emptyForm({ role: 'editor' })} />)
  })

  app.post('/admin/staff', { config: adminOnly, preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(AddStaffFields, req.body)
    if (!form.ok) return render(req, reply, <StaffPage accounts={await listAccounts(deps)} form={form.state} />, 422)
    const result = await addStaffMember(deps, signedIn(req).user, form.value)
    switch (result.kind) {
      case 'added':
        return flash(reply, `${form.value.name} can now sign in as ${form.value.role}.`).redirect('/admin/staff', 303)
      case 'email-taken':
        return render(req, reply, <StaffPage accounts={await listAccounts(deps)} form={{ ...form.state, errors: { email: 'An account with this email already exists.' } }} />, 422)
    }
  })

  app.post('/admin/staff/:id', { config: adminOnly, preHandler: app.csrfProtection }, async (req, reply) => {
    const params = UserIdParam.safeParse(req.params)
    const form = parseForm(ChangeAccountFields, req.body)
    if (!params.success || !form.ok || (form.value.change === 'role' && !form.value.role)) throw new NotFound()
    const change = form.value.change === 'role' ? { role: form.value.role! } : { disabled: form.value.change === 'disable' }
    const result = await changeAccount(deps, signedIn(req).user, params.data.id, change)
    const again = async (message: string) => render(req, reply, <StaffPage accounts={await listAccounts(deps)} form={emptyForm({ role: 'editor' })} message={message} />, 422)
    switch (result.kind) {
      case 'changed': return flash(reply, 'Saved.').redirect('/admin/staff', 303)
      case 'not-found': throw new NotFound()
      case 'last-admin': return again('The site needs at least one active administrator: make someone else an administrator first.')
      case 'self': return again('You cannot change your own role or disable yourself; ask another administrator.')
    }
  })

  app.get('/account/password', { config: anyone }, async (req, reply) => render(req, reply, <PasswordPage form={emptyForm()} />))

  app.post('/account/password', { config: anyone, preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(ChangePasswordFields, req.body)
    if (!form.ok) return render(req, reply, <PasswordPage form={form.state} />, 422)
    const actor = signedIn(req)
    const result = await changeOwnPassword(deps, actor.user, actor.sessionId, { current: form.value.current, next: form.value.password, ip: req.ip })
    switch (result.kind) {
      case 'changed': return flash(reply, 'Your password is changed.').redirect(isBackOffice(actor) ? '/admin' : '/account', 303)
      case 'wrong-password': return render(req, reply, <PasswordPage form={{ ...form.state, errors: { current: 'That is not your current password.' } }} />, 422)
      case 'too-many':
        reply.header('retry-after', String(result.retryAfterSeconds))
        return render(req, reply, <PasswordPage form={{ ...form.state, errors: { _form: tooManyMessage(result.retryAfterSeconds) } }} />, 429)
    }
  })
}
