import type { Deps } from '../deps.js'
import { iso, addMs } from '../clock.js'
import { randomToken, sha256 } from '../http/signing.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { hasAdmin, deleteSession, findUserByEmail, insertSession, insertUser, slugTaken } from './queries.js'
import type { Role } from './tables.js'
import { admitAttempt } from './attempts.js'
import { slugify } from '../http/slug.js'

/** A session ends 30 days after sign-in, used or not; unused for config.sessionIdleMs, sooner. */
export const SESSION_TTL_MS = 30 * 24 * 3600_000
/**
 * How stale last_seen_at may grow before a request writes it again: the idle
 * timeout is days long, so an hour's slack costs nothing and keeps page views
 * from each queueing a write behind SQLite's one writer.
 */
export const SESSION_TOUCH_MS = 3600_000

export type SignInResult =
  | { kind: 'signed-in'; token: string; userId: number; staff: boolean }
  | { kind: 'bad-credentials' } | { kind: 'disabled' } | { kind: 'too-many'; retryAfterSeconds: number }

/**
 * Checks the password and starts a fresh session. Any session the browser
 * held before is ended, so the session id always changes at sign-in. Every
 * attempt counts against the account and the IP (attempts.ts), before the
 * password is checked.
 */
export async function signIn(
  deps: Pick<Deps, 'db' | 'clock' | 'secrets'>, input: { email: string; password: string; ip: string; previousToken?: string },
): Promise<SignInResult> {
  const { email, password, previousToken } = input
  const admission = await admitAttempt(deps, 'password', { email, ip: input.ip })
  if (admission.kind === 'too-many') return admission
  const user = await findUserByEmail(deps.db, email)
  const ok = await verifyPassword(user?.password_hash, password)
  if (!user || !ok) return { kind: 'bad-credentials' }
  if (user.disabled_at) return { kind: 'disabled' }
  if (previousToken) await deleteSession(deps.db, sha256(previousToken))
  const token = await startSession(deps, user.id)
  return { kind: 'signed-in', token, userId: user.id, staff: user.role !== 'member' }
}

export async function startSession(deps: Pick<Deps, 'db' | 'clock'>, userId: number): Promise<string> {
  const token = randomToken(32)
  const now = deps.clock.now()
  await insertSession(deps.db, { id: sha256(token), userId, now: iso(now), expiresAt: iso(addMs(now, SESSION_TTL_MS)) })
  return token
}

export async function signOut(deps: Pick<Deps, 'db'>, token: string | undefined) {
  if (token) await deleteSession(deps.db, sha256(token))
}

export type CreateUserResult = { kind: 'created'; userId: number } | { kind: 'email-taken' }

/** Creates a staff or member account with a unique public slug. */
export async function createUser(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { email: string; name: string; password: string; role: Role; bio?: string },
): Promise<CreateUserResult> {
  const email = input.email.trim().toLowerCase()
  if (await findUserByEmail(deps.db, email)) return { kind: 'email-taken' }
  const base = slugify(input.name) || 'author'
  let slug = base
  for (let i = 2; await slugTaken(deps.db, slug); i++) slug = `${base}-${i}`
  const userId = await insertUser(deps.db, {
    email, name: input.name.trim(), slug, role: input.role, bio: input.bio,
    passwordHash: await hashPassword(input.password), now: iso(deps.clock.now()),
  })
  return { kind: 'created', userId }
}

export type SetupResult = { kind: 'created'; token: string } | { kind: 'already-set-up' } | { kind: 'too-many'; retryAfterSeconds: number }

/**
 * Creates the first admin on a fresh site; refuses once an admin exists. (The
 * demo seed creates editors, so "no accounts at all" would lock the owner out.)
 */
export async function setUpFirstAdmin(
  deps: Pick<Deps, 'db' | 'clock' | 'secrets'>, input: { email: string; name: string; password: string; ip: string },
): Promise<SetupResult> {
  if (await hasAdmin(deps.db)) return { kind: 'already-set-up' }
  const admission = await admitAttempt(deps, 'setup', input)
  if (admission.kind === 'too-many') return admission
  const created = await createUser(deps, { email: input.email, name: input.name, password: input.password, role: 'admin' })
  if (created.kind !== 'created') return { kind: 'already-set-up' }
  return { kind: 'created', token: await startSession(deps, created.userId) }
}

export { slugify } from '../http/slug.js'
