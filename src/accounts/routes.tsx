import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Deps } from '../deps.js'
import { isBackOffice, type Actor } from './actor.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { emptyForm, parseForm } from '../http/forms.js'
import { NotFound } from '../http/errors.js'
import { NextQuery, SetupFields, SignInFields, safeNext } from './schemas.js'
import { tooManyMessage } from './attempts.js'
import { setUpFirstAdmin, signIn, signOut, SESSION_TTL_MS } from './sessions.js'
import { hasAdmin } from './queries.js'
import { SetupPage, SignInPage } from './views/SignInPage.js'

export const SESSION_COOKIE = 'crown_session'

/** Where a signed-in person lands when nothing else is asked for: staff at the dashboard, members on the site. */
export const homeOf = (actor: Actor) => (isBackOffice(actor) ? '/admin' : '/')

export function setSessionCookie(deps: Deps, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.siteUrl.startsWith('https://'), maxAge: SESSION_TTL_MS / 1000,
  })
  // A new CSRF secret goes with the new session.
  reply.clearCookie('crown_csrf', { path: '/' })
}

export function accountRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/sign-in', async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect(homeOf(req.actor), 303)
    const next = NextQuery.parse(req.query).next ?? ''
    return render(req, reply, <SignInPage form={emptyForm({ next })} setupOpen={!(await hasAdmin(deps.db))} />)
  })

  // Attempts are counted per account and per IP in the use case (attempts.ts),
  // once the email is known: a limit keyed before the body is parsed cannot see it.
  app.post('/sign-in', { preHandler: app.csrfProtection, config: { readOnly: true } }, async (req, reply) => {
    const form = parseForm(SignInFields, req.body)
    if (!form.ok) return render(req, reply, <SignInPage form={form.state} />, 422)
    const result = await signIn(deps, { email: form.value.email, password: form.value.password, ip: req.ip, previousToken: req.cookies[SESSION_COOKIE] })
    switch (result.kind) {
      case 'signed-in':
        setSessionCookie(deps, reply, result.token)
        return reply.redirect(safeNext(form.value.next, result.staff ? '/admin' : '/'), 303)
      case 'bad-credentials':
        return render(req, reply, <SignInPage form={form.state} message="That email and password do not match an account." />, 422)
      case 'disabled':
        return render(req, reply, <SignInPage form={form.state} message="This account has been disabled." />, 403)
      case 'too-many':
        reply.header('retry-after', String(result.retryAfterSeconds))
        return render(req, reply, <SignInPage form={form.state} message={tooManyMessage(result.retryAfterSeconds)} />, 429)
    }
  })

  app.post('/sign-out', { preHandler: app.csrfProtection, config: { readOnly: true } }, async (req, reply) => {
    await signOut(deps, req.cookies[SESSION_COOKIE])
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return flash(reply, 'You are signed out.').redirect('/', 303)
  })

  app.get('/setup', async (req, reply) => {
    if (await hasAdmin(deps.db)) throw new NotFound()
    return render(req, reply, <SetupPage form={emptyForm()} />)
  })

  app.post('/setup', { preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(SetupFields, req.body)
    if (!form.ok) return render(req, reply, <SetupPage form={form.state} />, 422)
    const result = await setUpFirstAdmin(deps, { name: form.value.name, email: form.value.email, password: form.value.password, ip: req.ip })
    switch (result.kind) {
      case 'created':
        setSessionCookie(deps, reply, result.token)
        return flash(reply, 'Your site is ready. Welcome!').redirect('/admin', 303)
      case 'already-set-up':
        throw new NotFound()
      case 'too-many':
        reply.header('retry-after', String(result.retryAfterSeconds))
        return render(req, reply, <SetupPage form={{ values: form.state.values, errors: { _form: tooManyMessage(result.retryAfterSeconds) } }} />, 429)
    }
  })
}
