import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import type CliProgress from 'cli-progress'
import type { Deps } from '../deps.js'
import { ImportFileError } from './import-file-error.js'
import type { ReadProgress } from './xml-records.js'
import { importWordPress, type WordPressImportOptions } from './wordpress-import.js'
import { importDisqus } from './disqus-import.js'
import type { ImportReport } from './report.js'

// `npm run crown -- import-wordpress export.xml [--uploads DIR] [--dry-run]`:
// a progress bar on a terminal, plain progress lines otherwise (a log, CI),
// then the report. A file it cannot read is one clear line, never a stack.

export interface CommandOutput {
  out: (line: string) => void
  err: (line: string) => void
  /** A terminal: redraw one bar; otherwise print a line every tenth of the file. */
  tty: boolean
  stream?: NodeJS.WritableStream
}

export interface ImportCommandArgs { file: string; uploads?: string; dryRun: boolean }

/** Runs an import from the command line; returns the exit code. */
export async function runImportCommand(deps: Deps, kind: 'wordpress' | 'disqus', args: ImportCommandArgs, io: CommandOutput): Promise<number> {
  let size: number
  try {
    const stat = fs.statSync(args.file)
    if (!stat.isFile()) throw new Error('not a file')
    size = stat.size
  } catch {
    io.err(`Cannot read ${args.file}: no such file. Give the path of the export (WordPress: Tools → Export → All content).`)
    return 1
  }
  if (args.uploads !== undefined && !isDirectory(args.uploads)) {
    io.err(`--uploads ${args.uploads}: no such folder. Give a copy of the old site's wp-content/uploads.`)
    return 1
  }
  const progress: ReadProgress = { bytes: 0, records: 0, maxPending: 0 }
  const meter = progressMeter(io, size, path.basename(args.file))
  const opts: WordPressImportOptions = { dryRun: args.dryRun, uploads: args.uploads, progress, onRecord: () => meter.tick(progress.bytes, progress.records) }
  let report: ImportReport
  try {
    const input = fs.createReadStream(args.file)
    report = kind === 'wordpress' ? (await importWordPress(deps, input, opts)).report : (await importDisqus(deps, input, opts)).report
  } catch (err) {
    meter.stop(progress.bytes, progress.records)
    if (err instanceof ImportFileError) {
      io.err(`${args.file}: ${err.describe()}`)
      io.err(args.dryRun ? 'Nothing was written (dry run).' : 'Everything before that point is imported; fix the file and run the same command again to go on.')
      return 1
    }
    throw err
  }
  meter.stop(size, progress.records)
  for (const line of report.lines({ dryRun: args.dryRun })) io.out(line)
  return 0
}

function isDirectory(dir: string): boolean {
  try { return fs.statSync(dir).isDirectory() } catch { return false }
}

function progressMeter(io: CommandOutput, total: number, name: string) {
  if (io.tty) {
    // Only a terminal gets the bar: the server's admin import never loads it.
    const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress
    const bar = new cliProgress.SingleBar({
      format: `${name} |{bar}| {percentage}% · {records} records · {eta_formatted} left`,
      stream: io.stream ?? process.stderr,
      hideCursor: true,
    }, cliProgress.Presets.shades_classic)
    bar.start(total, 0, { records: 0 })
    return {
      tick: (bytes: number, records: number) => bar.update(bytes, { records }),
      stop: (bytes: number, records: number) => { bar.update(bytes, { records }); bar.stop() },
    }
  }
  let shown = -1
  const line = (bytes: number, records: number) => {
    const tenth = total ? Math.floor((bytes / total) * 10) : 10
    if (tenth <= shown) return
    shown = tenth
    io.out(`Importing ${name}: ${Math.min(100, tenth * 10)}% (${mb(bytes)} of ${mb(total)}), ${records.toLocaleString('en')} records`)
  }
  return { tick: line, stop: line }
}

function mb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
