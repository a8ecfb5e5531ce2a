import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { Forbidden } from '../http/errors.js'
import { sha256 } from '../http/signing.js'
import { iso, addMs } from '../clock.js'
import { anonymous, hasRole, type Actor } from './actor.js'
import { findSession, touchSession } from './queries.js'
import { SESSION_TOUCH_MS } from './sessions.js'
import { accountRoutes, SESSION_COOKIE } from './routes.js'
import { staffAdminRoutes } from './admin-routes.js'
import { memberRoutes, type AccountHooks } from './member-routes.js'
import type { Role } from './tables.js'

export * from './actor.js'
export type { Role } from './tables.js'
export { createUser, signIn, startSession, slugify } from './sessions.js'
export { findUserBySlug, findUserByEmail, listStaff, countUsers } from './queries.js'
export { userNamesByIds } from './queries.js'
export { setSessionCookie, SESSION_COOKIE } from './routes.js'
export type { AccountHooks } from './member-routes.js'
export { DELETED_MEMBER_NAME, nameIsTaken } from './members.js'
export { MIN_PASSWORD_LENGTH } from './passwords.js'
export { ensureImportedAccount, type ImportedAccount } from './imports.js'

declare module 'fastify' {
  interface FastifyRequest { actor: Actor }
  interface FastifyContextConfig {
    /** Roles allowed on this route; every /admin route must declare them. */
    roles?: Role[]
  }
}

/** Who may do what in the staff area (admin is everything). */
export const ROLES = {
  staff: ['admin', 'editor', 'moderator', 'shop_manager'] as Role[],
  publishing: ['admin', 'editor'] as Role[],
  moderation: ['admin', 'editor', 'moderator'] as Role[],
  /** the shop: products, stock, orders, shipping, taxes and country rules */
  shop: ['admin', 'shop_manager'] as Role[],
  admin: ['admin'] as Role[],
}

export async function registerAccounts(app: FastifyInstance, deps: Deps, hooks: AccountHooks) {
  app.decorateRequest('actor', null as never)

  // Resolve the visitor once per request; anonymous readers cost no query.
  app.addHook('onRequest', async (req) => {
    req.actor = anonymous
    const token = req.cookies[SESSION_COOKIE]
    if (!token) return
    const now = deps.clock.now()
    const row = await findSession(deps.db, sha256(token), { now: iso(now), idleSince: iso(addMs(now, -deps.config.sessionIdleMs)) })
    if (!row) return
    // last_seen_at moves at most once per SESSION_TOUCH_MS, not on every request.
    if (Date.parse(row.last_seen_at) < now.getTime() - SESSION_TOUCH_MS) await touchSession(deps.db, row.sessionId, iso(now))
    req.actor = { kind: 'user', sessionId: row.sessionId, user: { id: row.id, name: row.name, email: row.email, role: row.role, slug: row.slug, emailConfirmed: row.email_confirmed_at !== null } }
  })

  // Role checks come from route config, so no /admin handler can forget one
  // (admin/routes.test.ts walks every route to prove it).
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path
    if (url.startsWith('/admin') && !route.config?.roles?.length) {
      throw new Error(`Route ${route.method} ${url} has no roles: every /admin route must declare config.roles`)
    }
  })
  app.addHook('preHandler', async (req, reply) => {
    const roles = req.routeOptions.config?.roles
    if (!roles?.length) return
    if (req.actor.kind === 'anonymous') return denyAnonymous(req, reply)
    if (!hasRole(req.actor, ...roles)) throw new Forbidden('Your account does not have access to this page.')
  })

  accountRoutes(app, deps)
  staffAdminRoutes(app, deps)
  memberRoutes(app, deps, hooks)
}

async function denyAnonymous(req: FastifyRequest, reply: FastifyReply) {
  if (req.method === 'GET' || req.method === 'HEAD') {
    return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303)
  }
  throw new Forbidden('Please sign in first.')
}
