import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { addMs, iso } from '../http/clock.js'
import { hmac, randomToken } from '../http/signing.js'
import type { TokenPurpose } from './tables.js'

// Mailed links (confirm an address, reset a password): a random token in the
// URL, its HMAC under the site's signing key in account_tokens. A link works
// once, until it expires, and only while the account still has the address
// it was mailed to.

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  // A day and a half: long enough for a mail read the next morning.
  'confirm-email': 36 * 3600_000,
  // An hour, as most sites do: a reset link sitting in a mailbox is a key.
  'reset-password': 3600_000,
  'signup-notice': 3600_000,
}

const tokenHash = (deps: Pick<Deps, 'secrets'>, token: string) => hmac(deps.secrets.signing, `account-token:${token}`)

/** Records a new link for this account and returns the token to mail (call inside the transaction that enqueues the mail). */
export async function issueToken(deps: Pick<Deps, 'secrets' | 'clock'>, trx: Db, user: { id: number; email: string }, purpose: TokenPurpose): Promise<string> {
  const token = randomToken(32)
  const now = deps.clock.now()
  await trx.insertInto('account_tokens').values({
    user_id: user.id, purpose, token_hash: tokenHash(deps, token), email: user.email,
    created_at: iso(now), expires_at: iso(addMs(now, TOKEN_TTL_MS[purpose])), used_at: null,
  }).execute()
  return token
}

/** The account a still-usable link belongs to, without using it up (the page a GET shows). */
export async function peekToken(deps: Pick<Deps, 'db' | 'secrets' | 'clock'>, token: string, purpose: TokenPurpose) {
  return deps.db.selectFrom('account_tokens')
    .innerJoin('users', 'users.id', 'account_tokens.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.email_confirmed_at'])
    .where('account_tokens.token_hash', '=', tokenHash(deps, token))
    .where('account_tokens.purpose', '=', purpose)
    .where('account_tokens.used_at', 'is', null)
    .where('account_tokens.expires_at', '>', iso(deps.clock.now()))
    .whereRef('account_tokens.email', '=', 'users.email')
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst()
}

/**
 * Uses the link up and returns its account id, or null when it is unknown,
 * used, expired or for another address. The update is the check, so two
 * requests racing with one link cannot both succeed.
 */
export async function consumeToken(deps: Pick<Deps, 'secrets' | 'clock'>, trx: Db, token: string, purpose: TokenPurpose): Promise<number | null> {
  const now = iso(deps.clock.now())
  const row = await trx.updateTable('account_tokens').set({ used_at: now })
    .where('token_hash', '=', tokenHash(deps, token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'email'])
    .executeTakeFirst()
  if (!row) return null
  const user = await trx.selectFrom('users').select('id').where('id', '=', row.user_id).where('email', '=', row.email).where('disabled_at', 'is', null).executeTakeFirst()
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
