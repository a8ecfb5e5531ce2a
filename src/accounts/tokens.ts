import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { addMs, iso } from '../clock.js'
import { hmac, randomToken } from '../http/signing.js'
import type { TokenPurpose } from './tables.js'
import { findTokenAccount, insertToken, useToken } from './queries.js'

export { lastMailed, retireTokens } from './queries.js'

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
  await insertToken(trx, {
    user_id: user.id, purpose, token_hash: tokenHash(deps, token), email: user.email,
    created_at: iso(now), expires_at: iso(addMs(now, TOKEN_TTL_MS[purpose])), used_at: null,
  })
  return token
}

/** The account a still-usable link belongs to, without using it up (the page a GET shows). */
export async function peekToken(deps: Pick<Deps, 'db' | 'secrets' | 'clock'>, token: string, purpose: TokenPurpose) {
  return findTokenAccount(deps.db, tokenHash(deps, token), purpose, iso(deps.clock.now()))
}

/**
 * Uses the link up and returns its account id, or null when it is unknown,
 * used, expired or for another address. The update is the check, so two
 * requests racing with one link cannot both succeed.
 */
export async function consumeToken(deps: Pick<Deps, 'secrets' | 'clock'>, trx: Db, token: string, purpose: TokenPurpose): Promise<number | null> {
  return useToken(trx, tokenHash(deps, token), purpose, iso(deps.clock.now()))
}
