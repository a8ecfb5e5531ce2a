import type { Db } from '../db/database.js'
import type { Role } from './tables.js'

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
  return db.selectFrom('users').select(['id', 'name', 'slug', 'email', 'role']).where('role', 'in', ['admin', 'editor', 'moderator']).orderBy('name').execute()
}

/** Display names by user id (ids with no user are absent). */
export async function userNamesByIds(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}
