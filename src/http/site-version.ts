import type pg from 'pg'
import { loadPg } from '../db/database.js'
import { PostgresAdapter, sql } from 'kysely'
import type { Database, Db } from '../db/database.js'
import { randomToken } from './signing.js'

// The site version is a token in `settings`, replaced after every change
// readers could see (app.ts, after a successful POST). Shared pages are keyed
// by it, so each process must know the current one before it serves a page.
// Reading the row on every request was a database round trip per view; each
// process now keeps it in memory and learns of changes:
// - PostgreSQL: LISTEN on a client of its own (not the pool: a pooled
//   connection is handed to other queries and would drop the LISTEN). The
//   NOTIFY is sent by the statement that replaces the row, so it arrives at
//   commit, in commit order. While that client is down (a restart, a failover,
//   pg_terminate_backend) every request reads the row, as before, until the
//   client is back and has read the row again after its LISTEN.
// - SQLite: several processes may share the file. `PRAGMA data_version` moves
//   when another connection commits, and total_changes() when this one writes
//   (through any path, transactions included); the row is read again only
//   when either moved. Both cost a few microseconds.

const CHANNEL = 'crown_site_version'
const KEY = 'site.version'

/** How long a POST waits to see its own NOTIFY come back, so the next page view in any process sees the change. */
const OWN_NOTIFY_WAIT_MS = 1_000

const trackers = new WeakMap<Db, SiteVersions>()

export class SiteVersions {
  private value: string | null = null
  private client: pg.Client | null = null
  private listening = false
  private closed = false
  private retryTimer: NodeJS.Timeout | null = null
  private retryMs: number
  private waiters = new Map<string, () => void>()
  // Versions that arrived lately: a POST asking after its own may come after a later one.
  private recent: string[] = []
  private sqliteMarks: { dataVersion: number; changes: number } | null = null
  private readonly sqliteCheck?: () => { data_version: number; changes: number }
  private readonly sqliteRead?: () => { value: string } | undefined
  /** Times the listener has connected and read the row (tests wait on this). */
  connects = 0
  private connectWaiters: (() => void)[] = []

  constructor(
    private database: Database,
    private opts: { databaseUrl?: string; retryMs?: number; maxRetryMs?: number; warn?: (message: string) => void } = {},
  ) {
    this.retryMs = opts.retryMs ?? 250
    if (database.sqlite) {
      // Prepared once: this check runs on every shared page view.
      const check = database.sqlite.prepare('SELECT (SELECT data_version FROM pragma_data_version) AS data_version, total_changes() AS changes')
      const read = database.sqlite.prepare("SELECT value FROM settings WHERE key = 'site.version'")
      this.sqliteCheck = () => check.get() as { data_version: number; changes: number }
      this.sqliteRead = () => read.get() as { value: string } | undefined
    }
    if (!trackers.has(database.db)) trackers.set(database.db, this)
  }

  /** Whether changes arrive by NOTIFY (PostgreSQL with its listener connected). */
  get isListening(): boolean {
    return this.listening
  }

  /** Starts listening (PostgreSQL with a URL); a failed connection is retried, and requests read the row meanwhile. */
  async start(): Promise<void> {
    if (this.database.dialect !== 'postgres' || !this.opts.databaseUrl) return
    await this.connect()
  }

  /** The current site version, as of this moment. */
  async current(): Promise<string> {
    if (this.sqliteCheck) {
      const now = this.sqliteCheck()
      const marks = this.sqliteMarks
      if (this.value === null || !marks || marks.dataVersion !== now.data_version || marks.changes !== now.changes) {
        // Marks first, then the row: a commit in between moves the marks again.
        this.sqliteMarks = { dataVersion: now.data_version, changes: now.changes }
        this.value = this.sqliteRead!()?.value ?? 'initial'
      }
      return this.value
    }
    if (this.listening && this.value !== null) {
      // One turn of the event loop: a notification already received by the
      // socket is read first. A reader's next request after a change arrives
      // after the writer's own process has seen its NOTIFY (bumpSiteVersion
      // waits for it), and the server sends it to every listener at commit.
      await new Promise<void>((resolve) => setImmediate(resolve))
      if (this.listening && this.value !== null) return this.value
    }
    return readSiteVersion(this.database.db)
  }

