import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors } from '../../views/components.js'
import { formatDate } from '../../views/format.js'
import { useView } from '../../views/context.js'
import type { FormState } from '../../http/forms.js'
import type { AccountRow } from '../staff-admin.js'

const ROLE_LABEL: Record<string, string> = { admin: 'Administrator', editor: 'Editor', moderator: 'Moderator', shop_manager: 'Shop manager', member: 'Member' }
const ROLE_HELP = 'Administrators manage staff and settings; editors write and publish; moderators review comments and posts; shop managers run the shop (products, stock, orders, shipping and taxes).'

export function StaffPage({ accounts, form, message }: { accounts: AccountRow[]; form: FormState; message?: string }) {
  const v = useView()
  const me = v.actor.kind === 'user' ? v.actor.user.id : 0
  return (
    <Layout meta={{ title: 'Staff', noindex: true }} wide>
      <h1>Staff</h1>
      <p class="muted">{ROLE_HELP}</p>
      {message ? <p class="form-errors" role="alert">{message}</p> : null}
      <div class="table-wrap">
        <table class="admin-table">
          <caption class="visually-hidden">Accounts</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Since</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {accounts.map((a) => (
              <tr class={a.disabled_at ? 'is-disabled' : undefined}>
                <td>{a.name}{a.id === me ? <span class="muted"> (you)</span> : null}{a.disabled_at ? <span class="status status--draft">Disabled</span> : null}</td>
                <td>{a.email}</td>
                <td>{ROLE_LABEL[a.role] ?? a.role}</td>
                <td>{formatDate(a.created_at)}</td>
                <td>
                  {a.id === me ? <a href="/account/password">Change your password</a> : (
                    <div class="row-actions">
                      <form method="post" action={`/admin/staff/${a.id}`} class="inline-form">
                        <CsrfField />
                        <input type="hidden" name="change" value="role" />
                        <label class="visually-hidden" for={`role-${a.id}`}>Role for {a.name}</label>
                        <select id={`role-${a.id}`} name="role">
                          {(['admin', 'editor', 'moderator', 'shop_manager'] as const).map((r) => <option value={r} selected={a.role === r}>{ROLE_LABEL[r]}</option>)}
                        </select>
                        <button class="btn btn--secondary btn--small">Change role</button>
                      </form>
                      <form method="post" action={`/admin/staff/${a.id}`} class="inline-form" data-confirm={a.disabled_at ? undefined : `Disable ${a.name}'s account? They are signed out at once.`}>
                        <CsrfField />
                        <input type="hidden" name="change" value={a.disabled_at ? 'enable' : 'disable'} />
                        <button class={`btn btn--small ${a.disabled_at ? 'btn--secondary' : 'btn--danger'}`}>{a.disabled_at ? 'Enable' : 'Disable'}</button>
                      </form>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section class="card staff-add" aria-labelledby="add-staff">
        <h2 id="add-staff">Add a staff member</h2>
        <p class="muted">Choose a first password and pass it on privately; they can change it after signing in.</p>
        <FormErrors form={form} />
        <form method="post" action="/admin/staff" novalidate>
          <CsrfField />
          <Field form={form} name="name" label="Name" autocomplete="off" required />
          <Field form={form} name="email" label="Email" type="email" autocomplete="off" required />
          <div class={`field${form.errors.role ? ' field--error' : ''}`}>
            <label for="f-role">Role<span class="required" aria-hidden="true"> *</span></label>
            <select id="f-role" name="role" required>
              {(['editor', 'moderator', 'shop_manager', 'admin'] as const).map((r) => <option value={r} selected={form.values.role === r}>{ROLE_LABEL[r]}</option>)}
            </select>
            {form.errors.role ? <p class="field__error">{form.errors.role}</p> : null}
          </div>
          <Field form={{ ...form, values: { ...form.values, password: '' } }} name="password" label="First password" type="password" autocomplete="new-password" hint="At least 10 characters." required />
          <button class="btn btn--primary">Add staff member</button>
        </form>
      </section>
    </Layout>
  )
}

export function PasswordPage({ form }: { form: FormState }) {
  const blank = { ...form, values: {} }
  return (
    <Layout meta={{ title: 'Change your password', noindex: true }}>
      <section class="narrow card">
        <h1>Change your password</h1>
        <p class="muted">Your other signed-in browsers are signed out when you change it.</p>
        <FormErrors form={form} />
        <form method="post" action="/account/password" novalidate>
          <CsrfField />
          <Field form={blank} name="current" label="Current password" type="password" autocomplete="current-password" required />
          <Field form={{ ...blank, errors: form.errors }} name="password" label="New password" type="password" autocomplete="new-password" hint="At least 10 characters. A long passphrase is best." required />
          <Field form={{ ...blank, errors: form.errors }} name="confirm" label="New password again" type="password" autocomplete="new-password" required />
          <button class="btn btn--primary">Change password</button>
        </form>
      </section>
    </Layout>
  )
}
