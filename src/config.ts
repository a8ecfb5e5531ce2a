import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'

// Every setting Crown reads from the environment. A bad value stops the boot
// with a message naming the variable, rather than failing later mid-request.
const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  // A SQLite file path (the default, embedded) or a postgres:// URL.
  DATABASE_URL: z.string().min(1).default('./data/crown.sqlite'),
  // A PostgreSQL read replica (a hot standby of DATABASE_URL) for the pages
  // anonymous readers share; everything else reads and writes DATABASE_URL.
  DATABASE_REPLICA_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_REPLICA_URL must be a postgres:// URL').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SITE_URL: z.url({ protocol: /^https?$/, error: 'SITE_URL must be an http(s) URL, e.g. http://localhost:3000' }).optional(),
  SITE_TITLE: z.string().min(1).default('Crown Hair Science'),
  // smtp://user:pass@host:port or smtps://… ; empty means write mail to DATA_DIR/outbox.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Crown <no-reply@localhost>'),
  // Comma-separated proxy addresses whose X-Forwarded-For is believed; empty trusts none.
  TRUST_PROXY: z.string().default(''),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // JSON lines for machines (the default when stdout is not a terminal: CI,
  // tests, pipes, log collectors); pino-pretty's lines for people.
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  JOBS: z.enum(['on', 'off']).default('on'),
  // App processes serving the port (node:cluster): a number, or auto for one
  // per core the process may use (os.availableParallelism()).
  WORKERS: z.string().default('auto')
    .refine((v) => v === 'auto' || (/^[1-9][0-9]*$/.test(v) && Number(v) <= 256), 'WORKERS must be auto or a whole number from 1 to 256')
    .transform((v) => (v === 'auto' ? 'auto' as const : Number(v))),
  // Shared rendered pages for anonymous readers, checked against the site
  // version on every request (see http/page-cache.ts).
  PAGE_CACHE: z.enum(['on', 'off']).default('on'),
  // Longest time a client may take to send one request, headers and body
  // (a large upload on a slow line); slower ones are cut off.
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  // A session unused for this many days ends (it ends after 30 days anyway).
  SESSION_IDLE_DAYS: z.coerce.number().int().min(1).max(30).default(14),
  // Browser tests only: a file holding milliseconds to add to the clock of a
  // running site (src/clock.ts fileOffsetClock). Refused unless NODE_ENV=test.
  CROWN_TEST_CLOCK_FILE: z.string().min(1).optional(),
  // Card payments through Stripe Checkout (shop/payments.ts): both set, or neither (no card option).
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'STRIPE_SECRET_KEY must be a Stripe secret key, sk_test_… or sk_live_…').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'STRIPE_WEBHOOK_SECRET must be the webhook signing secret, whsec_…').optional(),
  // Where the Stripe library sends API calls; tests point it at a local stand-in (src/test/stripe-standin.ts).
  STRIPE_API_HOST: z.string().regex(/^[A-Za-z0-9.-]+$/, 'STRIPE_API_HOST must be a host name, e.g. 127.0.0.1').optional(),
  STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
  // Uploaded and generated images: the data folder, or an S3-compatible bucket
  // that every app process on every machine shares (src/storage/).
  STORAGE: z.enum(['local', 's3']).default('local'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a bucket name: 3–63 lowercase letters, digits, dots and dashes').optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]+$/, 'S3_REGION must be a region name, e.g. eu-west-1 (or auto)').default('us-east-1'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'S3_ENDPOINT must be an http(s) URL, e.g. https://s3.eu-west-1.amazonaws.com' }).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // Most S3-compatible servers (MinIO, s3rver) want the bucket in the path.
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, 'S3_PREFIX must be empty or folder names each ending in /, e.g. crown/').default(''),
}).refine((e) => !e.STRIPE_SECRET_KEY === !e.STRIPE_WEBHOOK_SECRET, {
  path: ['STRIPE_WEBHOOK_SECRET'],
  message: 'card payments need both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or neither)',
}).refine((e) => e.STORAGE !== 's3' || e.S3_BUCKET, {
  path: ['S3_BUCKET'],
  message: 'STORAGE=s3 needs S3_BUCKET, the bucket that holds the site\'s images',
}).refine((e) => !e.S3_ACCESS_KEY_ID === !e.S3_SECRET_ACCESS_KEY, {
  path: ['S3_SECRET_ACCESS_KEY'],
  message: 'set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the AWS SDK then finds credentials itself)',
}).refine((e) => !e.DATABASE_REPLICA_URL || /^postgres(ql)?:\/\//.test(e.DATABASE_URL), {
  path: ['DATABASE_REPLICA_URL'],
  message: 'a read replica needs DATABASE_URL to be PostgreSQL too; a SQLite site has no replicas',
}).refine((e) => !e.CROWN_TEST_CLOCK_FILE || e.NODE_ENV === 'test', {
  path: ['CROWN_TEST_CLOCK_FILE'],
  message: 'CROWN_TEST_CLOCK_FILE moves the site\'s clock for browser tests; it is honoured only with NODE_ENV=test',
})

