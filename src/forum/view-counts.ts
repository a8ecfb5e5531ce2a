import type { Db } from '../db/database.js'
import { addTopicViews } from './queries/index.js'

// A topic's view count is a statistic, not something a reader is promised:
// writing it on every page view made each view a durable write (an fsync with
// synchronous=FULL) and put every reader of the forum in one queue for the
// database's single writer. Views are counted in memory and added in one
// transaction every few seconds and when the server stops (Discourse buffers
// them the same way). Increments, so several processes can share a database.
// A crash loses at most the last few seconds of views.
//
// With several app processes (cluster workers, machines behind a proxy) each
// counts the views it served and adds them with its own flush: every view is
// written exactly once, never overwritten by another process's count. A
// process shows the stored count plus its own unwritten views, so a reader
// whose requests land on different processes may see a count up to
// FLUSH_EVERY_MS behind the views served elsewhere; it is never too high,
// and it catches up at the next flush. Good enough for a statistic.

export const FLUSH_EVERY_MS = 5_000

export class ViewCounts {
  private pending = new Map<number, number>()
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> = Promise.resolve()

  constructor(private db: Db, private flushEveryMs = FLUSH_EVERY_MS) {}

  /** Counts one view of a topic; it reaches the database with the next flush. */
  count(threadId: number) {
    this.pending.set(threadId, (this.pending.get(threadId) ?? 0) + 1)
    if (!this.timer && this.flushEveryMs > 0) {
      this.timer = setTimeout(() => { this.timer = null; void this.flush().catch(() => { /* kept for the next flush */ }) }, this.flushEveryMs)
      this.timer.unref()
    }
  }

  /** Views counted here and not yet written, for showing a count that includes them. */
  unwritten(threadId: number): number {
    return this.pending.get(threadId) ?? 0
  }

  /** Writes the counted views in one transaction; on failure they stay counted for the next try. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.pending.size) return
      const batch = [...this.pending].sort((a, b) => a[0] - b[0])
      this.pending = new Map()
      try {
        await this.db.transaction().execute(async (trx) => {
          for (const [id, n] of batch) {
            await addTopicViews(trx, id, n)
          }
        })
      } catch (err) {
        for (const [id, n] of batch) this.pending.set(id, (this.pending.get(id) ?? 0) + n)
        throw err
      }
    })
    return this.flushing
  }

  /** Stops the timer and writes what is left (the app's onClose). */
  async close() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.flush()
  }
}
