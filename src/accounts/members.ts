import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { shortId } from '../http/signing.js'
import { recordAudit } from '../db/audit.js'
import { BACKOFFICE_ROLES, type SignedInUser } from './actor.js'
import { hashPassword, verifyPassword } from './passwords.js'
import {
  accountNameTaken, deleteSessionsOf, deleteTokensOf, findAccountSummary, findCredentials, findMailRecipient, findRoleAndConfirmation,
  findUserByEmail, insertUser, markEmailConfirmed, setPasswordHash, slugTaken, tombstoneUser,
} from './queries.js'
import { checkFormTiming, readStamp } from '../http/form-stamp.js'
import { lockKeys } from '../db/locks.js'
import { consumeToken, issueToken, lastMailed, retireTokens } from './tokens.js'
import { alreadyRegisteredMail, confirmEmailMail, resetPasswordMail } from './member-mail.js'
import { slugify, startSession } from './sessions.js'
import { admitAttempt } from './attempts.js'

// Reader accounts. A member registers with a display name, an address and a
// password; the address is confirmed by a mailed link before they may post.
// Nothing a form answers tells a stranger whether an address has an account:
// registering a known address mails its owner instead, and "forgot password"
// says the same thing whether or not the address is known.

/** No new link of one kind to one account more often than this (the sender sees "check your mail" either way). */
export const MAIL_INTERVAL_MS = 2 * 60_000

/** What a deleted member's posts show instead of their name; also a name nobody can register. */
export const DELETED_MEMBER_NAME = 'Deleted member'

// Names that would read as the site speaking, or as nobody in particular.
const RESERVED_NAMES = new Set([
  DELETED_MEMBER_NAME, 'admin', 'administrator', 'moderator', 'mod', 'staff', 'editor', 'guest', 'anonymous', 'member', 'system', 'support',
].map((n) => n.toLowerCase()))

/** Names compare as people read them: case, width and repeated spaces do not make a new name. */
export const nameKey = (name: string) => name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase()

async function nameOfAnAccount(db: Db, name: string): Promise<boolean> {
  return accountNameTaken(db, nameKey(name))
}

/**
 * Whether a name is spoken for: a reserved word, or the name of an account
 * (staff or member). Registration and forum guests ask the same question, so
 * a guest can't post as "Admin" or as a member.
 */
export async function nameIsTaken(db: Db, name: string): Promise<boolean> {
  return RESERVED_NAMES.has(nameKey(name)) || nameOfAnAccount(db, name)
}

const site = (deps: Pick<Deps, 'config'>) => ({ url: deps.config.siteUrl, title: deps.config.siteTitle })

export interface RegisterInput { name: string; email: string; password: string; honeypot: string | undefined; stamp: string | undefined }

export type RegisterResult =
  | { kind: 'check-email' }
  | { kind: 'name-taken' }
  | { kind: 'honeypot' }
  | { kind: 'too-fast' }
  | { kind: 'expired-form' }

/**
 * Registers a member, or mails the owner of an address that already has an
 * account. Both answer 'check-email', so the page after the form is the same.
 * A display name may not be an account's (staff or member), a reserved word,
 * or a name a forum guest posts under (unless that guest is this browser:
 * `nameHeldByGuest` knows). Once registered, the name is an account's, and
 * the forum refuses it to guests.
 */
