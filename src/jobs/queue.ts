import os from 'node:os'
import type { Database } from '../db/database.js'
import type { Clock } from '../clock.js'
import { addMs, iso } from '../clock.js'

/** Gets the payload its kind's enqueue stored (JSON). */
export type JobHandler<P = unknown> = (payload: P) => Promise<void>

export interface EnqueueOptions { runAt?: Date; maxAttempts?: number }

// A job whose worker died holding it is taken again after this long.
export const LOCK_TIMEOUT_MS = 5 * 60_000
// A worker renews the lock of the job in hand this often, so a job that runs
// longer than LOCK_TIMEOUT_MS (a large import) is not taken by a second process
// while its own is alive.
const RENEW_EVERY_MS = LOCK_TIMEOUT_MS / 5
// Retry n waits 30 s × 2^(n−1): 30 s, 1 min, 2 min, 4 min, 8 min, then give up.
const BACKOFF_BASE_MS = 30_000

/**
 * A database-backed job queue: jobs survive restarts, and every app process
 * (each cluster worker, each machine) runs one, sharing the table; each job is
 * claimed by one of them. On Postgres the claim skips rows another claim has
 * locked (SKIP LOCKED). On SQLite the claim is one UPDATE … RETURNING, and an
 * UPDATE takes the database's write lock before its subquery reads, so two
 * processes cannot both see the same job as free.
 */
export class JobQueue {
  private handlers = new Map<string, JobHandler>()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private stopped = false
  private readonly workerId = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`

  constructor(
    private database: Database,
    private clock: Clock,
    private log: { error(o: unknown, m?: string): void } = console,
    private renewEveryMs = RENEW_EVERY_MS,
  ) {}

  /** The payload type is the caller's word: the one that enqueue(kind, …) stores. */
  handle<P>(kind: string, handler: JobHandler<P>) { this.handlers.set(kind, handler as JobHandler) }

  /** Adds a job; pass a transaction as `db` so the job commits with the change that caused it. */
  async enqueue(kind: string, payload: unknown, opts: EnqueueOptions = {}, db = this.database.db) {
    const now = this.clock.now()
    await db.insertInto('jobs').values({
      kind,
      payload: JSON.stringify(payload),
      run_at: iso(opts.runAt ?? now),
      max_attempts: opts.maxAttempts ?? 6,
      created_at: iso(now),
      locked_at: null, locked_by: null, last_error: null, done_at: null, failed_at: null,
    }).execute()
    this.poke()
  }

  /** Claims and runs one due job; returns false when none was due. */
  async runOne(): Promise<boolean> {
    const job = await this.claim()
    if (!job) return false
    const handler = this.handlers.get(job.kind)
    const renew = setInterval(() => void this.renewLock(job.id).catch((err: unknown) => this.log.error({ err, job: job.id }, 'job lock not renewed')), this.renewEveryMs)
    renew.unref()
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`)
      await handler(JSON.parse(job.payload))
      clearInterval(renew)
      await this.database.db.updateTable('jobs').set({ done_at: iso(this.clock.now()), locked_at: null }).where('id', '=', job.id).execute()
    } catch (err) {
      clearInterval(renew)
      const attempts = job.attempts + 1
      const now = this.clock.now()
      const giveUp = attempts >= job.max_attempts
      this.log.error({ err, job: job.id, kind: job.kind, attempts }, giveUp ? 'job failed for good' : 'job failed; will retry')
      await this.database.db.updateTable('jobs').set({
        attempts,
        last_error: String(err instanceof Error ? err.message : err).slice(0, 2000),
        locked_at: null,
        locked_by: null,
        run_at: iso(addMs(now, BACKOFF_BASE_MS * 2 ** (attempts - 1))),
        failed_at: giveUp ? iso(now) : null,
      }).where('id', '=', job.id).execute()
    }
    return true
  }

  private async renewLock(id: number) {
    await this.database.db.updateTable('jobs').set({ locked_at: iso(this.clock.now()) })
      .where('id', '=', id).where('locked_by', '=', this.workerId).where('done_at', 'is', null).execute()
  }

  /** Runs due jobs until none is left (tests, CLI). */
  async drain(limit = 1000): Promise<number> {
    let n = 0
    while (n < limit && (await this.runOne())) n++
    return n
  }

  private async claim() {
    const { db, dialect } = this.database
    const now = this.clock.now()
    const staleBefore = iso(addMs(now, -LOCK_TIMEOUT_MS))
    let due = db
      .selectFrom('jobs')
      .select('id')
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('run_at', '<=', iso(now))
      .where((eb) => eb.or([eb('locked_at', 'is', null), eb('locked_at', '<', staleBefore)]))
      .orderBy('run_at')
      .limit(1)
    if (dialect === 'postgres') due = due.forUpdate().skipLocked()
    return db
      .updateTable('jobs')
      .set({ locked_at: iso(now), locked_by: this.workerId })
      .where('id', '=', (eb) => eb.selectFrom(due.as('due')).select('due.id'))
      .returningAll()
      .executeTakeFirst()
  }

  /** Polls for due jobs every `intervalMs` until stop(). */
  start(intervalMs = 1000) {
    this.stopped = false
    const tick = () => {
      if (this.stopped) return
      this.running = this.drain(50).then(() => undefined, (err) => this.log.error({ err }, 'job worker error')).finally(() => {
        this.running = undefined
        if (!this.stopped) this.timer = setTimeout(tick, intervalMs)
      })
    }
    this.timer = setTimeout(tick, 50)
  }

  private poke() {
    if (this.timer && !this.running && !this.stopped) {
      clearTimeout(this.timer)
      this.timer = setTimeout(() => this.start(), 0)
    }
  }

  /** Stops polling and waits for the job in hand to finish. */
  async stop() {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }
}
