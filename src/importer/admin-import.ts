import fs from 'node:fs'
import path from 'node:path'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { recordAudit } from '../db/audit.js'
import { takeToken } from '../db/rate-limits.js'
import { openDatabase } from '../db/database.js'
import { userNamesByIds } from '../accounts/index.js'
import { ImportFileError } from './import-file-error.js'
import type { ReadProgress } from './xml-records.js'
import { importWordPress } from './wordpress-import.js'
import { importDisqus } from './disqus-import.js'
import type { ImportReport } from './report.js'
import {
  claimRun, failRun, failStaleRun, findRun, finishRun, insertRun, recentRuns, recordProgress, staleRunningRuns, type ImportRunRow,
} from './queries.js'

// Staff import an export from the admin: the upload is stored under
// DATA_DIR/imports, a run row and the job importer.run are committed together,
// and the job streams the file through the same importer the CLI runs,
// writing its progress to the row for the run's page to show.

export const IMPORT_JOB = 'importer.run'

/** The largest export the admin takes; larger sites use the CLI (`npm run crown -- import-wordpress`). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024

// Ten uploads an hour per account and per IP: an import is rare, and each
// stores up to MAX_IMPORT_BYTES on disk until its job has run.
export const IMPORT_LIMIT = { limit: 10, windowMs: 60 * 60_000 }

// The page polls every second; writing the row more often would only add
// database load to an import that is already the busiest thing running.
const PROGRESS_EVERY_MS = 1000
// A running import touches its row at least this often, even inside one
// large record, so a row that has not moved for STALE_AFTER_MS has no
// process behind it.
const HEARTBEAT_MS = 10_000
const STALE_AFTER_MS = 60_000

export const INTERRUPTED = 'The import was interrupted (the server stopped while it ran); run the import again to go on: what was imported stays, and nothing is imported twice.'
const UNEXPECTED = 'The import stopped on an unexpected error, which is in the server log; what was imported before it stays. Run the import again to go on.'

export type ImportSource = 'wordpress' | 'disqus'

export function importsFolder(deps: Pick<Deps, 'config'>): string {
  return path.join(deps.config.dataDir, 'imports')
}

function storedPath(deps: Pick<Deps, 'config'>, storedAs: string): string {
  return path.join(importsFolder(deps), path.basename(storedAs))
}

export type UploadCheck = { ok: true } | { ok: false; message: string }

/**
 * Whether a stored upload can be an XML export: not empty, not compressed,
 * and starting with markup. The reader says more, with a line and column,
 * once the job runs.
 */
export function checkUploadStart(file: string): UploadCheck {
  const fd = fs.openSync(file, 'r')
  const head = Buffer.alloc(1024)
  let n: number
  try { n = fs.readSync(fd, head, 0, head.length, 0) } finally { fs.closeSync(fd) }
  const bytes = head.subarray(0, n)
  if (n === 0) return { ok: false, message: 'The file is empty. Export again (WordPress: Tools → Export → All content) and upload the .xml file.' }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { ok: false, message: 'The file is compressed (gzip). Unzip it first and upload the .xml file inside.' }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return { ok: false, message: 'The file is a zip archive. Unzip it first and upload the .xml file inside.' }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart()
  if (!text.startsWith('<')) return { ok: false, message: 'The file is not XML: an export starts with “<?xml” or “<rss”. Upload the .xml file the export gave you.' }
  return { ok: true }
}

export type RateOutcome = { ok: true } | { ok: false; retryAfterMs: number }

/** Counts an upload against the account's hourly allowance (the IP's is counted by the route's config). */
export async function takeImportToken(deps: Deps, userId: number): Promise<RateOutcome> {
  const r = await takeToken(deps.db, { key: `import:account:${userId}`, ...IMPORT_LIMIT, now: deps.clock.now() })
  return r.ok ? { ok: true } : r
}

