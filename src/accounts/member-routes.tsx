import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { emptyForm, parseForm, type FormState } from '../http/forms.js'
import type { Actor } from './actor.js'
import { anyone } from './admin-routes.js'
import { stampForm } from '../http/form-stamp.js'
import { perIp } from '../http/ip-limits.js'
import {
  accountSummary, confirmEmail, deleteOwnAccount, registerMember, requestPasswordReset, resendConfirmation, resetPassword, MAIL_INTERVAL_MS,
} from './members.js'
import { setSessionCookie, SESSION_COOKIE } from './routes.js'
import { BackField, CheckEmailQuery, DeleteAccountFields, ForgotFields, RegisterFields, ResetFields, TokenParam, safeNext } from './schemas.js'
import { peekToken } from './tokens.js'
import { tooManyMessage } from './attempts.js'
import {
  AccountPage, CheckEmailPage, ConfirmEmailPage, ForgotPage, LinkExpiredPage, RegisterPage, ResetPage,
} from './views/MemberPages.js'

/** What accounts needs from modules it must not import (they import accounts): wired in app.ts. */
export interface AccountHooks {
  /** Whether a forum guest, other than the one this browser posts as, goes by this name. */
  guestHoldsName(req: FastifyRequest, name: string): Promise<boolean>
  /** Inside the transaction that deletes a member: what other modules keep about them is anonymised. */
  forgetMember(trx: Db, member: { id: number; email: string }, now: Date): Promise<void>
}

// Per IP, counted in the database, on top of the per-account mail interval in members.ts: these
// forms send mail to whatever address is typed, so a script must not be able
// to use the site to flood inboxes or probe for accounts.
const limit = (max: number, minutes: number) => ({ readOnly: true, ...perIp(max, minutes) })

const signedIn = (req: FastifyRequest) => req.actor as Extract<Actor, { kind: 'user' }>

