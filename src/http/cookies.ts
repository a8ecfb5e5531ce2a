import type { FastifyInstance } from 'fastify'

// On an https site every cookie is Secure and carries a name prefix the
// browser enforces: `__Host-` (Secure, Path=/, no Domain: no sibling
// subdomain or plain-http page can set or shadow it) or, for a cookie scoped
// to a path, `__Secure-`. Modules set and read cookies by their plain names;
// this policy renames them on the way out and back in, so no module (today's
// or tomorrow's) can forget. Over plain http (development, tests) names and
// attributes are left as they are: a browser refuses Secure cookies there.

const HOST = '__Host-'
const SECURE = '__Secure-'

/** Applies the policy to every response and request of app; call once, after @fastify/cookie. */
export function registerCookiePolicy(app: FastifyInstance, opts: { https: boolean }) {
  if (!opts.https) return
  app.addHook('onRequest', async (req) => {
    // Only prefixed cookies are believed: an unprefixed one may have been
    // planted by a sibling subdomain or over http.
    const out: Record<string, string | undefined> = {}
    for (const [name, value] of Object.entries(req.cookies ?? {})) {
      if (name.startsWith(HOST)) out[name.slice(HOST.length)] = value
      else if (name.startsWith(SECURE)) out[name.slice(SECURE.length)] ??= value
    }
    req.cookies = out
  })
  // Added after @fastify/cookie's own onSend hook, which writes Set-Cookie.
  app.addHook('onSend', async (_req, reply, payload) => {
    const header = reply.getHeader('set-cookie')
    if (header === undefined) return payload
    const cookies = (Array.isArray(header) ? header : [String(header)]).map(String)
    // Fastify appends to an existing Set-Cookie: remove it before replacing.
    reply.removeHeader('set-cookie')
    reply.header('set-cookie', cookies.map(secureCookie))
    return payload
  })
}

/** One Set-Cookie value made Secure and prefixed, e.g. `a=b; Path=/` → `__Host-a=b; Path=/; Secure`. */
export function secureCookie(setCookie: string): string {
  const parts = setCookie.split(';').map((p) => p.trim())
  const attributes = parts.slice(1).map((p) => p.toLowerCase())
  const name = parts[0].slice(0, parts[0].indexOf('='))
  if (name.startsWith(HOST) || name.startsWith(SECURE)) return setCookie
  const hostOnly = attributes.includes('path=/') && !attributes.some((a) => a.startsWith('domain='))
  const secure = attributes.includes('secure') ? setCookie : `${setCookie}; Secure`
  return `${hostOnly ? HOST : SECURE}${secure}`
}
