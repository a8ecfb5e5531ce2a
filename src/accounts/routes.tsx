import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { isStaff, type Actor } from './actor.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { emptyForm, parseForm } from '../http/forms.js'
import { NotFound } from '../http/errors.js'
import { SetupFields, SignInFields, safeNext } from './schemas.js'
import { setUpFirstAdmin, signIn, signOut, SESSION_TTL_MS } from './sessions.js'
import { hasAdmin } from './queries.js'
import { SetupPage, SignInPage } from './views/SignInPage.js'

export const SESSION_COOKIE = 'crown_session'

/** Where a signed-in person lands when nothing else is asked for: staff at the dashboard, members on the site. */
export const homeOf = (actor: Actor) => (isStaff(actor) ? '/admin' : '/')

export function setSessionCookie(deps: Deps, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.siteUrl.startsWith('https://'), maxAge: SESSION_TTL_MS / 1000,
  })
  // A new CSRF secret goes with the new session.
  reply.clearCookie('crown_csrf', { path: '/' })
}

export function accountRoutes(app: FastifyInstance, deps: Deps) {
  const signInLimit = {
    readOnly: true,
    rateLimit: {
      max: 10,
      timeWindow: '5 minutes',
      // Per address and per account: a botnet spread over IPs still meets the
      // per-email bucket.
      keyGenerator: (req: FastifyRequest) => `${req.ip}|${String((req.body as Record<string, unknown> | undefined)?.email ?? '').toLowerCase().slice(0, 200)}`,
    },
  }

  app.get('/sign-in', async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect(homeOf(req.actor), 303)
    const next = (req.query as Record<string, string>).next ?? ''
    return render(req, reply, <SignInPage form={emptyForm({ next })} setupOpen={!(await hasAdmin(deps.db))} />)
  })

  app.post('/sign-in', { preHandler: app.csrfProtection, config: signInLimit }, async (req, reply) => {
    const form = parseForm(SignInFields, req.body)
    if (!form.ok) return render(req, reply, <SignInPage form={form.state} />, 422)
    const result = await signIn(deps, form.value.email, form.value.password, req.cookies[SESSION_COOKIE])
    switch (result.kind) {
      case 'signed-in':
        setSessionCookie(deps, reply, result.token)
        return reply.redirect(safeNext(form.value.next, result.staff ? '/admin' : '/'), 303)
      case 'bad-credentials':
        return render(req, reply, <SignInPage form={form.state} message="That email and password do not match an account." />, 422)
      case 'disabled':
        return render(req, reply, <SignInPage form={form.state} message="This account has been disabled." />, 403)
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

  app.post('/setup', { preHandler: app.csrfProtection, config: signInLimit }, async (req, reply) => {
    const form = parseForm(SetupFields, req.body)
    if (!form.ok) return render(req, reply, <SetupPage form={form.state} />, 422)
    const result = await setUpFirstAdmin(deps, form.value)
    switch (result.kind) {
      case 'created':
        setSessionCookie(deps, reply, result.token)
        return flash(reply, 'Your site is ready. Welcome!').redirect('/admin', 303)
      case 'already-set-up':
        throw new NotFound()
    }
  })
}
