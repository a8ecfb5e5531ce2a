import type { Db } from '../db/database.js'
import { findUserByEmail, insertUser, setRole, slugTaken } from './queries.js'
import { slugify } from './sessions.js'

// An imported site's people become accounts with no password: nobody can
// sign in as them until the person claims the account through "forgot
// password" at its address (verifyPassword refuses an empty hash). Authors of
// posts and pages are editors; people who only wrote in the forum are members.

export type ImportedAccount = { userId: number; created: boolean; role: string; slug: string }

/**
 * The account for an imported person: an existing account with the same
 * address is that person (its role is kept, except that an unclaimed imported
 * member who turns out to author posts becomes an editor); else a new account
 * without a password. Runs in the importer's transaction.
 */
export async function ensureImportedAccount(
  db: Db, person: { email: string; name: string; login: string; role: 'editor' | 'member' }, now: string,
): Promise<ImportedAccount> {
  const email = person.email.trim().toLowerCase()
  const existing = await findUserByEmail(db, email)
  if (existing) {
    if (person.role === 'editor' && existing.role === 'member' && existing.password_hash === '') {
      await setRole(db, existing.id, 'editor', now)
      return { userId: existing.id, created: false, role: 'editor', slug: existing.slug }
    }
    return { userId: existing.id, created: false, role: existing.role, slug: existing.slug }
  }
  const name = person.name.trim().slice(0, 80) || person.login
  const base = slugify(person.login) || slugify(name) || 'author'
  let slug = base
  for (let i = 2; await slugTaken(db, slug); i++) slug = `${base}-${i}`
  const userId = await insertUser(db, { email, name, slug, role: person.role, passwordHash: '', now, confirmed: false })
  return { userId, created: true, role: person.role, slug }
}
