import cluster, { type Worker } from 'node:cluster'
import v8 from 'node:v8'
import pino from 'pino'
import { loadConfig, ConfigError, type Config } from './config.js'
import { assembleDeps, createDeps, closeDeps } from './boot.js'
import { buildApp } from './app.js'
import { isPostgresUrl, openDatabase } from './db/database.js'
import { loggerOptions } from './logging.js'
import { registerJobHandlers } from './jobs/handlers.js'
import { seedDemoIfEmpty } from './seed.js'

// config → db → app → listen. With WORKERS above 1 (the default on a machine
// with several cores) this process is the primary of a node:cluster: it
// migrates and seeds once, then forks that many workers that share the port.
// Workers keep nothing another process needs (sessions, rate limits, the site
// version, jobs and view counts live in the database), so any worker, or any
// machine behind a proxy, can answer any request.

// Under load most of a process's peak memory is request garbage that lived
// through a scavenge into V8's old generation, which V8 lets grow to up to 4×
// the live heap before a full collection. 1.5× keeps every process of the
// article bench under 200 MB at peak (189–196 MB; 2× peaked at 203–212 MB
// uncached), for about a tenth more CPU per request in the same session
// (docs/deploy.md, "Memory per process").
// The flag is read at each collection, so setting it here holds for this
// process and, as each runs this file, for every worker. One given on the
// command line wins (NODE_OPTIONS may not carry it).
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) v8.setFlagsFromString('--heap-growing-percent=50')

// A request in flight gets this long to finish after SIGTERM.
const DRAIN_MS = 15_000
// A worker that dies sooner than this after it started counts as a crash in a
// row; the next start waits 0.5 s, 1 s, 2 s… up to 30 s, so a crash loop
// (a bad disk, a lost database) does not spin the CPU or flood the log.
const STEADY_AFTER_MS = 30_000
const RESTART_BASE_MS = 500
const RESTART_MAX_MS = 30_000

/** What a worker tells the primary. */
type WorkerMessage = { crown: 'listening' }

async function main() {
  const config = loadConfig()
  if (cluster.isWorker) return serve(config, { migrated: true })
  if (config.workers === 1) return serve(config, { migrated: false })
  return runPrimary(config)
}

/** One app process: the whole site, or one worker of the cluster (the primary has migrated and seeded). */
async function serve(config: Config, opts: { migrated: boolean }) {
  const deps = opts.migrated ? await assembleDeps(config, openDatabase(config.databaseUrl)) : await createDeps(config)
  if (!opts.migrated && config.seedDemo === 'auto') await seedDemoIfEmpty(deps)
  const app = await buildApp(deps)
  registerJobHandlers(deps)
  if (config.jobs) deps.jobs.start()
  await app.listen({ port: config.port, host: config.host })
  if (cluster.isWorker) process.send?.({ crown: 'listening' } satisfies WorkerMessage)
  else app.log.info(`Crown is serving ${config.siteUrl} (database: ${deps.database.dialect})`)

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info(`${signal}: finishing requests in flight, then stopping`)
    // Stop accepting, let requests in flight finish, then close the database.
    const force = setTimeout(() => process.exit(1), DRAIN_MS)
    force.unref()
    await app.close()
    await closeDeps(deps)
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  // Ctrl-C reaches every process of the terminal's group: a worker drains on
  // it like on the primary's SIGTERM, and the primary waits for them.
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

async function runPrimary(config: Config) {
  const log = pino(loggerOptions(config))
  {
    // Migrate and seed once, before any worker opens the database.
    const deps = await createDeps(config)
    if (config.seedDemo === 'auto') await seedDemoIfEmpty(deps)
    await closeDeps(deps)
  }

  let closing = false
  let exitCode = 0
  let everListening = false
  let announced = false
  let crashesInARow = 0
  const startedAt = new Map<Worker, number>()
  const listening = new Set<Worker>()

  const fork = () => {
    const worker = cluster.fork()
    startedAt.set(worker, Date.now())
    worker.on('message', (m: WorkerMessage) => {
      if (m?.crown !== 'listening') return
      listening.add(worker)
      if (!announced && listening.size === config.workers) {
        announced = true
        log.info(`Crown is serving ${config.siteUrl} with ${config.workers} workers (database: ${isPostgresUrl(config.databaseUrl) ? 'postgres' : 'sqlite'})`)
      }
      everListening = true
    })
  }

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? Date.now())
    const wasListening = listening.has(worker)
    startedAt.delete(worker)
    listening.delete(worker)
    if (closing) {
      if (startedAt.size === 0) process.exit(exitCode)
      return
    }
    const how = signal ? `signal ${signal}` : `code ${code}`
    // A worker that never listened, before any did, is a start that cannot
    // succeed (the port is taken, the database refuses): stop, as one process would.
    if (!wasListening && !everListening) {
      log.fatal({ worker: worker.process.pid }, `a worker failed to start (${how}); stopping`)
      stopAll(1)
      return
    }
    crashesInARow = lived < STEADY_AFTER_MS ? crashesInARow + 1 : 0
    const wait = crashesInARow === 0 ? 0 : Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** (crashesInARow - 1))
    log.error({ worker: worker.process.pid, code, signal, restartInMs: wait }, `a worker stopped (${how}); starting another`)
    setTimeout(() => { if (!closing) fork() }, wait)
  })

  const stopAll = (code: number) => {
    if (closing) return
    closing = true
    exitCode = code
    const workers = [...startedAt.keys()]
    if (!workers.length) process.exit(exitCode)
    log.info(`stopping ${workers.length} workers: each finishes its requests in flight`)
    for (const w of workers) w.process.kill('SIGTERM')
    // A worker that cannot drain in time is killed; its own timer should have ended it.
    const force = setTimeout(() => {
      for (const w of startedAt.keys()) w.process.kill('SIGKILL')
      process.exit(1)
    }, DRAIN_MS + 5_000)
    force.unref()
  }
  process.on('SIGTERM', () => stopAll(0))
  process.on('SIGINT', () => stopAll(0))

  for (let i = 0; i < config.workers; i++) fork()
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
})
