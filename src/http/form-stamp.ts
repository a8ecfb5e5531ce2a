import type { Deps } from '../deps.js'
import { sign, unsign } from './signing.js'

// The signed "form shown at" stamp behind every public form's minimum fill
// time (comments, the forum, registration). No captcha: a person takes
// seconds to read a form and type; a script posts it back in milliseconds,
// or replays one stamp for days. Each form signs its own purpose, so a stamp
// from one form is no good on another.

export const FORM_TIMING = {
  // People take far longer than 3 s to read a form and type even "Thanks!";
  // scripts that post the form straight back do it in milliseconds.
  minFillMs: 3_000,
  // A bot can fetch one form and replay its signed timestamp for ever; a day
  // covers a tab left open overnight. An older form is re-shown, text kept.
  maxFormAgeMs: 24 * 3600_000,
} as const

export type FormPurpose = 'comment-form' | 'account-form'

/** A stamp for a form shown now. */
export function stampForm(deps: Pick<Deps, 'secrets' | 'clock'>, purpose: FormPurpose): string {
  return sign(deps.secrets.signing, `${purpose}:${deps.clock.now().getTime()}`)
}

/** When the form was shown (ms), or null for a missing, forged or other form's stamp. */
export function readStamp(deps: Pick<Deps, 'secrets'>, stamp: string | undefined, purpose: FormPurpose): number | null {
  const value = unsign(deps.secrets.signing, stamp)
  const m = value ? new RegExp(`^${purpose}:(\\d+)$`).exec(value) : null
  return m ? Number(m[1]) : null
}

export type FormTiming = 'ok' | 'too-fast' | 'expired'

/** Whether a form shown at `shownAtMs` may be submitted now. */
export function checkFormTiming(shownAtMs: number | null, now: Date): FormTiming {
  if (shownAtMs === null) return 'expired'
  const age = now.getTime() - shownAtMs
  if (age < FORM_TIMING.minFillMs) return 'too-fast'
  if (age > FORM_TIMING.maxFormAgeMs) return 'expired'
  return 'ok'
}
