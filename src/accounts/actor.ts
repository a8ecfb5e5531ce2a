import type { Role } from './tables.js'

export interface SignedInUser {
  id: number; name: string; email: string; role: Role; slug: string
  /** False for a member who has not yet opened the link mailed at registration. */
  emailConfirmed: boolean
}

/** Who is asking: a signed-in user or an anonymous visitor. Every lookup is scoped by it. */
export type Actor = { kind: 'anonymous' } | { kind: 'user'; user: SignedInUser; sessionId: string }

export const anonymous: Actor = { kind: 'anonymous' }

// Staff in the discussion sense: they moderate, see held posts, post past
// the rules for guests. A shop manager works in the back office (BACKOFFICE_ROLES)
// but is not staff here: running the shop gives no say over the forum.
export const STAFF_ROLES: readonly Role[] = ['admin', 'editor', 'moderator']
export const BACKOFFICE_ROLES: readonly Role[] = [...STAFF_ROLES, 'shop_manager']

/**
 * The part of an Actor the rules below read. Views hold a Viewer
 * (views/context.ts), the same shape without accounts' types, and the rules
 * take it too.
 */
type Asker = { kind: 'anonymous' } | { kind: 'user'; user: { role: string; emailConfirmed: boolean } }

const roleOf = (actor: Asker): string | null => (actor.kind === 'user' ? actor.user.role : null)

export function isStaff<A extends Asker>(actor: A): actor is Extract<A, { kind: 'user' }> {
  const role = roleOf(actor)
  return role !== null && (STAFF_ROLES as readonly string[]).includes(role)
}

/** Anyone with a staff account of any kind: the staff bar, /admin, no self-deletion. */
export function isBackOffice<A extends Asker>(actor: A): actor is Extract<A, { kind: 'user' }> {
  const role = roleOf(actor)
  return role !== null && (BACKOFFICE_ROLES as readonly string[]).includes(role)
}

export function hasRole<A extends Asker>(actor: A, ...roles: Role[]): actor is Extract<A, { kind: 'user' }> {
  const role = roleOf(actor)
  return role !== null && (roles as string[]).includes(role)
}

/**
 * A signed-in member who has not confirmed their email address yet. They can
 * sign in, read and manage their account, but post (and receive mail) only
 * once the address is shown to be theirs, so nobody can register someone
 * else's address and speak or subscribe under it.
 */
export function needsEmailConfirmation(actor: Asker): boolean {
  return actor.kind === 'user' && !actor.user.emailConfirmed
}

/** What an unconfirmed member is told when they try to post. */
export const UNCONFIRMED_MESSAGE = 'Please confirm your email address before posting: open the link we mailed you, or ask for a new one at the top of this page.'
