import type { Db } from '../db/database.js'
import type { Insertable } from 'kysely'
import type { AccountTokensTable, Role, TokenPurpose } from './tables.js'

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
}

export function findUserBySlug(db: Db, slug: string) {
  return db.selectFrom('users').select(['id', 'name', 'slug', 'bio', 'role']).where('slug', '=', slug).executeTakeFirst()
}

/** Whether the site has an administrator yet; /setup is open only until it does. */
export async function hasAdmin(db: Db): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst())
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('slug', '=', slug).executeTakeFirst())
}

/** Staff accounts are made by an admin or the CLI and count as confirmed; a registering member's is not, until the mailed link. */
export async function insertUser(db: Db, u: { email: string; name: string; slug: string; role: Role; passwordHash: string; bio?: string; now: string; confirmed?: boolean }) {
  const row = await db.insertInto('users').values({
    email: u.email, name: u.name, slug: u.slug, role: u.role, password_hash: u.passwordHash, bio: u.bio ?? '',
    email_confirmed_at: u.confirmed === false ? null : u.now, disabled_at: null, created_at: u.now, updated_at: u.now,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** A live session: not past its end, and used since idleSince. */
export function findSession(db: Db, id: string, at: { now: string; idleSince: string }) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as sessionId', 'sessions.last_seen_at', 'users.id', 'users.name', 'users.email', 'users.role', 'users.slug', 'users.email_confirmed_at'])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', at.now)
    .where('sessions.last_seen_at', '>', at.idleSince)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst()
}

export async function touchSession(db: Db, id: string, now: string) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute()
}

export async function insertSession(db: Db, s: { id: string; userId: number; now: string; expiresAt: string }) {
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, created_at: s.now, expires_at: s.expiresAt, last_seen_at: s.now }).execute()
}

export async function deleteSession(db: Db, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute()
}

export function listStaff(db: Db) {
  return db.selectFrom('users').select(['id', 'name', 'slug', 'email', 'role']).where('role', 'in', ['admin', 'editor', 'moderator', 'shop_manager']).orderBy('name').execute()
}

/** Display names by user id (ids with no user are absent). */
export async function userNamesByIds(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

// Mailed links (tokens.ts): the row holds the token's HMAC, never the token.

export async function insertToken(db: Db, row: Insertable<AccountTokensTable>): Promise<void> {
  await db.insertInto('account_tokens').values(row).execute()
}

/** The account a still-usable link belongs to, while the account still has the address it was mailed to. */
export function findTokenAccount(db: Db, tokenHash: string, purpose: TokenPurpose, now: string) {
  return db.selectFrom('account_tokens')
    .innerJoin('users', 'users.id', 'account_tokens.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.email_confirmed_at'])
    .where('account_tokens.token_hash', '=', tokenHash)
    .where('account_tokens.purpose', '=', purpose)
    .where('account_tokens.used_at', 'is', null)
    .where('account_tokens.expires_at', '>', now)
    .whereRef('account_tokens.email', '=', 'users.email')
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst()
}

/** Marks the link used and returns its account id, or null when unknown, used, expired, or the account changed. */
export async function useToken(db: Db, tokenHash: string, purpose: TokenPurpose, now: string): Promise<number | null> {
  const row = await db.updateTable('account_tokens').set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'email'])
    .executeTakeFirst()
  if (!row) return null
  const user = await db.selectFrom('users').select('id').where('id', '=', row.user_id).where('email', '=', row.email).where('disabled_at', 'is', null).executeTakeFirst()
  return user ? user.id : null
}

/** Ends every other unused link of this kind (a confirmed address or a changed password makes them moot). */
export async function retireTokens(trx: Db, userId: number, purpose: TokenPurpose, now: string) {
  await trx.updateTable('account_tokens').set({ used_at: now })
    .where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute()
}

/** When this account was last mailed a link of this kind, so a button pressed twice (or a script) cannot flood an inbox. */
export async function lastMailed(db: Db, userId: number, purpose: TokenPurpose): Promise<Date | null> {
  const row = await db.selectFrom('account_tokens').select('created_at')
    .where('user_id', '=', userId).where('purpose', '=', purpose)
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst()
  return row ? new Date(row.created_at) : null
}

