import http from 'node:http'
import crypto from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'

// A local HTTP server standing in for api.stripe.com in tests: just the
// endpoints the shop calls, sessions kept in memory, every request recorded
// (to assert amounts and idempotency keys). The app reaches it through the
// stripe library's host/port/protocol options (STRIPE_API_*), so the real
// library code — form encoding, headers, errors — runs in every test.

export interface StandinRequest { method: string; path: string; idempotencyKey: string | undefined; body: Record<string, unknown> }

export interface StandinSession {
  id: string
  object: 'checkout.session'
  mode: string
  status: 'open' | 'complete' | 'expired'
  payment_status: 'unpaid' | 'paid'
  amount_total: number
  currency: string
  client_reference_id: string | null
  metadata: Record<string, string>
  customer_email: string | null
  success_url: string
  cancel_url: string
  expires_at: number
  url: string | null
  payment_intent: string | null
  line_items: { name: string; unit_amount: number; quantity: number; currency: string }[]
}

type Nested = { [k: string]: Nested | string }

/** Decodes Stripe's form encoding (line_items[0][price_data][currency]=eur) into nested objects; arrays stay keyed '0', '1'… */
function decodeForm(text: string): Nested {
  const out: Nested = {}
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.replace(/\]/g, '').split('[')
    let node = out
    for (const [i, p] of parts.entries()) {
      if (i === parts.length - 1) node[p] = value
      else node = (node[p] ??= {}) as Nested
    }
  }
  return out
}

const values = (o: unknown): Nested[] => (o && typeof o === 'object' ? Object.values(o as Nested) as Nested[] : [])

