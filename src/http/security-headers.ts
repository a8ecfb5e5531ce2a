import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

// The security headers every answer carries, from helmet (docs/decisions/
// 007-helmet-built-once.md). @fastify/helmet built helmet's middleware anew
// on every request (its per-route options), parsing the Content-Security-
// Policy each time: a twentieth of a small page's server time. The options
// here are the site's only ones, so the middleware is built once at boot and
// run as a plain onRequest hook; the headers are the same.

/** Headers on every answer: helmet's, built once from these options, and a Permissions-Policy. */
export function registerSecurityHeaders(app: FastifyInstance, opts: { options: Readonly<HelmetOptions>; permissionsPolicy: string }) {
  const apply = helmet(opts.options)
  app.addHook('onRequest', (req, reply, done) => {
    reply.raw.setHeader('permissions-policy', opts.permissionsPolicy)
    // helmet 8 throws rather than passing an error on; it calls back with none.
    apply(req.raw, reply.raw, () => done())
  })
}
