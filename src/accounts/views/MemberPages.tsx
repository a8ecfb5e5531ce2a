import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors, Honeypot } from '../../views/components.js'
import { formatDate } from '../../views/format.js'
import type { FormState } from '../../http/forms.js'
import { MIN_PASSWORD_LENGTH } from '../passwords.js'
import { MAX_DISPLAY_NAME } from '../schemas.js'
import type { AccountSummary } from '../members.js'

const passwordHint = `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one that is easy to remember.`
const withoutPasswords = (form: FormState): FormState => ({ ...form, values: { ...form.values, password: '', confirm: '' } })

export function RegisterPage({ form, stamp }: { form: FormState; stamp: string }) {
  return (
    <Layout meta={{ title: 'Create an account', noindex: true }}>
      <section class="narrow card account-card">
        <h1>Create an account</h1>
        <p class="muted">
          An account is optional: you can comment and post in the forum as a guest. With one, your name is reserved for
          you and your forum posts appear without waiting for review.
        </p>
        <FormErrors form={form} title="Your account was not created yet." />
        <form method="post" action="/account/register" novalidate>
          <CsrfField />
          <Field form={form} name="name" label="Display name" autocomplete="nickname" maxLength={MAX_DISPLAY_NAME} required
            hint="Shown beside your posts. Use any name you like; it does not have to be your real one." />
          <Field form={form} name="email" label="Email" type="email" autocomplete="email" required
            hint="Never shown. We send a link to confirm it." />
          <Field form={withoutPasswords(form)} name="password" label="Password" type="password" autocomplete="new-password" required hint={passwordHint} />
          <Honeypot name="website" />
          <input type="hidden" name="stamp" value={stamp} />
          <button class="btn btn--primary">Create account</button>
        </form>
        <p class="account-card__foot">Already have an account? <a href="/sign-in">Sign in</a></p>
      </section>
    </Layout>
  )
}

export function CheckEmailPage({ reason }: { reason: 'register' | 'reset' }) {
  return (
    <Layout meta={{ title: 'Check your email', noindex: true }}>
      <section class="narrow card account-card">
        <h1>Check your email</h1>
        {reason === 'register' ? (
          <p>We have sent a message to the address you entered. Open the link in it to confirm your address; then sign in and post as a member.</p>
        ) : (
          <p>If the address you entered belongs to an account, we have sent it a link to choose a new password. The link works for one hour.</p>
        )}
        <p class="muted">Nothing after a few minutes? Look in your spam folder, and check the address for typing mistakes.</p>
        <p class="actions">
          <a class="btn btn--secondary" href="/sign-in">Go to sign in</a>
          <a href="/">Back to the site</a>
        </p>
      </section>
    </Layout>
  )
}

/** A mailed link opened: a button, because mail scanners fetch links and a GET must change nothing. */
export function ConfirmEmailPage({ token, name }: { token: string; name: string }) {
  return (
    <Layout meta={{ title: 'Confirm your email address', noindex: true }}>
      <section class="narrow card account-card">
        <h1>Confirm your email address</h1>
        <p>Hello {name}. Press the button to confirm that this address is yours.</p>
        <form method="post" action={`/account/confirm/${token}`}>
          <CsrfField />
          <button class="btn btn--primary">Confirm my email address</button>
        </form>
      </section>
    </Layout>
  )
}

export function LinkExpiredPage({ what }: { what: 'confirm' | 'reset' }) {
  return (
    <Layout meta={{ title: 'This link no longer works', noindex: true }}>
      <section class="narrow card account-card">
        <h1>This link no longer works</h1>
        <p>It has been used already, or it has expired{what === 'reset' ? ' (reset links work for one hour)' : ''}.</p>
        {what === 'reset' ? (
          <p class="actions"><a class="btn btn--primary" href="/account/forgot">Send a new link</a></p>
        ) : (
          <p>If your address is already confirmed, just <a href="/sign-in">sign in</a>. Otherwise sign in and ask for a new link from the notice at the top of the page.</p>
        )}
      </section>
    </Layout>
  )
}

