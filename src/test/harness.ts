import { after } from 'node:test'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { loadConfig, type Config } from '../config.js'
import type { Deps } from '../deps.js'
import type { Dialect } from '../db/database.js'
import { ManualClock } from '../clock.js'
import type { Mailer } from '../mail/mailer.js'
import { assembleDeps } from '../boot.js'
import { buildApp, type BuildOptions } from '../app.js'
import { registerJobHandlers } from '../jobs/handlers.js'
import { createUser, startSession, SESSION_COOKIE, type Role } from '../accounts/index.js'
import { dropTestDatabases, freshDatabase } from './databases.js'
import { useTestS3 } from './s3.js'

export interface TestApp {
  app: FastifyInstance
  deps: Deps
  clock: ManualClock
  dialect: Dialect
  storage: StorageKind
  /** The bytes stored under a key (in the folder or the bucket), or null. */
  stored(key: string): Promise<Buffer | null>
  /** A browser-like client: keeps cookies, remembers the last CSRF token it saw. */
  agent(): Agent
  /** An agent signed in as a new user with this role. */
  signedIn(role: Role, name?: string): Promise<Agent & { userId: number }>
  close(): Promise<void>
}

let dropsRegistered = false

export type StorageKind = 'local' | 's3'

/** The storages upload tests run on: the data folder, and S3 (s3rver, started in the test process). */
export function testStorages(): StorageKind[] {
  return ['local', 's3']
}

/** The whole app on a fresh migrated database, in-process (inject, no port). */
export async function testApp(dialect: Dialect, opts: {
  env?: Record<string, string>
  /** Where uploads go: the data folder (the default) or an in-process S3 server (src/test/s3.ts). */
  storage?: StorageKind
  mail?: Mailer
  build?: BuildOptions
  /** Registers extra routes (a test's stand-in pages) before the app is ready. */
  beforeReady?: (app: FastifyInstance, deps: Deps) => void | Promise<void>
} = {}): Promise<TestApp> {
  if (!dropsRegistered) {
    dropsRegistered = true
    after(() => dropTestDatabases())
  }
  const { url, database, dataDir } = await freshDatabase(dialect)
  const storage = opts.storage ?? 'local'
  const s3 = storage === 's3' ? await useTestS3() : null
  const config: Config = loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', SITE_URL: 'http://localhost:3000', ...s3?.env, ...opts.env })
  const clock = new ManualClock(new Date())
  const silent = { info() {}, warn() {}, error() {} }
  const deps: Deps = await assembleDeps(config, database, { clock, mail: opts.mail, log: silent })
  const app = await buildApp(deps, opts.build)
  await opts.beforeReady?.(app, deps)
  registerJobHandlers(deps)
  await app.ready()
  let users = 0
  const t: TestApp = {
    app, deps, clock, dialect, storage,
    async stored(key) {
      const found = await deps.storage.get(key)
      if (!found) return null
      const chunks: Buffer[] = []
      for await (const c of found.body) chunks.push(Buffer.from(c as Uint8Array))
      return Buffer.concat(chunks)
    },
    agent: () => new Agent(app),
    async signedIn(role, name) {
      users++
      const created = await createUser(deps, { email: `${role}${users}-${Date.now()}@example.com`, name: name ?? `Test ${role} ${users}`, password: 'correct horse battery', role })
      if (created.kind !== 'created') throw new Error('could not create test user')
      const agent = new Agent(app) as Agent & { userId: number }
      agent.cookies.set(SESSION_COOKIE, await startSession(deps, created.userId))
      agent.userId = created.userId
      return agent
    },
    async close() {
      await app.close()
      await deps.jobs.stop()
      deps.mail.close()
      deps.storage.close()
      await s3?.release()
      await deps.siteVersions.close()
      await database.close()
    },
  }
  return t
}

export class Agent {
  cookies = new Map<string, string>()
  csrfToken: string | undefined
  ip = '203.0.113.7'

  constructor(private app: FastifyInstance) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.request('GET', url, undefined, headers)
  }

  /** Posts a urlencoded form, adding the CSRF token seen on the last page (unless _csrf is given). */
  async post(url: string, fields: Record<string, string | string[]> = {}, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams()
    const all = { _csrf: this.csrfToken ?? '', ...fields }
    for (const [k, v] of Object.entries(all)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
    return this.request('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers })
  }

  async request(method: 'GET' | 'HEAD' | 'POST', url: string, payload?: string | Buffer, headers: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await this.app.inject({ method, url, payload, remoteAddress: this.ip, headers: { ...(cookie ? { cookie } : {}), ...headers } })
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === ''
      if (expired) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body)
    if (m) this.csrfToken = m[1]
    return res
  }
}

/** The Location a 303 points to, failing loudly when it is not a redirect. */
export function redirectTarget(res: LightMyRequestResponse): string {
  if (res.statusCode < 300 || res.statusCode >= 400) throw new Error(`expected a redirect, got ${res.statusCode}: ${res.body.slice(0, 300)}`)
  return String(res.headers.location)
}
