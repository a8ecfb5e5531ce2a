import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { takeToken } from '../db/rate-limits.js'
import { hmac } from './signing.js'

// A per-IP limit a route declares in its config, counted in the database
// (db/rate-limits.ts) so that every process shares it and a restart forgets
// nothing. It is checked as the request arrives, before its body is read.
// Limits per account or address, which need the body, belong to use cases.

export interface IpLimit { limit: number; windowMs: number }

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Requests one IP may make to this route per window; more get 429 with Retry-After. */
    ipLimit?: IpLimit
  }
}

class TooManyRequests extends Error {
  readonly statusCode = 429
  constructor() { super('Too many requests') }
}

export const perIp = (limit: number, minutes: number): { ipLimit: IpLimit } => ({ ipLimit: { limit, windowMs: minutes * 60_000 } })

export function registerIpLimits(app: FastifyInstance, deps: Pick<Deps, 'db' | 'clock' | 'secrets'>) {
  app.addHook('onRequest', async (req, reply) => {
    const limit = req.routeOptions.config?.ipLimit
    if (limit) await takeIpToken(deps, req, reply, `${req.method} ${req.routeOptions.url}`, limit)
  })
}

/**
 * The same per-IP count, taken by a route itself once it knows who asks (the
 * search page limits anonymous readers only, and the actor is known only
 * after accounts' onRequest hook). Throws the 429, with Retry-After set.
 */
export async function takeIpToken(deps: Pick<Deps, 'db' | 'clock' | 'secrets'>, req: FastifyRequest, reply: FastifyReply, name: string, limit: IpLimit): Promise<void> {
  const key = `route:${name}:${hmac(deps.secrets.ipHash, req.ip)}`
  const outcome = await takeToken(deps.db, { key, ...limit, now: deps.clock.now() })
  if (outcome.ok) return
  reply.header('retry-after', String(Math.ceil(outcome.retryAfterMs / 1000)))
  throw new TooManyRequests()
}
