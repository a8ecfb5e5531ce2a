import type { Role } from './tables.js'

export interface SignedInUser {
  id: number; name: string; email: string; role: Role; slug: string
  /** False for a member who has not yet opened the link mailed at registration. */
  emailConfirmed: boolean
}

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

/**
 * A signed-in member who has not confirmed their email address yet. They can
 * sign in, read and manage their account, but post (and receive mail) only
 * once the address is shown to be theirs, so nobody can register someone
 * else's address and speak or subscribe under it.
 */
export function needsEmailConfirmation(actor: Actor): boolean {
  return actor.kind === 'user' && !actor.user.emailConfirmed
}

/** What an unconfirmed member is told when they try to post. */
export const UNCONFIRMED_MESSAGE = 'Please confirm your email address before posting: open the link we mailed you, or ask for a new one at the top of this page.'
