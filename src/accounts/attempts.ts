import type { Deps } from '../deps.js'
import { takeToken } from '../db/rate-limits.js'
import { hmac } from '../http/signing.js'

const MINUTE = 60_000

// Every place a password is checked (sign-in, password change, account
// deletion) draws on the same two counts, in the database so that every
// process shares them and a restart forgets nothing:
// - per account: its owner mistypes a few times, never ten in a quarter of an
//   hour; ten caps a guesser spread over any number of addresses at about a
//   thousand guesses a day, against passwords of ten characters or more.
// - per IP: above one office's worth of people signing in behind one NAT,
//   while one address cannot cycle through a list of accounts.
// Setup (the first admin, before the site has one) counts apart, by the same
// rules: nobody can fill the site with attempts while its owner is setting up.
export const ATTEMPT_LIMITS = {
  perAccount: { limit: 10, windowMs: 15 * MINUTE },
  perIp: { limit: 50, windowMs: 15 * MINUTE },
} as const

export type AttemptKind = 'password' | 'setup'

export type Admission = { kind: 'admitted' } | { kind: 'too-many'; retryAfterSeconds: number }

/**
 * Counts one attempt for this account (by email) and IP, before any password
 * is checked: every attempt counts, so parallel guesses cannot slip through
 * while the first are being verified. The per-IP count is taken first, and an
 * address already refused adds nothing to the account's count.
 */
export async function admitAttempt(
  deps: Pick<Deps, 'db' | 'clock' | 'secrets'>, kind: AttemptKind, who: { email: string; ip: string },
): Promise<Admission> {
  const now = deps.clock.now()
  // Keyed hashes: the table of counts names neither addresses nor emails.
  const ip = await takeToken(deps.db, { key: `${kind}:ip:${hmac(deps.secrets.ipHash, who.ip)}`, ...ATTEMPT_LIMITS.perIp, now })
  if (!ip.ok) return tooMany(ip.retryAfterMs)
  const email = who.email.trim().toLowerCase()
  const account = await takeToken(deps.db, { key: `${kind}:account:${hmac(deps.secrets.ipHash, `email:${email}`)}`, ...ATTEMPT_LIMITS.perAccount, now })
  if (!account.ok) return tooMany(account.retryAfterMs)
  return { kind: 'admitted' }
}

const tooMany = (ms: number): Admission => ({ kind: 'too-many', retryAfterSeconds: Math.ceil(ms / 1000) })

/** What a refused form says, in whole minutes. */
export function tooManyMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60))
  return `Too many attempts for this account or from your network. For your security, please wait ${minutes} minute${minutes === 1 ? '' : 's'}, then try again.`
}
