import { z } from 'zod'

// Free text typed into the shop's forms (the back office and checkout). Control characters (a NUL
// byte above all, which PostgreSQL refuses to store) are refused with a
// message, so a pasted or forged value is a 422 and never a 500.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** A trimmed string of at most `max` characters, without control characters (line breaks allowed). */
export function staffText(max: number, tooLong: string) {
  return z.string().trim().max(max, tooLong).refine(hasNoControlCharacters, CONTROL_MESSAGE)
}

export const CONTROL_MESSAGE = 'Remove the invisible control characters from this text.'

/** False when the text holds a control character other than a line break or tab. */
export function hasNoControlCharacters(s: string): boolean {
  return !CONTROL.test(s)
}