export class StripeStandin {
  readonly requests: StandinRequest[] = []
  readonly sessions = new Map<string, StandinSession>()
  readonly refunds: { id: string; payment_intent: string; amount: number }[] = []
  /** While true, every connection is cut as it arrives: Stripe is unreachable. */
  down = false
  /** Sessions the buyer finishes paying in the instant before the shop asks Stripe to expire them. */
  readonly payBeforeExpire = new Set<string>()
  private idempotent = new Map<string, { status: number; body: unknown }>()
  private server = http.createServer((req, res) => this.serve(req, res))
  port = 0

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
    return this
  }

  /** The environment that points the app at this stand-in. */
  env(secrets = { secretKey: 'sk_test_standin', webhookSecret: 'whsec_standin' }): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: secrets.secretKey, STRIPE_WEBHOOK_SECRET: secrets.webhookSecret,
      STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: String(this.port), STRIPE_API_PROTOCOL: 'http',
    }
  }

  /** The buyer paid: the session completes, as Stripe's hosted page would make it. */
  markPaid(id: string): StandinSession {
    const s = this.sessions.get(id)
    if (!s) throw new Error(`no session ${id}`)
    s.status = 'complete'
    s.payment_status = 'paid'
    s.payment_intent ??= `pi_${crypto.randomBytes(8).toString('hex')}`
    s.url = null
    return s
  }

  /**
   * A webhook delivery as Stripe makes it: the event JSON and its
   * Stripe-Signature header, signed with the library's own test helper.
   * `timestamp` (seconds) dates the signature; `secret` signs with another key.
   */
  signedEvent(type: string, object: unknown, opts: { id?: string; timestamp?: number; secret?: string } = {}): { body: string; signature: string; id: string } {
    const id = opts.id ?? `evt_${crypto.randomBytes(12).toString('hex')}`
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000)
    const body = JSON.stringify({ id, object: 'event', api_version: '2026-10-28.endive', created: timestamp, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } }, null, 2)
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: opts.secret ?? 'whsec_standin', timestamp })
    return { body, signature, id }
  }

  async close() {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse) {
    if (this.down) { req.socket.destroy(); return }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]
      const body = decodeForm(Buffer.concat(chunks).toString('utf8'))
      const idempotencyKey = req.headers['idempotency-key'] as string | undefined
      this.requests.push({ method: req.method ?? 'GET', path, idempotencyKey, body })
      const auth = req.headers.authorization ?? ''
      let out: { status: number; body: unknown }
      if (!auth.startsWith('Bearer sk_')) out = fail(401, 'Invalid API Key provided')
      else if (req.method === 'POST' && idempotencyKey && this.idempotent.has(`${path} ${idempotencyKey}`)) out = this.idempotent.get(`${path} ${idempotencyKey}`)!
      else {
        out = this.route(req.method ?? 'GET', path, body)
        if (req.method === 'POST' && idempotencyKey) this.idempotent.set(`${path} ${idempotencyKey}`, out)
      }
      res.writeHead(out.status, { 'content-type': 'application/json', 'request-id': `req_${crypto.randomBytes(6).toString('hex')}` })
      res.end(JSON.stringify(out.body))
    })
  }

  private route(method: string, path: string, body: Nested): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.createSession(body)
    let m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path)
    if (method === 'GET' && m) {
      const s = this.sessions.get(m[1])
      return s ? { status: 200, body: s } : fail(404, `No such checkout.session: '${m[1]}'`, 'resource_missing')
    }
    m = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path)
    if (method === 'POST' && m) {
      const s = this.sessions.get(m[1])
      if (!s) return fail(404, `No such checkout.session: '${m[1]}'`, 'resource_missing')
      if (this.payBeforeExpire.has(s.id)) this.markPaid(s.id)
      if (s.status !== 'open') return fail(400, `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`)
      s.status = 'expired'
      s.url = null
      return { status: 200, body: s }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = String(body.payment_intent ?? '')
      const s = [...this.sessions.values()].find((x) => x.payment_intent === pi && x.payment_status === 'paid')
      if (!s) return fail(400, `No such payment_intent: '${pi}'`, 'resource_missing')
      if (this.refunds.some((r) => r.payment_intent === pi)) return fail(400, `Charge for ${pi} has already been refunded.`, 'charge_already_refunded')
      const refund = { id: `re_${crypto.randomBytes(8).toString('hex')}`, object: 'refund', payment_intent: pi, amount: s.amount_total, currency: s.currency, status: 'succeeded' }
      this.refunds.push(refund)
      return { status: 200, body: refund }
    }
    return fail(404, `Unrecognized request URL (${method}: ${path})`)
  }

  private createSession(body: Nested): { status: number; body: unknown } {
    if (body.mode !== 'payment') return fail(400, 'mode must be payment')
    const lines = values(body.line_items).map((l) => {
      const pd = l.price_data as Nested
      return { name: String((pd.product_data as Nested).name), unit_amount: Number(pd.unit_amount), quantity: Number(l.quantity), currency: String(pd.currency) }
    })
    if (!lines.length) return fail(400, 'line_items is required')
    const currencies = new Set(lines.map((l) => l.currency))
    if (currencies.size !== 1) return fail(400, 'All line items must share one currency')
    if (lines.some((l) => !Number.isInteger(l.unit_amount) || l.unit_amount < 0 || !Number.isInteger(l.quantity) || l.quantity < 1)) return fail(400, 'Invalid line item')
    const id = `cs_test_${crypto.randomBytes(12).toString('hex')}`
    const s: StandinSession = {
      id, object: 'checkout.session', mode: 'payment', status: 'open', payment_status: 'unpaid',
      amount_total: lines.reduce((n, l) => n + l.unit_amount * l.quantity, 0), currency: [...currencies][0],
      client_reference_id: typeof body.client_reference_id === 'string' ? body.client_reference_id : null,
      metadata: (body.metadata ?? {}) as Record<string, string>,
      customer_email: typeof body.customer_email === 'string' ? body.customer_email : null,
      success_url: String(body.success_url ?? ''), cancel_url: String(body.cancel_url ?? ''),
      expires_at: Number(body.expires_at ?? Math.floor(Date.now() / 1000) + 86400),
      url: `https://checkout.stripe.test/c/pay/${id}`, payment_intent: null, line_items: lines,
    }
    this.sessions.set(id, s)
    return { status: 200, body: s }
  }
}

function fail(status: number, message: string, code?: string) {
  return { status, body: { error: { type: status === 401 ? 'authentication_error' : 'invalid_request_error', message, ...(code ? { code } : {}) } } }
}