// Staff accounts (staff-admin.ts) and members' own accounts (members.ts).

/** Staff accounts, for the Staff page; members (readers who registered) are not listed there. */
export function listStaffAccounts(db: Db) {
  return db.selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'slug', 'created_at', 'disabled_at'])
    .where('role', '!=', 'member')
    .orderBy('disabled_at', 'desc').orderBy('role').orderBy('name')
    .execute()
}

/** What changing an account's role or access needs to know about it. */
export function findAccountStanding(db: Db, userId: number) {
  return db.selectFrom('users').select(['id', 'role', 'disabled_at', 'email']).where('id', '=', userId).executeTakeFirst()
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').where('disabled_at', 'is', null).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function setRole(db: Db, userId: number, role: Role, now: string): Promise<void> {
  await db.updateTable('users').set({ role, updated_at: now }).where('id', '=', userId).execute()
}

/** Disables the account (disabledAt set) or enables it again (null). */
export async function setDisabled(db: Db, userId: number, disabledAt: string | null, now: string): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabledAt, updated_at: now }).where('id', '=', userId).execute()
}

/** The account's password hash and address (throws when there is no such account). */
export function findCredentials(db: Db, userId: number) {
  return db.selectFrom('users').select(['password_hash', 'email']).where('id', '=', userId).executeTakeFirstOrThrow()
}

/** A new password hash; a reset also confirms the address it was mailed to (emailConfirmedAt). */
export async function setPasswordHash(db: Db, userId: number, hash: string, now: string, emailConfirmedAt?: string): Promise<void> {
  await db.updateTable('users')
    .set(emailConfirmedAt === undefined
      ? { password_hash: hash, updated_at: now }
      : { password_hash: hash, email_confirmed_at: emailConfirmedAt, updated_at: now })
    .where('id', '=', userId).execute()
}

/** Ends the account's sessions, all of them or all but one. */
export async function deleteSessionsOf(db: Db, userId: number, exceptSessionId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId)
  if (exceptSessionId !== undefined) q = q.where('id', '!=', exceptSessionId)
  await q.execute()
}

/** Whether an account goes by this name, compared by nameKey (members.ts), which `key` already is. */
export async function accountNameTaken(db: Db, key: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', key)).limit(1).executeTakeFirst()
  return Boolean(row)
}

/** Confirms the address, once: a second confirmation keeps the first date. */
export async function markEmailConfirmed(db: Db, userId: number, now: string): Promise<void> {
  await db.updateTable('users').set({ email_confirmed_at: now, updated_at: now }).where('id', '=', userId).where('email_confirmed_at', 'is', null).execute()
}

/** Who a confirmation mail goes to, and whether it is still needed. */
export function findMailRecipient(db: Db, userId: number) {
  return db.selectFrom('users').select(['id', 'email', 'name', 'email_confirmed_at']).where('id', '=', userId).executeTakeFirstOrThrow()
}

export function findRoleAndConfirmation(db: Db, userId: number) {
  return db.selectFrom('users').select(['role', 'email_confirmed_at']).where('id', '=', userId).executeTakeFirstOrThrow()
}

/** Empties a deleted member's row: the id stays (their posts point at it), nothing personal does. */
export async function tombstoneUser(db: Db, userId: number, tomb: string, name: string, now: string): Promise<void> {
  await db.updateTable('users').set({
    name, email: `${tomb}@deleted.invalid`, slug: tomb, bio: '',
    // Not an argon2 hash: nothing verifies against it.
    password_hash: '!deleted', email_confirmed_at: null, disabled_at: now, updated_at: now,
  }).where('id', '=', userId).execute()
}

export async function deleteTokensOf(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('account_tokens').where('user_id', '=', userId).execute()
}

/** What the account page shows about its owner. */
export function findAccountSummary(db: Db, userId: number) {
  return db.selectFrom('users').select(['name', 'email', 'role', 'email_confirmed_at', 'created_at']).where('id', '=', userId).executeTakeFirstOrThrow()
}
