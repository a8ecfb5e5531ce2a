import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors, KeptText, RadioGroup } from '../../views/components.js'
import { formatDateTime } from '../../views/format.js'
import type { FormState } from '../../http/forms.js'
import type { CategoryRow } from '../queries/index.js'
import { GUEST_POLICIES } from '../category-admin.js'

/** Admin: every category with its counts, and a form to add one. */
export function CategoriesAdminPage({ categories, form }: { categories: CategoryRow[]; form: FormState }) {
  return (
    <Layout meta={{ title: 'Forum categories', noindex: true }} wide>
      <p class="eyebrow"><a href="/admin">Dashboard</a></p>
      <h1>Forum categories</h1>
      {categories.length === 0 ? <p class="mod-empty">No categories yet.</p> : (
        <div class="table-wrap cat-admin-wrap"><table class="admin-table cat-admin">
          <caption class="visually-hidden">Categories in display order</caption>
          <thead><tr><th scope="col">Position</th><th scope="col">Category</th><th scope="col">Guests</th><th scope="col">Topics</th><th scope="col">Posts</th><th scope="col">Latest activity</th></tr></thead>
          <tbody>
            {categories.map((c) => (
              <tr>
                <td>{c.position}</td>
                <th scope="row" class="cat-admin__name"><a href={`/admin/forum/categories/${c.id}`}>{c.name}</a><br /><span class="cat-admin__slug">/forum/c/{c.slug}</span></th>
                <td>{GUEST_POLICIES.find((p) => p.value === c.guest_policy)!.short}{c.hold_first_guest_posts ? '; first posts held' : ''}</td>
                <td>{c.topic_count}</td>
                <td>{c.post_count}</td>
                <td>{c.last_activity_at ? <time dateTime={c.last_activity_at}>{formatDateTime(c.last_activity_at)}</time> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      <h2 id="new">Add a category</h2>
      <form method="post" action="/admin/forum/categories" class="forum-form flag-form cat-admin-form" aria-labelledby="new">
        <FormErrors form={form} title="The category was not added." />
        <Field form={form} name="name" label="Name" required maxLength={80} />
        <Field form={form} name="slug" label="Address" maxLength={60} hint="Leave empty to make it from the name (lower-case letters, digits and hyphens). It can’t be changed later." />
        <CategoryCommonFields form={form} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Add category</button></p>
      </form>
    </Layout>
  )
}

export function EditCategoryPage({ category, form }: { category: CategoryRow; form: FormState }) {
  return (
    <Layout meta={{ title: `Edit ${category.name}`, noindex: true }}>
      <p class="eyebrow"><a href="/admin/forum/categories">Forum categories</a></p>
      <h1>Edit {category.name}</h1>
      <p>Address: <a href={`/forum/c/${category.slug}`}>/forum/c/{category.slug}</a> · {category.topic_count} topics · {category.post_count} posts</p>
      <form method="post" action={`/admin/forum/categories/${category.id}`} class="forum-form flag-form cat-admin-form">
        <FormErrors form={form} title="The changes were not saved." />
        <Field form={form} name="name" label="Name" required maxLength={80} />
        <CategoryCommonFields form={form} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Save changes</button> <a href="/admin/forum/categories">Cancel</a></p>
      </form>
    </Layout>
  )
}

function CategoryCommonFields({ form }: { form: FormState }) {
  return (
    <>
      <Field form={form} name="description" label="Description" multiline rows={3} maxLength={500} />
      <Field form={form} name="position" label="Position" type="number" hint="Categories are listed from the lowest number." />
      <RadioGroup form={form} name="guest_policy" legend="What guests (people without an account) may do" options={GUEST_POLICIES} value="topics" required />
      <div class="flag-form__choice">
        <input type="checkbox" name="hold_first" id="f-hold_first" value="1" checked={form.values.hold_first === '1'} />
        <label for="f-hold_first">Hold a guest’s posts for review until they have 2 approved posts</label>
      </div>
    </>
  )
}

/** A guest refused by a category's policy (or a member yet to confirm their address: `heading`): why, and their text to copy. */
export function GuestsMayNotPage({ message, title, body, back, heading }: { message: string; title: string; body: string; back: string; heading?: string }) {
  return (
    <Layout meta={{ title: heading ?? 'Guests can’t post here', noindex: true }}>
      <h1>{heading ?? 'Guests can’t post here'}</h1>
      {heading ? <p>{message}</p> : <p>{message} <a href="/sign-in">Sign in</a> to post, or share your thoughts in another category.</p>}
      <KeptText title={title} body={body} />
      <p><a href={back}>Back</a></p>
    </Layout>
  )
}