  /** Resolves once the listener has connected n times in all. */
  async connected(n = 1): Promise<void> {
    if (this.connects >= n) return
    await new Promise<void>((resolve) => this.connectWaiters.push(resolve))
    return this.connected(n)
  }

  /** Waits (bounded) until this process's listener has seen `value`, so its next request is served at it. */
  async seen(value: string): Promise<void> {
    if (!this.listening || this.recent.includes(value)) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, OWN_NOTIFY_WAIT_MS)
      timer.unref()
      const previous = this.waiters.get(value)
      function done() {
        clearTimeout(timer)
        previous?.()
        resolve()
      }
      this.waiters.set(value, done)
    })
  }

  /** Ends the listener; requests after this read the row. */
  async close(): Promise<void> {
    this.closed = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.dropClient()
    for (const done of this.waiters.values()) done()
    this.waiters.clear()
  }

  /** The listener's backend process id (tests end it with pg_terminate_backend). */
  async listenerPid(): Promise<number | null> {
    const client = this.client
    if (!client || !this.listening) return null
    const r = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
    return r.rows[0].pid
  }

  private async connect(): Promise<void> {
    if (this.closed) return
    const client = new (loadPg().Client)({ connectionString: this.opts.databaseUrl })
    this.client = client
    client.on('error', (err) => this.lost(client, err))
    client.on('end', () => this.lost(client))
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload || this.client !== client) return
      this.value = msg.payload
      this.recent.push(msg.payload)
      if (this.recent.length > 32) this.recent.shift()
      this.release(msg.payload)
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANNEL}`)
      // Read after LISTEN, on the same client: a change committed after this
      // read arrives as a notification, in order, after the row.
      const r = await client.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [KEY])
      if (this.client !== client || this.closed) return
      this.value = r.rows[0]?.value ?? 'initial'
      this.listening = true
      this.retryMs = this.opts.retryMs ?? 250
      this.connects++
      for (const w of this.connectWaiters.splice(0)) w()
    } catch (err) {
      this.lost(client, err as Error)
    }
  }

  private lost(client: pg.Client, err?: Error) {
    if (this.client !== client) return
    this.dropClient()
    if (this.closed) return
    if (err) this.opts.warn?.(`The site version listener lost its PostgreSQL connection (${err.message}); pages check the version per request until it is back.`)
    this.retryTimer = setTimeout(() => { this.retryTimer = null; void this.connect() }, this.retryMs)
    this.retryTimer.unref()
    this.retryMs = Math.min(this.retryMs * 2, this.opts.maxRetryMs ?? 5_000)
  }

  private dropClient() {
    const client = this.client
    this.client = null
    this.listening = false
    this.value = this.database.sqlite ? this.value : null
    if (client) {
      client.removeAllListeners('notification')
      // An 'error' after end() (the socket closing) must not end the process.
      client.on('error', () => {})
      void client.end().catch(() => {})
    }
  }

  private release(value: string) {
    const done = this.waiters.get(value)
    if (done) {
      this.waiters.delete(value)
      done()
    }
  }
}

/** The site version as stored, read from the database (no memory). */
export async function readSiteVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst()
  return row?.value ?? 'initial'
}

/**
 * Replaces the site version: every shared page becomes stale, in every
 * process. On PostgreSQL the same statement sends the NOTIFY, and this waits until this
 * process's own listener has seen it.
 */
export async function bumpSiteVersion(db: Db): Promise<void> {
  const value = randomToken(12)
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sqlBump(db, value)
    await trackers.get(db)?.seen(value)
    return
  }
  await db.insertInto('settings').values({ key: KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute()
}

async function sqlBump(db: Db, value: string) {
  await sql`WITH up AS (
      INSERT INTO settings (key, value) VALUES (${KEY}, ${value})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING value
    ) SELECT pg_notify(${CHANNEL}, value) FROM up`.execute(db)
}