export interface StartImport {
  source: ImportSource
  dryRun: boolean
  /** As uploaded; shown only. */
  fileName: string
  /** The server-made file under importsFolder(). */
  storedAs: string
  sizeBytes: number
}

/** Creates the run and enqueues its job in one transaction; returns the run id. */
export async function startImport(deps: Deps, actor: { id: number }, input: StartImport): Promise<number> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const id = await insertRun(trx, {
      source: input.source, file_name: input.fileName.slice(0, 255), stored_as: path.basename(input.storedAs), size_bytes: input.sizeBytes,
      dry_run: input.dryRun ? 1 : 0, status: 'queued', bytes_done: 0, records_done: 0, report_json: null, error: null,
      started_by: actor.id, created_at: at, started_at: null, finished_at: null, updated_at: at,
    })
    await deps.jobs.enqueue(IMPORT_JOB, { runId: id }, { maxAttempts: 1 }, trx)
    await recordAudit(trx, {
      actorUserId: actor.id, action: 'import.start', subjectType: 'import_run', subjectId: String(id), at,
      detail: `${input.source === 'wordpress' ? 'WordPress' : 'Disqus'} export “${input.fileName}”${input.dryRun ? ' (dry run)' : ''}`,
    })
    return id
  })
}

/**
 * The job importer.run. It never throws for a run it could not finish: a file
 * the reader refuses will not get better on a retry, so the run is failed with
 * the reader's sentence and the job ends.
 */
export async function runImportJob(deps: Deps, payload: { runId: number }): Promise<void> {
  const run = await findRun(deps.db, payload.runId)
  if (!run) return
  const now = () => iso(deps.clock.now())
  if (!(await claimRun(deps.db, run.id, now()))) {
    // The queue hands a job out again when its worker died holding it.
    await failIfStale(deps, run)
    return
  }
  const file = storedPath(deps, run.stored_as)
  const progress: ReadProgress = { bytes: 0, records: 0, maxPending: 0 }
  let lastWrite = deps.clock.now().getTime()
  let writing: Promise<void> = Promise.resolve()
  const write = () => {
    lastWrite = deps.clock.now().getTime()
    const at = iso(new Date(lastWrite))
    const p = { bytes: progress.bytes, records: progress.records }
    writing = writing.then(() => recordProgress(deps.db, run.id, p, at)).catch((err: unknown) => deps.log.warn({ err, run: run.id }, 'import progress not saved'))
  }
  const heartbeat = setInterval(write, HEARTBEAT_MS)
  heartbeat.unref()
  const onRecord = () => { if (deps.clock.now().getTime() - lastWrite >= PROGRESS_EVERY_MS) write() }
  let copy: DatabaseCopy | null = null
  try {
    const opts = { dryRun: run.dry_run === 1, progress, onRecord }
    if (opts.dryRun) copy = await sqliteCopy(deps, run.stored_as)
    const importDeps = copy?.deps ?? deps
    const input = fs.createReadStream(file)
    const report: ImportReport = run.source === 'disqus'
      ? (await importDisqus(importDeps, input, opts)).report
      : (await importWordPress(importDeps, input, opts)).report
    clearInterval(heartbeat)
    await writing
    await finishRun(deps.db, run.id, { bytes: run.size_bytes, records: progress.records }, JSON.stringify(report.toJSON()), now())
  } catch (err) {
    clearInterval(heartbeat)
    await writing
    const done = { bytes: progress.bytes, records: progress.records }
    if (err instanceof ImportFileError) {
      await failRun(deps.db, run.id, err.describe(), now(), done)
    } else {
      deps.log.error({ err, run: run.id }, 'import failed')
      await failRun(deps.db, run.id, UNEXPECTED, now(), done)
    }
  } finally {
    await copy?.close()
    fs.rmSync(file, { force: true })
  }
}

interface DatabaseCopy { deps: Deps; close(): Promise<void> }

