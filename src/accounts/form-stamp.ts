import type { Deps } from '../deps.js'
import { sign, unsign } from '../http/signing.js'

// The registration form's signed "shown at" stamp, measured like the comment
// form's (discussion/identity.ts, which is not part of that module's public
// face): a person takes a few seconds to fill in a name, an address and a
// password; a script posting at once, or replaying a stamp for days, does not.

export const MIN_FILL_MS = 3_000
export const MAX_FORM_AGE_MS = 24 * 3600_000

export function accountFormStamp(deps: Pick<Deps, 'secrets' | 'clock'>): string {
  return sign(deps.secrets.signing, `account-form:${deps.clock.now().getTime()}`)
}

export type FormTiming = 'ok' | 'too-fast' | 'expired'

export function accountFormTiming(deps: Pick<Deps, 'secrets' | 'clock'>, stamp: string | undefined): FormTiming {
  const value = unsign(deps.secrets.signing, stamp)
  const m = value ? /^account-form:(\d+)$/.exec(value) : null
  if (!m) return 'expired'
  const age = deps.clock.now().getTime() - Number(m[1])
  if (age < MIN_FILL_MS) return 'too-fast'
  if (age > MAX_FORM_AGE_MS) return 'expired'
  return 'ok'
}
