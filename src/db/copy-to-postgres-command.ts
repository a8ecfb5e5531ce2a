import cliProgress from 'cli-progress'
import { copyToPostgres, CopyRefused, redactUrl, type CopyProgress, type CopyReport } from './copy-to-postgres.js'

// `npm run crown -- copy-to-postgres URL`: a progress bar on a terminal,
// plain lines otherwise (a log, CI), then the row counts of both databases
// side by side. Exits non-zero on a refusal or on any count that differs.

export interface CopyCommandOutput {
  out: (line: string) => void
  err: (line: string) => void
  /** A terminal: redraw one bar; otherwise print a line every tenth of the rows. */
  tty: boolean
  stream?: NodeJS.WritableStream
}

/** Runs the copy from the command line; returns the exit code. */
export async function runCopyCommand(sourceUrl: string, targetUrl: string | undefined, io: CopyCommandOutput): Promise<number> {
  if (!targetUrl) {
    io.err('copy-to-postgres needs the URL of an empty PostgreSQL database, e.g. npm run crown -- copy-to-postgres postgres://crown@127.0.0.1:5432/crown')
    return 1
  }
  io.out(`Copying ${sourceUrl} into ${redactUrl(targetUrl)}`)
  const meter = progressMeter(io)
  let report: CopyReport
  try {
    report = await copyToPostgres(sourceUrl, targetUrl, { onProgress: meter.tick, onRowsSent: meter.rowsSent })
  } catch (err) {
    meter.stop()
    if (err instanceof CopyRefused) {
      io.err(err.message)
      return 1
    }
    throw err
  } finally {
    meter.stop()
  }
  for (const line of describeCopy(report)) io.out(line)
  return report.ok ? 0 : 1
}

/** The verification table: rows per table in SQLite and in PostgreSQL, then a verdict. */
export function describeCopy(report: CopyReport): string[] {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length))
  const num = (n: number) => n.toLocaleString('en').padStart(12)
  const lines = [`${'Table'.padEnd(width)}  ${'SQLite'.padStart(12)}  ${'PostgreSQL'.padStart(12)}`]
  for (const t of report.tables) lines.push(`${t.table.padEnd(width)}  ${num(t.source)}  ${num(t.target)}${t.source === t.target ? '' : '  MISMATCH'}`)
  for (const s of report.skipped) lines.push(`Not copied: ${s.table} (${s.why})`)
  const s = (ms: number) => (ms / 1000).toFixed(1)
  const seconds = s(report.ms)
  const bad = report.tables.filter((t) => t.source !== t.target)
  lines.push(bad.length
    ? `${bad.length} table(s) differ: ${bad.map((t) => t.table).join(', ')}. Do not switch DATABASE_URL to this copy.`
    : `All ${report.tables.length} tables match: ${report.rows.toLocaleString('en')} rows copied in ${seconds} s (rows ${s(report.phases.copyMs)} s, indexes and keys ${s(report.phases.restoreMs)} s). Point DATABASE_URL at the new database to use it.`)
  return lines
}

function progressMeter(io: CopyCommandOutput) {
  let stopped = false
  if (io.tty) {
    const bar = new cliProgress.SingleBar({
      format: 'Copying |{bar}| {percentage}% · {value}/{total} rows · {table} · {eta_formatted} left',
      stream: io.stream ?? process.stderr,
      hideCursor: true,
    }, cliProgress.Presets.shades_classic)
    let started = false
    return {
      tick: (p: CopyProgress) => {
        if (!started) { bar.start(p.total, 0, { table: p.table }); started = true }
        bar.update(p.done, { table: p.table })
      },
      rowsSent: () => { if (started) bar.update({ table: 'rebuilding indexes, checking keys' }) },
      stop: () => { if (started && !stopped) { stopped = true; bar.stop() } },
    }
  }
  let shown = 0
  return {
    tick: (p: CopyProgress) => {
      const tenth = p.total ? Math.floor((p.done / p.total) * 10) : 10
      if (tenth <= shown) return
      shown = tenth
      io.out(`Copying: ${tenth * 10}% (${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} rows), now ${p.table}`)
    },
    rowsSent: () => io.out('Every row is sent; rebuilding indexes and checking foreign keys.'),
    stop: () => {},
  }
}