/**
 * A dry run is one transaction, rolled back at the end. On SQLite the site has
 * one connection, which that transaction would hold for the whole file, so
 * every request (and the run's own progress) would wait for it: the dry run
 * reads the export into a copy of the database instead (SQLite's online
 * backup, which lets the site keep serving), deleted afterwards. On Postgres
 * the transaction takes one pooled connection and the site uses the others.
 */
async function sqliteCopy(deps: Deps, name: string): Promise<DatabaseCopy | null> {
  const sqlite = deps.database.sqlite
  if (deps.database.dialect !== 'sqlite' || !sqlite) return null
  const file = path.join(importsFolder(deps), `${path.basename(name)}.dry-run.sqlite`)
  await sqlite.backup(file)
  const database = openDatabase(file)
  return {
    deps: { ...deps, database, db: database.db },
    async close() {
      await database.close()
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true })
    },
  }
}

async function failIfStale(deps: Deps, run: ImportRunRow) {
  const now = deps.clock.now()
  if (run.status !== 'running') return
  if (await failStaleRun(deps.db, run.id, iso(new Date(now.getTime() - STALE_AFTER_MS)), INTERRUPTED, iso(now))) {
    fs.rmSync(storedPath(deps, run.stored_as), { force: true })
  }
}

/**
 * At start: a run left 'running' by a process that stopped is failed, saying
 * to run it again (the import is idempotent). A run another process is still
 * writing has a fresh row and is left alone.
 */
export async function failInterruptedRuns(deps: Deps): Promise<number> {
  const now = deps.clock.now()
  const before = iso(new Date(now.getTime() - STALE_AFTER_MS))
  let n = 0
  for (const run of await staleRunningRuns(deps.db, before)) {
    if (await failStaleRun(deps.db, run.id, before, INTERRUPTED, iso(now))) {
      fs.rmSync(storedPath(deps, run.stored_as), { force: true })
      n++
    }
  }
  if (n) deps.log.warn({ runs: n }, 'imports interrupted by a stop were marked failed')
  return n
}

export interface ImportRunView {
  id: number
  source: ImportSource
  fileName: string
  sizeBytes: number
  dryRun: boolean
  status: ImportRunRow['status']
  bytesDone: number
  recordsDone: number
  error: string | null
  report: ImportReportData | null
  startedBy: string
  createdAt: string
  finishedAt: string | null
}

/** ImportReport.toJSON() as stored. */
export interface ImportReportData {
  counts: Record<string, { imported: number; updated: number; unchanged: number; skipped: number }>
  warnings: { line: number; subject: string; message: string }[]
  remoteImages: string[]
  convertedWithRawHtml: number
}

function toView(r: ImportRunRow, names: Map<number, string>): ImportRunView {
  return {
    id: r.id, source: r.source, fileName: r.file_name, sizeBytes: Number(r.size_bytes), dryRun: r.dry_run === 1, status: r.status,
    bytesDone: Number(r.bytes_done), recordsDone: Number(r.records_done), error: r.error,
    report: r.report_json ? JSON.parse(r.report_json) as ImportReportData : null,
    startedBy: r.started_by === null ? 'Deleted account' : names.get(r.started_by) ?? 'Deleted account',
    createdAt: r.created_at, finishedAt: r.finished_at,
  }
}

/** The last 50 runs, newest first, with who started them. */
export async function importRunsList(deps: Deps): Promise<ImportRunView[]> {
  const rows = await recentRuns(deps.db, 50)
  const names = await userNamesByIds(deps.db, [...new Set(rows.flatMap((r) => (r.started_by === null ? [] : [r.started_by])))])
  return rows.map((r) => toView({ ...r, report_json: null }, names))
}

export async function importRun(deps: Deps, id: number): Promise<ImportRunView | undefined> {
  const row = await findRun(deps.db, id)
  if (!row) return undefined
  const names = await userNamesByIds(deps.db, row.started_by === null ? [] : [row.started_by])
  return toView(row, names)
}
