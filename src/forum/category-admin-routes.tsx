import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { Forbidden, NotFound } from '../http/errors.js'
import { emptyForm, parseForm } from '../http/forms.js'
import { ROLES } from '../accounts/index.js'
import { CategoryFields, CategoryIdParam, createCategory, listCategoriesForAdmin, NewCategoryFields, updateCategory } from './category-admin.js'
import { findCategoryById, type CategoryRow } from './queries/index.js'
import { CategoriesAdminPage, EditCategoryPage } from './views/CategoryAdminViews.js'

// /admin/forum/categories: admins add categories and set each one's guest policy.
export function categoryAdminRoutes(app: FastifyInstance, deps: Deps) {
  const adminOnly = { config: { roles: ROLES.admin } }
  const admin = (req: FastifyRequest) => {
    if (req.actor.kind !== 'user') throw new Forbidden()
    return req.actor
  }
  const newForm = (cats: CategoryRow[]) => emptyForm({ guest_policy: 'topics', hold_first: '1', position: String(cats.reduce((m, c) => Math.max(m, c.position + 1), 0)) })
  const categoryOf = async (req: FastifyRequest) => {
    const p = CategoryIdParam.safeParse(req.params)
    const c = p.success ? await findCategoryById(deps.db, p.data.id) : undefined
    if (!c) throw new NotFound()
    return c
  }

  app.get('/admin/forum/categories', adminOnly, async (req, reply) => {
    const cats = await listCategoriesForAdmin(deps)
    return render(req, reply, <CategoriesAdminPage categories={cats} form={newForm(cats)} />)
  })

  app.post('/admin/forum/categories', { ...adminOnly, preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(NewCategoryFields, req.body)
    const again = async (state: typeof form.state) => render(req, reply, <CategoriesAdminPage categories={await listCategoriesForAdmin(deps)} form={state} />, 422)
    if (!form.ok) return again(form.state)
    const result = await createCategory(deps, admin(req), form.value)
    if (result.kind === 'slug-taken') return again({ values: form.state.values, errors: { slug: `Another category already uses the address “${form.value.slug}”. Choose another.` } })
    return flash(reply, `The category “${form.value.name}” is added at /forum/c/${result.slug}.`).redirect('/admin/forum/categories', 303)
  })

  app.get('/admin/forum/categories/:id', adminOnly, async (req, reply) => {
    const c = await categoryOf(req)
    const form = emptyForm({ name: c.name, description: c.description, position: String(c.position), guest_policy: c.guest_policy, ...(c.hold_first_guest_posts ? { hold_first: '1' } : {}) })
    return render(req, reply, <EditCategoryPage category={c} form={form} />)
  })

  app.post('/admin/forum/categories/:id', { ...adminOnly, preHandler: app.csrfProtection }, async (req, reply) => {
    const c = await categoryOf(req)
    const form = parseForm(CategoryFields, req.body)
    if (!form.ok) return render(req, reply, <EditCategoryPage category={c} form={form.state} />, 422)
    const result = await updateCategory(deps, admin(req), c.id, form.value)
    if (result.kind === 'not-found') throw new NotFound()
    return flash(reply, `“${form.value.name}” is saved.`).redirect('/admin/forum/categories', 303)
  })
}
