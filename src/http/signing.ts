import crypto from 'node:crypto'

// Small HMAC helpers for values the server hands out and must recognise
// later (form timestamps, guest identities, unsubscribe links).

export function hmac(key: string, value: string): string {
  return crypto.createHmac('sha256', key).update(value).digest('base64url')
}

export function sign(key: string, value: string): string {
  return `${value}.${hmac(key, value)}`
}

/** Returns the value when the signature matches, else null (constant-time compare). */
export function unsign(key: string, signed: string | undefined): string | null {
  if (!signed) return null
  const dot = signed.lastIndexOf('.')
  if (dot <= 0) return null
  const value = signed.slice(0, dot)
  const given = Buffer.from(signed.slice(dot + 1))
  const want = Buffer.from(hmac(key, value))
  return given.length === want.length && crypto.timingSafeEqual(given, want) ? value : null
}

export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url')
export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex')

/** A short random public id (Lobsters-style): never a row id in a URL. */
export function shortId(length = 8): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyz23456789'
  const bytes = crypto.randomBytes(length)
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length]
  return out
}