export function memberRoutes(app: FastifyInstance, deps: Deps, hooks: AccountHooks) {
  const registerPage = (req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) =>
    render(req, reply, <RegisterPage form={form} stamp={stampForm(deps, 'account-form')} />, status)

  app.get('/account/register', async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect('/account', 303)
    return registerPage(req, reply, emptyForm())
  })

  app.post('/account/register', { preHandler: app.csrfProtection, config: limit(10, 60) }, async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect('/account', 303)
    const form = parseForm(RegisterFields, req.body)
    if (!form.ok) return registerPage(req, reply, form.state, 422)
    const v = form.value
    const result = await registerMember(deps, { name: v.name, email: v.email, password: v.password, honeypot: v.website, stamp: v.stamp },
      (name) => hooks.guestHoldsName(req, name))
    const again = (errors: Record<string, string>) => registerPage(req, reply, { values: form.state.values, errors }, 422)
    switch (result.kind) {
      case 'check-email': return reply.redirect('/account/check-email?for=register', 303)
      case 'name-taken': return again({ name: 'That display name is taken. Please choose another.' })
      case 'honeypot': return again({ _form: 'We could not accept this form. If an autofill tool filled in a hidden field, please press Create account again.' })
      case 'too-fast': return again({ _form: 'That was quicker than we expect from a person. Please check your details, then press Create account again.' })
      case 'expired-form': return again({ _form: 'This form was open for a long time. Please press Create account again.' })
    }
  })

  app.get('/account/check-email', async (req, reply) => {
    const reason = CheckEmailQuery.parse(req.query).for
    return render(req, reply, <CheckEmailPage reason={reason} />)
  })

  const token = (req: FastifyRequest) => {
    const p = TokenParam.safeParse(req.params)
    return p.success ? p.data.token : null
  }

  app.get('/account/confirm/:token', async (req, reply) => {
    const t = token(req)
    const found = t ? await peekToken(deps, t, 'confirm-email') : undefined
    if (!t || !found) return render(req, reply, <LinkExpiredPage what="confirm" />, 404)
    return render(req, reply, <ConfirmEmailPage token={t} name={found.name} />)
  })

  app.post('/account/confirm/resend', { preHandler: app.csrfProtection, config: { ...anyone, ...limit(5, 15) } }, async (req, reply) => {
    const back = safeNext(parseForm(BackField, req.body).state.values.back, '/account')
    const result = await resendConfirmation(deps, signedIn(req).user)
    switch (result.kind) {
      // The flash cookie is signed, not encrypted: no email address goes in it.
      case 'sent': return flash(reply, 'We sent a new link to your email address.').redirect(back, 303)
      case 'too-soon': return flash(reply, `We sent you a link less than ${Math.ceil(MAIL_INTERVAL_MS / 60_000)} minutes ago. Please look for it (and in your spam folder) before asking again.`).redirect(back, 303)
      case 'already-confirmed': return flash(reply, 'Your email address is already confirmed.').redirect(back, 303)
    }
  })

  app.post('/account/confirm/:token', { preHandler: app.csrfProtection, config: limit(20, 15) }, async (req, reply) => {
    const t = token(req)
    const result = t ? await confirmEmail(deps, t) : { kind: 'invalid' as const }
    if (result.kind === 'invalid') return render(req, reply, <LinkExpiredPage what="confirm" />, 404)
    if (req.actor.kind === 'user' && req.actor.user.id === result.userId) {
      return flash(reply, 'Thank you: your email address is confirmed. You can post as a member now.').redirect('/account', 303)
    }
    return flash(reply, 'Thank you: your email address is confirmed. Sign in to post as a member.').redirect('/sign-in?next=%2F', 303)
  })

  app.get('/account/forgot', async (req, reply) => render(req, reply, <ForgotPage form={emptyForm()} />))

  app.post('/account/forgot', { preHandler: app.csrfProtection, config: limit(5, 15) }, async (req, reply) => {
    const form = parseForm(ForgotFields, req.body)
    if (!form.ok) return render(req, reply, <ForgotPage form={form.state} />, 422)
    await requestPasswordReset(deps, form.value.email)
    return reply.redirect('/account/check-email?for=reset', 303)
  })

  app.get('/account/reset/:token', async (req, reply) => {
    const t = token(req)
    const found = t ? await peekToken(deps, t, 'reset-password') : undefined
    if (!t || !found) return render(req, reply, <LinkExpiredPage what="reset" />, 404)
    return render(req, reply, <ResetPage token={t} email={found.email} form={emptyForm()} />)
  })

  app.post('/account/reset/:token', { preHandler: app.csrfProtection, config: limit(10, 15) }, async (req, reply) => {
    const t = token(req)
    const found = t ? await peekToken(deps, t, 'reset-password') : undefined
    if (!t || !found) return render(req, reply, <LinkExpiredPage what="reset" />, 404)
    const form = parseForm(ResetFields, req.body)
    if (!form.ok) return render(req, reply, <ResetPage token={t} email={found.email} form={form.state} />, 422)
    const result = await resetPassword(deps, t, form.value.password)
    if (result.kind === 'invalid') return render(req, reply, <LinkExpiredPage what="reset" />, 404)
    setSessionCookie(deps, reply, result.token)
    return flash(reply, 'Your new password is saved, and you are signed in. Every other browser has been signed out.').redirect(result.staff ? '/admin' : '/account', 303)
  })

  const accountPage = async (req: FastifyRequest, reply: FastifyReply, deleteForm: FormState, status?: number) =>
    render(req, reply, <AccountPage account={await accountSummary(deps, signedIn(req).user.id)} deleteForm={deleteForm} />, status)

  app.get('/account', { config: anyone }, async (req, reply) => accountPage(req, reply, emptyForm()))

  app.post('/account/delete', { preHandler: app.csrfProtection, config: anyone }, async (req, reply) => {
    const form = parseForm(DeleteAccountFields, req.body)
    if (!form.ok) return accountPage(req, reply, form.state, 422)
    const result = await deleteOwnAccount(deps, signedIn(req), { password: form.value.password, ip: req.ip }, hooks.forgetMember)
    switch (result.kind) {
      case 'deleted':
        reply.clearCookie(SESSION_COOKIE, { path: '/' })
        return flash(reply, 'Your account is deleted. Thank you for having been part of the community.').redirect('/', 303)
      case 'wrong-password': return accountPage(req, reply, { values: {}, errors: { password: 'That is not your password.' } }, 422)
      case 'staff': return accountPage(req, reply, { values: {}, errors: { _form: 'Staff accounts are removed by an administrator.' } }, 403)
      case 'too-many':
        reply.header('retry-after', String(result.retryAfterSeconds))
        return accountPage(req, reply, { values: {}, errors: { _form: tooManyMessage(result.retryAfterSeconds) } }, 429)
    }
  })

}
