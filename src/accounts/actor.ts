import type { Role } from './tables.js'

export interface SignedInUser { id: number; name: string; email: string; role: Role; slug: string }

/** Who is asking: a signed-in user or an anonymous visitor. Every lookup is scoped by it. */
export type Actor = { kind: 'anonymous' } | { kind: 'user'; user: SignedInUser; sessionId: string }

export const anonymous: Actor = { kind: 'anonymous' }

export const STAFF_ROLES: readonly Role[] = ['admin', 'editor', 'moderator']

export function isStaff(actor: Actor): actor is Extract<Actor, { kind: 'user' }> {
  return actor.kind === 'user' && STAFF_ROLES.includes(actor.user.role)
}

export function hasRole(actor: Actor, ...roles: Role[]): actor is Extract<Actor, { kind: 'user' }> {
  return actor.kind === 'user' && roles.includes(actor.user.role)
}
