import type { FastifyReply, FastifyRequest } from 'fastify'

// A one-shot message carried across the 303 redirect after a POST, in a
// signed cookie (no server session needed for anonymous readers).
const COOKIE = 'crown_flash'

export function flash(reply: FastifyReply, message: string): FastifyReply {
  reply.setCookie(COOKIE, message.slice(0, 500), { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 60 })
  return reply
}

/** Reads and clears the flash message, if one came with this request. */
export function takeFlash(req: FastifyRequest, reply: FastifyReply): string | null {
  const raw = req.cookies[COOKIE]
  if (!raw) return null
  reply.clearCookie(COOKIE, { path: '/' })
  const u = req.unsignCookie(raw)
  return u.valid ? u.value : null
}
