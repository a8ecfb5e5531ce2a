import type { Config } from './config.js'
import type { Database, Db } from './db/database.js'
import type { Secrets } from './db/settings.js'
import type { Clock } from './clock.js'
import type { JobQueue } from './jobs/queue.js'
import type { Mailer } from './mail/mailer.js'
import type { PageCache } from './http/page-cache.js'
import type { Storage } from './storage/index.js'
import type { SiteVersions } from './http/site-version.js'

/** What use cases get instead of a Request: the parts of the platform they may touch. */
export interface Deps {
  config: Config
  database: Database
  db: Db
  /** The read replica (DATABASE_REPLICA_URL) for shared anonymous page reads; null without one. See http/read-routing.ts. */
  replica: Database | null
  clock: Clock
  secrets: Secrets
  jobs: JobQueue
  mail: Mailer
  /** Shared pages for anonymous readers; null when PAGE_CACHE=off. */
  pageCache: PageCache | null
  /** Uploaded and generated images: DATA_DIR or an S3 bucket (STORAGE). */
  storage: Storage
  /** The site version shared pages are keyed by, kept in memory (http/site-version.ts). */
  siteVersions: SiteVersions
  log: { info(o: unknown, m?: string): void; warn(o: unknown, m?: string): void; error(o: unknown, m?: string): void }
}