export function ForgotPage({ form }: { form: FormState }) {
  return (
    <Layout meta={{ title: 'Forgot your password?', noindex: true }}>
      <section class="narrow card account-card">
        <h1>Forgot your password?</h1>
        <p class="muted">Enter the address of your account and we will mail you a link to choose a new password.</p>
        <FormErrors form={form} />
        <form method="post" action="/account/forgot" novalidate>
          <CsrfField />
          <Field form={form} name="email" label="Email" type="email" autocomplete="email" required />
          <button class="btn btn--primary">Send the link</button>
        </form>
        <p class="account-card__foot">Remembered it? <a href="/sign-in">Sign in</a></p>
      </section>
    </Layout>
  )
}

export function ResetPage({ token, form, email }: { token: string; form: FormState; email: string }) {
  return (
    <Layout meta={{ title: 'Choose a new password', noindex: true }}>
      <section class="narrow card account-card">
        <h1>Choose a new password</h1>
        <p class="muted">For the account {email}. Every other browser signed in to it is signed out.</p>
        <FormErrors form={form} />
        <form method="post" action={`/account/reset/${token}`} novalidate>
          <CsrfField />
          {/* Lets password managers file the new password under the right account. */}
          <input type="hidden" name="username" value={email} autocomplete="username" />
          <Field form={withoutPasswords(form)} name="password" label="New password" type="password" autocomplete="new-password" required hint={passwordHint} />
          <Field form={withoutPasswords(form)} name="confirm" label="New password again" type="password" autocomplete="new-password" required />
          <button class="btn btn--primary">Save the new password</button>
        </form>
      </section>
    </Layout>
  )
}

const ROLE_LABEL: Record<string, string> = { admin: 'Administrator', editor: 'Editor', moderator: 'Moderator', member: 'Member' }

export function AccountPage({ account, deleteForm }: { account: AccountSummary; deleteForm: FormState }) {
  const member = account.role === 'member'
  return (
    <Layout meta={{ title: 'Your account', noindex: true }}>
      <h1>Your account</h1>
      <section class="card account-section" aria-labelledby="account-details">
        <h2 id="account-details">Details</h2>
        <dl class="account-details">
          <div><dt>Display name</dt><dd>{account.name}</dd></div>
          <div>
            <dt>Email</dt>
            <dd>
              {account.email}{' '}
              {account.email_confirmed_at ? <span class="status status--published">Confirmed</span> : <span class="status status--scheduled">Not confirmed yet</span>}
            </dd>
          </div>
          <div><dt>Account</dt><dd>{ROLE_LABEL[account.role] ?? account.role}, since {formatDate(account.created_at)}</dd></div>
        </dl>
        <p class="muted">Your email address is never shown to other readers.</p>
      </section>

      <section class="card account-section" aria-labelledby="account-password">
        <h2 id="account-password">Password</h2>
        <p>Changing your password signs you out of every other browser.</p>
        <p><a class="btn btn--secondary" href="/account/password">Change your password</a></p>
      </section>

      <section class="card account-section account-section--danger" aria-labelledby="account-delete">
        <h2 id="account-delete">Delete your account</h2>
        {member ? (
          <>
            <p>
              Your account, your address and your password are deleted, and you are signed out everywhere. Your forum posts and
              comments stay, because replies make little sense without them, but they show “Deleted member” instead of your name.
              This cannot be undone.
            </p>
            <FormErrors form={deleteForm} title="Your account was not deleted." />
            <form method="post" action="/account/delete" novalidate data-confirm="Delete your account for good? This cannot be undone.">
              <CsrfField />
              <Field form={{ ...deleteForm, values: {} }} name="password" label="Your password, to confirm" type="password" autocomplete="current-password" required />
              <button class="btn btn--danger">Delete my account</button>
            </form>
          </>
        ) : (
          <p class="muted">Staff accounts are removed by an administrator on the Staff page.</p>
        )}
      </section>
    </Layout>
  )
}