export type Config = {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  databaseUrl: string
  /** PostgreSQL only: where shared anonymous page reads go (http/read-routing.ts). */
  databaseReplicaUrl: string | undefined
  dataDir: string
  siteUrl: string
  siteTitle: string
  smtpUrl: string | undefined
  mailFrom: string
  trustProxy: string[]
  seedDemo: 'auto' | 'never'
  logLevel: string
  logFormat: 'json' | 'pretty'
  jobs: boolean
  /** App processes `npm start` runs (1: no cluster, the process serves itself). */
  workers: number
  pageCache: boolean
  requestTimeoutMs: number
  sessionIdleMs: number
  /** NODE_ENV=test only: see CROWN_TEST_CLOCK_FILE. */
  testClockFile: string | undefined
  /** Stripe Checkout for card payments; null when the keys are not set. */
  stripe: StripeConfig | null
  /** Where uploaded and generated images live (src/storage/). */
  storage: { kind: 'local' } | S3Settings
}

export interface S3Settings {
  kind: 's3'
  bucket: string
  region: string
  /** An S3-compatible service's address (MinIO, R2, Spaces…); none means AWS. */
  endpoint: string | undefined
  forcePathStyle: boolean
  /** Both or neither; neither leaves the AWS SDK's own chain (AWS_* variables, instance role). */
  accessKeyId: string | undefined
  secretAccessKey: string | undefined
  /** Put before every key ("crown/"), so one bucket can hold several sites. */
  prefix: string
}

export interface StripeConfig { secretKey: string; webhookSecret: string; host?: string; port?: number; protocol?: 'http' | 'https' }

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))
  const parsed = Env.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Crown cannot start: bad environment variables\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const siteUrl = (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrl: e.DATABASE_REPLICA_URL,
    dataDir: path.resolve(e.DATA_DIR),
    siteUrl,
    siteTitle: e.SITE_TITLE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY.split(',').map((s) => s.trim()).filter(Boolean),
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    jobs: e.JOBS === 'on',
    workers: e.WORKERS === 'auto' ? os.availableParallelism() : e.WORKERS,
    pageCache: e.PAGE_CACHE === 'on',
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
    sessionIdleMs: e.SESSION_IDLE_DAYS * 24 * 3600_000,
    testClockFile: e.CROWN_TEST_CLOCK_FILE,
    stripe: e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET
      ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, host: e.STRIPE_API_HOST, port: e.STRIPE_API_PORT, protocol: e.STRIPE_API_PROTOCOL }
      : null,
    storage: e.STORAGE === 's3' && e.S3_BUCKET
      ? {
        kind: 's3', bucket: e.S3_BUCKET, region: e.S3_REGION, endpoint: e.S3_ENDPOINT, forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
        accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY, prefix: e.S3_PREFIX,
      }
      : { kind: 'local' },
  }
}
