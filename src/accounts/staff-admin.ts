import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { recordAudit } from '../db/audit.js'
import type { SignedInUser } from './actor.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { createUser } from './sessions.js'
import type { Role } from './tables.js'
import { admitAttempt } from './attempts.js'
import { countActiveAdmins, deleteSessionsOf, findAccountStanding, findCredentials, listStaffAccounts, setDisabled, setPasswordHash, setRole } from './queries.js'

export const ASSIGNABLE_ROLES: Role[] = ['admin', 'editor', 'moderator', 'shop_manager']

/** Staff accounts, for the Staff page; members (readers who registered) are not listed there. */
export function listAccounts(deps: Pick<Deps, 'db'>) {
  return listStaffAccounts(deps.db)
}
export type AccountRow = Awaited<ReturnType<typeof listAccounts>>[number]

export type AddStaffResult = { kind: 'added'; userId: number } | { kind: 'email-taken' }

/** An admin adds a staff member with a first password they pass on; the person changes it at /account/password. */
export async function addStaffMember(deps: Pick<Deps, 'db' | 'clock'>, admin: SignedInUser, input: { name: string; email: string; role: Role; password: string }): Promise<AddStaffResult> {
  const created = await createUser(deps, input)
  if (created.kind === 'email-taken') return created
  await recordAudit(deps.db, { actorUserId: admin.id, action: 'staff.add', subjectType: 'user', subjectId: String(created.userId), detail: `${input.email} as ${input.role}`, at: iso(deps.clock.now()) })
  return { kind: 'added', userId: created.userId }
}

export type ChangeAccountResult = { kind: 'changed' } | { kind: 'not-found' } | { kind: 'last-admin' } | { kind: 'self' }

/**
 * Changes a role or disables/enables an account. The site always keeps one
 * active admin, and nobody disables or demotes themselves (ask another admin).
 */
export async function changeAccount(
  deps: Pick<Deps, 'db' | 'clock'>, admin: SignedInUser, userId: number, change: { role: Role } | { disabled: boolean },
): Promise<ChangeAccountResult> {
  if (userId === admin.id) return { kind: 'self' }
  const now = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<ChangeAccountResult> => {
    const user = await findAccountStanding(trx, userId)
    if (!user) return { kind: 'not-found' }
    const losesAdmin = user.role === 'admin' && !user.disabled_at && ('role' in change ? change.role !== 'admin' : change.disabled)
    if (losesAdmin) {
      if (await countActiveAdmins(trx) <= 1) return { kind: 'last-admin' }
    }
    if ('role' in change) {
      await setRole(trx, userId, change.role, now)
      await recordAudit(trx, { actorUserId: admin.id, action: 'staff.role', subjectType: 'user', subjectId: String(userId), detail: `${user.email}: ${user.role} → ${change.role}`, at: now })
    } else {
      await setDisabled(trx, userId, change.disabled ? now : null, now)
      // A disabled account is signed out everywhere at once.
      if (change.disabled) await deleteSessionsOf(trx, userId)
      await recordAudit(trx, { actorUserId: admin.id, action: change.disabled ? 'staff.disable' : 'staff.enable', subjectType: 'user', subjectId: String(userId), detail: user.email, at: now })
    }
    return { kind: 'changed' }
  })
}

export type ChangePasswordResult = { kind: 'changed' } | { kind: 'wrong-password' } | { kind: 'too-many'; retryAfterSeconds: number }

/**
 * Changes the signed-in user's password and ends their other sessions. The
 * current-password check counts as a sign-in attempt (attempts.ts): a stolen
 * session must not become a way to guess the password.
 */
export async function changeOwnPassword(
  deps: Pick<Deps, 'db' | 'clock' | 'secrets'>, user: SignedInUser, sessionId: string, input: { current: string; next: string; ip: string },
): Promise<ChangePasswordResult> {
  const { current, next } = input
  const admission = await admitAttempt(deps, 'password', { email: user.email, ip: input.ip })
  if (admission.kind === 'too-many') return admission
  const row = await findCredentials(deps.db, user.id)
  if (!(await verifyPassword(row.password_hash, current))) return { kind: 'wrong-password' }
  const now = iso(deps.clock.now())
  const hash = await hashPassword(next)
  await deps.db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, user.id, hash, now)
    await deleteSessionsOf(trx, user.id, sessionId)
    await recordAudit(trx, { actorUserId: user.id, action: 'account.password', subjectType: 'user', subjectId: String(user.id), at: now })
  })
  return { kind: 'changed' }
}
