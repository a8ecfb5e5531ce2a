import path from 'node:path'
import pino from 'pino'
import type { Config } from './config.js'
import { loggerOptions } from './logging.js'
import type { Deps } from './deps.js'
import { openDatabase, type Database } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { openReplica } from './db/replica.js'
import { loadSecrets } from './db/settings.js'
import { fileOffsetClock, systemClock, type Clock } from './clock.js'
import { JobQueue } from './jobs/queue.js'
import { createMailer, type Mailer } from './mail/mailer.js'
import { PageCache } from './http/page-cache.js'
import { createStorage, type Storage } from './storage/index.js'
import { SiteVersions } from './http/site-version.js'

/** Opens and migrates the database and assembles what use cases depend on. */
export async function createDeps(config: Config, opts: { clock?: Clock; mail?: Mailer } = {}): Promise<Deps> {
  const database = openDatabase(config.databaseUrl)
  await migrateToLatest(database.db)
  return assembleDeps(config, database, opts)
}

/** Deps on an open, migrated database (tests bring their own database, clock and log). */
export async function assembleDeps(config: Config, database: Database, opts: { clock?: Clock; mail?: Mailer; log?: Deps['log']; storage?: Storage } = {}): Promise<Deps> {
  const log = opts.log ?? pino(loggerOptions(config))
  // config.ts accepts a test clock file only when NODE_ENV=test.
  const clock = opts.clock ?? (config.testClockFile && config.env === 'test' ? fileOffsetClock(config.testClockFile) : systemClock)
  const siteVersions = new SiteVersions(database, { databaseUrl: config.databaseUrl, warn: (m) => log.warn(m) })
  // Only processes that keep shared pages need to hear of every change; all
  // of them send the NOTIFY (bumpSiteVersion).
  if (config.pageCache) await siteVersions.start()
  return {
    config,
    database,
    db: database.db,
    replica: config.databaseReplicaUrl ? openReplica(config.databaseReplicaUrl) : null,
    clock,
    secrets: await loadSecrets(database.db),
    jobs: new JobQueue(database, clock, log),
    mail: opts.mail ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: path.join(config.dataDir, 'outbox') }),
    log,
    pageCache: config.pageCache ? new PageCache() : null,
    storage: opts.storage ?? createStorage(config),
    siteVersions,
  }
}

export async function closeDeps(deps: Deps) {
  await deps.jobs.stop()
  deps.mail.close()
  deps.storage.close()
  await deps.replica?.close()
  await deps.siteVersions.close()
  await deps.database.close()
}