export async function registerMember(
  deps: Deps, input: RegisterInput, nameHeldByGuest: (name: string) => Promise<boolean>,
): Promise<RegisterResult> {
  if (input.honeypot) return { kind: 'honeypot' }
  const timing = checkFormTiming(readStamp(deps, input.stamp, 'account-form'), deps.clock.now())
  if (timing === 'too-fast') return { kind: 'too-fast' }
  if (timing === 'expired') return { kind: 'expired-form' }
  const name = input.name.normalize('NFKC').replace(/\s+/g, ' ').trim()
  const email = input.email.trim().toLowerCase()
  if (RESERVED_NAMES.has(nameKey(name)) || await nameHeldByGuest(name)) return { kind: 'name-taken' }
  // Hashed on both paths, so the answer takes as long for a known address.
  const passwordHash = await hashPassword(input.password)
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx): Promise<RegisterResult> => {
    // One registration per name and per address at a time (db/locks.ts).
    await lockKeys(deps, trx, 'accounts', [`name:${nameKey(name)}`, `email:${email}`])
    // The name first: checked after the address, a taken name would tell a
    // stranger whether the address has an account.
    if (await nameOfAnAccount(trx, name)) return { kind: 'name-taken' }
    const existing = await findUserByEmail(trx, email)
    if (existing) {
      // Told only to the address's owner, at most once per interval.
      const last = await lastMailed(trx, existing.id, 'signup-notice')
      if (existing.disabled_at || (last && now.getTime() - last.getTime() < MAIL_INTERVAL_MS)) return { kind: 'check-email' }
      await issueToken(deps, trx, existing, 'signup-notice')
      const confirm = existing.email_confirmed_at ? null : await issueToken(deps, trx, existing, 'confirm-email')
      await deps.jobs.enqueue('mail.send', alreadyRegisteredMail(site(deps), existing.email, confirm), {}, trx)
      return { kind: 'check-email' }
    }
    const base = slugify(name) || 'member'
    let slug = base
    for (let i = 2; await slugTaken(trx, slug); i++) slug = `${base}-${i}`
    const userId = await insertUser(trx, { email, name, slug, role: 'member', passwordHash, now: iso(now), confirmed: false })
    const token = await issueToken(deps, trx, { id: userId, email }, 'confirm-email')
    await deps.jobs.enqueue('mail.send', confirmEmailMail(site(deps), email, name, token), {}, trx)
    return { kind: 'check-email' }
  })
}

export type ConfirmEmailResult = { kind: 'confirmed'; userId: number } | { kind: 'invalid' }

/** Confirms the address behind a mailed link; the link is used up, and so are its siblings. */
export async function confirmEmail(deps: Pick<Deps, 'db' | 'secrets' | 'clock'>, token: string): Promise<ConfirmEmailResult> {
  const now = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<ConfirmEmailResult> => {
    const userId = await consumeToken(deps, trx, token, 'confirm-email')
    if (userId === null) return { kind: 'invalid' }
    await markEmailConfirmed(trx, userId, now)
    await retireTokens(trx, userId, 'confirm-email', now)
    return { kind: 'confirmed', userId }
  })
}

export type ResendResult = { kind: 'sent' } | { kind: 'too-soon'; minutes: number } | { kind: 'already-confirmed' }

/** Mails a signed-in, unconfirmed member a fresh confirmation link (not more often than MAIL_INTERVAL_MS). */
export async function resendConfirmation(deps: Deps, user: SignedInUser): Promise<ResendResult> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx): Promise<ResendResult> => {
    const row = await findMailRecipient(trx, user.id)
    if (row.email_confirmed_at) return { kind: 'already-confirmed' }
    const last = await lastMailed(trx, row.id, 'confirm-email')
    if (last && now.getTime() - last.getTime() < MAIL_INTERVAL_MS) return { kind: 'too-soon', minutes: Math.ceil(MAIL_INTERVAL_MS / 60_000) }
    const token = await issueToken(deps, trx, row, 'confirm-email')
    await deps.jobs.enqueue('mail.send', confirmEmailMail(site(deps), row.email, row.name, token), {}, trx)
    return { kind: 'sent' }
  })
}

/**
 * Mails a reset link if the address has an active account; does nothing
 * otherwise. The caller says the same in both cases, so the form tells
 * nobody which addresses have accounts.
 */
