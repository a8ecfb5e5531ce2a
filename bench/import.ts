import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import pg from 'pg'
import { ROOT } from './lib.js'
import { writeWxr, type GeneratedWxr } from './wxr-generator.js'

// The WordPress import at two sizes of the same shape (50 comments a post):
// BENCH_IMPORT_COMMENTS comments (default 50,000, the export) and a
// tenth as many. 50,000 and 500,000 took 16 minutes on our 2-core machine
// while it ran browser tests (about 1,000 comments a second when it is quiet,
// so still 9 or more): over the bench's ten minutes. So the default run shows
// flatness from 5,000 to 50,000 (about a minute); BENCH_IMPORT_COMMENTS=500000
// runs 50,000 and 500,000.
// Each import runs in a child process on a fresh database, so its peak RSS is
// the import's own; a flat peak between the sizes shows nothing the importer
// keeps grows with the file. Beside each import, in the same run and on the
// same file, the bare reader (readWxr, counting records) in a child of its own:
// the import's cost above parsing XML, on a machine whose speed varies 2×.
// Peak RSS also moves with when V8 chooses to collect: the reader holds a
// constant 24 MB after a full GC at any size, yet its peak varies by 10-30%.
// A run whose import reports fewer posts or comments than the file holds
// prints an error and exits non-zero.

const COMMENTS_PER_POST = 50
const CACHE_DIR = path.join(ROOT, '.bench')
// Bump when the generator's output changes, so a cached export is remade.
const GENERATOR_VERSION = 1

interface ChildFigures {
  wallMs: number
  /** User + system CPU of the measured part, in ms. */
  cpuMs: number
  /** The child's peak resident memory over its whole life (getrusage ru_maxrss). */
  peakRssMiB: number
  [k: string]: unknown
}

interface SizeFigures {
  wxr: GeneratedWxr
  importing: ChildFigures
  reading: ChildFigures
  database: string
}

/** Prints the import figures; returns false when an import or a read fell short of the file. */
export async function benchImport(): Promise<boolean> {
  const largest = Number(process.env.BENCH_IMPORT_COMMENTS ?? 50_000)
  if (!Number.isInteger(largest) || largest < 10 * COMMENTS_PER_POST) throw new Error(`BENCH_IMPORT_COMMENTS must be a whole number ≥ ${10 * COMMENTS_PER_POST}`)
  const sizes = [largest / 10, largest]
  const targets: { label: string; url?: string }[] = [{ label: 'SQLite' }]
  if (process.env.BENCH_POSTGRES_URL) targets.push({ label: 'PostgreSQL', url: process.env.BENCH_POSTGRES_URL })
  fs.mkdirSync(CACHE_DIR, { recursive: true })

  let ok = true
  const rows: SizeFigures[] = []
  for (const comments of sizes) {
    const wxr = await generated(Math.ceil(comments / COMMENTS_PER_POST))
    const reading = await runChild(['read', wxr.file], {})
    if (reading.items !== wxr.posts || reading.comments !== wxr.comments) {
      console.error(`  ERROR: the reader found ${String(reading.items)} items and ${String(reading.comments)} comments; the file holds ${wxr.posts} and ${wxr.comments}`)
      ok = false
    }
    for (const target of targets) {
      const importing = await importInChild(wxr.file, target.url)
      const counts = importing.counts as Record<string, { imported: number }> | undefined
      const posts = counts?.post?.imported ?? 0
      const imported = counts?.comment?.imported ?? 0
      if (posts !== wxr.posts || imported !== wxr.comments) {
        console.error(`  ERROR (${target.label}): the import reported ${posts} posts and ${imported} comments imported; the file holds ${wxr.posts} posts and ${wxr.comments} comments`)
        ok = false
      }
      rows.push({ wxr, importing, reading, database: target.label })
    }
  }
  printTable(rows)
  return ok
}

