import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { Forbidden, NotFound } from '../http/errors.js'
import { emptyForm, parseForm, type FormState } from '../http/forms.js'
import { ROLES } from '../accounts/index.js'
import { createRedirect, deleteRedirect, redirectsPage, updateRedirect } from './editing.js'
import { findRedirect, type RedirectRow } from './queries.js'
import { IdParam, ListQuery, RedirectFields, type ListQueryValue } from './schemas.js'
import { DeleteRedirectPage, EditRedirectPage, RedirectsPage } from './views/RedirectPages.js'

// /admin/redirects (admins and editors): the list with its search and the
// add form, a redirect's own page to edit it, and a page that asks before
// deleting one. Works without JavaScript.
export function redirectRoutes(app: FastifyInstance, deps: Deps) {
  const staffOnly = { config: { roles: ROLES.publishing } }
  const post = { ...staffOnly, preHandler: app.csrfProtection }
  const staff = (req: FastifyRequest) => {
    if (req.actor.kind !== 'user') throw new Forbidden()
    return req.actor
  }
  const redirectOf = async (req: FastifyRequest): Promise<RedirectRow> => {
    const p = IdParam.safeParse(req.params)
    const row = p.success ? await findRedirect(deps.db, p.data.id) : undefined
    if (!row) throw new NotFound()
    return row
  }
  const listPage = async (req: FastifyRequest, reply: FastifyReply, filter: ListQueryValue, form: FormState, status?: number) =>
    render(req, reply, <RedirectsPage filter={filter} {...await redirectsPage(deps, filter)} form={form} />, status)
  const rowForm = (r: RedirectRow) => emptyForm({ from: r.from_shown, to: r.to_path })

  app.get('/admin/redirects', staffOnly, async (req, reply) => listPage(req, reply, ListQuery.parse(req.query ?? {}), emptyForm()))

  app.post('/admin/redirects', post, async (req, reply) => {
    const form = parseForm(RedirectFields, req.body)
    const list = ListQuery.parse({})
    if (!form.ok) return listPage(req, reply, list, form.state, 422)
    const result = await createRedirect(deps, staff(req), form.value)
    switch (result.kind) {
      case 'invalid': return listPage(req, reply, list, { values: form.state.values, errors: result.errors }, 422)
      case 'not-found': throw new NotFound()
      case 'saved': return flash(reply, `Added: “${form.value.from.shown}” now leads to “${form.value.to}”.`).redirect('/admin/redirects', 303)
    }
  })

  app.get('/admin/redirects/:id', staffOnly, async (req, reply) => {
    const row = await redirectOf(req)
    return render(req, reply, <EditRedirectPage row={row} form={rowForm(row)} />)
  })

  app.post('/admin/redirects/:id', post, async (req, reply) => {
    const row = await redirectOf(req)
    const form = parseForm(RedirectFields, req.body)
    if (!form.ok) return render(req, reply, <EditRedirectPage row={row} form={form.state} />, 422)
    const result = await updateRedirect(deps, staff(req), row.id, form.value)
    switch (result.kind) {
      case 'invalid': return render(req, reply, <EditRedirectPage row={row} form={{ values: form.state.values, errors: result.errors }} />, 422)
      case 'not-found': throw new NotFound()
      case 'saved': return flash(reply, `Saved: “${form.value.from.shown}” now leads to “${form.value.to}”.`).redirect('/admin/redirects', 303)
    }
  })

  app.get('/admin/redirects/:id/delete', staffOnly, async (req, reply) => render(req, reply, <DeleteRedirectPage row={await redirectOf(req)} />))

  app.post('/admin/redirects/:id/delete', post, async (req, reply) => {
    const p = IdParam.safeParse(req.params)
    if (!p.success) throw new NotFound()
    const result = await deleteRedirect(deps, staff(req), p.data.id)
    if (result.kind === 'not-found') throw new NotFound()
    return flash(reply, `The redirect from “${result.from}” is deleted; that address now gets the not-found page.`).redirect('/admin/redirects', 303)
  })
}
