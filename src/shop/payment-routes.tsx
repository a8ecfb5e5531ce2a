import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { receiveStripeEvent } from './payments.js'

// Stripe's webhook. It carries no CSRF token (no csrfProtection preHandler):
// the signature over the raw body is its proof, so this route alone, in its
// own plugin scope, reads application/json as bytes; the rest of the app
// parses bodies as before. The buyer comes back from Stripe to the order page
// (checkout's), whose address startCardPayment is given.
export function paymentRoutes(app: FastifyInstance, deps: Deps) {
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json')
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body))
    // readOnly: marking an order paid changes nothing readers see; a late
    // payment that takes stock back replaces the site version itself.
    scope.post('/shop/stripe/webhook', { config: { readOnly: true } }, async (req, reply) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : null
      if (!raw) return reply.code(400).send({ error: 'Expected a JSON body.' })
      const signature = req.headers['stripe-signature']
      const outcome = await receiveStripeEvent(deps, raw, typeof signature === 'string' ? signature : undefined)
      switch (outcome.kind) {
        case 'not-configured': return reply.code(404).send({ error: 'Card payments are not set up.' })
        case 'refused': return reply.code(400).send({ error: outcome.message })
        case 'accepted': return reply.code(200).send({ received: true, result: outcome.result })
      }
    })
  })
}