/** The export for this many posts, from .bench/ when an earlier run made it. */
async function generated(posts: number): Promise<GeneratedWxr> {
  const file = path.join(CACHE_DIR, `wxr-${posts}x${COMMENTS_PER_POST}-v${GENERATOR_VERSION}.xml`)
  const meta = `${file}.json`
  if (fs.existsSync(file) && fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8')) as GeneratedWxr
  const started = Date.now()
  const wxr = await writeWxr(file, { posts, commentsPerPost: COMMENTS_PER_POST })
  fs.writeFileSync(meta, JSON.stringify(wxr))
  console.log(`  generated ${path.relative(ROOT, file)}: ${mib(wxr.bytes)} MiB in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return wxr
}

/** Runs the import in a child on a fresh database: SQLite under .bench/, or a new database on the Postgres server. */
async function importInChild(file: string, postgresUrl: string | undefined): Promise<ChildFigures> {
  const dataDir = fs.mkdtempSync(path.join(CACHE_DIR, 'import-run-'))
  let databaseUrl = path.join(dataDir, 'crown.sqlite')
  let dropDatabase: (() => Promise<void>) | undefined
  if (postgresUrl) {
    const name = `crown_bench_import_${crypto.randomBytes(4).toString('hex')}`
    await adminQuery(postgresUrl, `CREATE DATABASE ${name}`)
    const url = new URL(postgresUrl)
    url.pathname = `/${name}`
    databaseUrl = url.toString()
    dropDatabase = () => adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${name}`)
  }
  try {
    return await runChild(['import', file], { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'never', JOBS: 'off' })
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
    await dropDatabase?.()
  }
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try { await client.query(sql) } finally { await client.end() }
}

/** Runs bench/import-child.ts and returns the JSON line it prints. */
function runChild(args: string[], env: Record<string, string>): Promise<ChildFigures> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/import-child.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? ''
      if (code !== 0) return reject(new Error(`import-child ${args.join(' ')} exited with ${code}: ${out.slice(-2000)}`))
      try { resolve(JSON.parse(line) as ChildFigures) } catch { reject(new Error(`import-child ${args.join(' ')} printed no figures: ${out.slice(-2000)}`)) }
    })
  })
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)

function printTable(rows: SizeFigures[]) {
  console.log(`  ${'database'.padEnd(10)} ${'file MiB'.padStart(8)} ${'comments'.padStart(9)} │ ${'import s'.padStart(8)} ${'comments/s'.padStart(10)} ${'CPU ms/1k'.padStart(9)} ${'peak MiB'.padStart(8)} │ ${'reader s'.padStart(8)} ${'CPU ms/1k'.padStart(9)} ${'peak MiB'.padStart(8)} │ import/reader CPU`)
  for (const r of rows) {
    const k = r.wxr.comments / 1000
    const i = r.importing
    const d = r.reading
    console.log(`  ${r.database.padEnd(10)} ${mib(r.wxr.bytes).padStart(8)} ${r.wxr.comments.toLocaleString('en').padStart(9)} │ ${(i.wallMs / 1000).toFixed(1).padStart(8)} ${(r.wxr.comments / (i.wallMs / 1000)).toFixed(0).padStart(10)} ${(i.cpuMs / k).toFixed(0).padStart(9)} ${i.peakRssMiB.toFixed(0).padStart(8)} │ ${(d.wallMs / 1000).toFixed(1).padStart(8)} ${(d.cpuMs / k).toFixed(0).padStart(9)} ${d.peakRssMiB.toFixed(0).padStart(8)} │ ${(i.cpuMs / d.cpuMs).toFixed(1).padStart(6)}×`)
  }
  for (const database of new Set(rows.map((r) => r.database))) {
    const [small, large] = rows.filter((r) => r.database === database)
    if (!small || !large) continue
    const times = large.wxr.comments / small.wxr.comments
    console.log(`  ${database}: peak RSS at ×${times} the comments is ${(large.importing.peakRssMiB / small.importing.peakRssMiB).toFixed(2)}× the import's at ×1 (flat ≈ 1); the reader's ${(large.reading.peakRssMiB / small.reading.peakRssMiB).toFixed(2)}×`)
  }
  const warnings = rows.map((r) => `${r.database} ${r.wxr.comments.toLocaleString('en')}: ${String(r.importing.warnings)} warnings, ${String(r.importing.remoteImages)} remote images`)
  console.log(`  report: ${warnings.join('; ')}`)
}