export async function requestPasswordReset(deps: Deps, email: string): Promise<{ kind: 'check-email' }> {
  const now = deps.clock.now()
  await deps.db.transaction().execute(async (trx) => {
    const user = await findUserByEmail(trx, email)
    if (!user || user.disabled_at) return
    const last = await lastMailed(trx, user.id, 'reset-password')
    if (last && now.getTime() - last.getTime() < MAIL_INTERVAL_MS) return
    const token = await issueToken(deps, trx, user, 'reset-password')
    await deps.jobs.enqueue('mail.send', resetPasswordMail(site(deps), user.email, user.name, token), {}, trx)
  })
  return { kind: 'check-email' }
}

export type ResetResult = { kind: 'reset'; token: string; userId: number; staff: boolean } | { kind: 'invalid' }

/**
 * Sets a new password through a mailed link: the link is used up, every
 * session of the account ends, and this browser gets a fresh one. Opening the
 * mail also shows the address is theirs, so an unconfirmed one is confirmed.
 */
export async function resetPassword(deps: Pick<Deps, 'db' | 'secrets' | 'clock'>, token: string, password: string): Promise<ResetResult> {
  const hash = await hashPassword(password)
  const now = iso(deps.clock.now())
  const done = await deps.db.transaction().execute(async (trx) => {
    const userId = await consumeToken(deps, trx, token, 'reset-password')
    if (userId === null) return null
    const user = await findRoleAndConfirmation(trx, userId)
    await setPasswordHash(trx, userId, hash, now, user.email_confirmed_at ?? now)
    await deleteSessionsOf(trx, userId)
    await retireTokens(trx, userId, 'reset-password', now)
    await recordAudit(trx, { actorUserId: userId, action: 'account.reset-password', subjectType: 'user', subjectId: String(userId), at: now })
    return { userId, staff: user.role !== 'member' }
  })
  if (!done) return { kind: 'invalid' }
  return { kind: 'reset', token: await startSession(deps, done.userId), ...done }
}

export type DeleteAccountResult = { kind: 'deleted' } | { kind: 'wrong-password' } | { kind: 'staff' } | { kind: 'too-many'; retryAfterSeconds: number }

/**
 * Deletes a member's account after checking their password. Their posts stay
 * (a reply makes no sense without what it answers) but show "Deleted member";
 * `forget` lets the discussion module rewrite them in the same transaction.
 * The users row stays as an anonymous tombstone, so posts, flags and the audit
 * log keep a valid reference; name, address and password are gone, and every
 * session and mailed link ends. Staff accounts are removed by an administrator.
 */
export async function deleteOwnAccount(
  deps: Pick<Deps, 'db' | 'clock' | 'secrets'>, actor: { user: SignedInUser }, input: { password: string; ip: string },
  forget: (trx: Db, member: { id: number; email: string }, now: Date) => Promise<void>,
): Promise<DeleteAccountResult> {
  if (BACKOFFICE_ROLES.includes(actor.user.role)) return { kind: 'staff' }
  const { password } = input
  // The password check counts as a sign-in attempt (attempts.ts).
  const admission = await admitAttempt(deps, 'password', { email: actor.user.email, ip: input.ip })
  if (admission.kind === 'too-many') return admission
  const row = await findCredentials(deps.db, actor.user.id)
  if (!(await verifyPassword(row.password_hash, password))) return { kind: 'wrong-password' }
  const now = deps.clock.now()
  await deps.db.transaction().execute(async (trx) => {
    await forget(trx, { id: actor.user.id, email: row.email }, now)
    const tomb = `deleted-${actor.user.id}-${shortId(6)}`
    await tombstoneUser(trx, actor.user.id, tomb, DELETED_MEMBER_NAME, iso(now))
    await deleteSessionsOf(trx, actor.user.id)
    await deleteTokensOf(trx, actor.user.id)
    await recordAudit(trx, { actorUserId: actor.user.id, action: 'account.delete', subjectType: 'user', subjectId: String(actor.user.id), at: iso(now) })
  })
  return { kind: 'deleted' }
}

/** What the account page shows about its owner. */
export function accountSummary(deps: Pick<Deps, 'db'>, userId: number) {
  return findAccountSummary(deps.db, userId)
}
export type AccountSummary = Awaited<ReturnType<typeof accountSummary>>
