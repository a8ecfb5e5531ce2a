import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors } from '../../views/components.js'
import type { FormState } from '../../http/forms.js'

export function SignInPage({ form, message, setupOpen }: { form: FormState; message?: string; setupOpen?: boolean }) {
  return (
    <Layout meta={{ title: 'Sign in', noindex: true }}>
      <section class="narrow card account-card">
        <h1>Sign in</h1>
        {setupOpen ? (
          <p class="notice">This site has no administrator yet. <a href="/setup">Set up your site</a> to create one.</p>
        ) : null}
        {message ? <p class="form-errors" role="alert">{message}</p> : null}
        <FormErrors form={form} />
        <form method="post" action="/sign-in" novalidate>
          <CsrfField />
          <input type="hidden" name="next" value={form.values.next ?? ''} />
          <Field form={form} name="email" label="Email" type="email" autocomplete="username" required />
          <Field form={{ ...form, values: { ...form.values, password: '' } }} name="password" label="Password" type="password" autocomplete="current-password" required />
          <p class="actions">
            <button class="btn btn--primary">Sign in</button>
            <a href="/account/forgot">Forgot your password?</a>
          </p>
        </form>
        <p class="account-card__foot">
          New here? <a href="/account/register">Create an account</a>. It is optional: guests can comment and post in the forum without one.
        </p>
      </section>
    </Layout>
  )
}

export function SetupPage({ form }: { form: FormState }) {
  return (
    <Layout meta={{ title: 'Set up your site', noindex: true }}>
      <section class="narrow card">
        <h1>Set up your site</h1>
        <p class="lead">Create the first administrator account. You can invite editors and moderators afterwards.</p>
        <FormErrors form={form} />
        <form method="post" action="/setup" novalidate>
          <CsrfField />
          <Field form={form} name="name" label="Your name" autocomplete="name" required />
          <Field form={form} name="email" label="Email" type="email" autocomplete="email" required />
          <Field form={{ ...form, values: { ...form.values, password: '' } }} name="password" label="Password" type="password" autocomplete="new-password" hint="At least 10 characters. A long passphrase is best." required />
          <button class="btn btn--primary">Create administrator</button>
        </form>
      </section>
    </Layout>
  )
}
