import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { freePort } from '../e2e/support.js'

export const ROOT = path.resolve(import.meta.dirname, '..')

/** Builds the production server once (tsc + client bundle). */
export function buildServer() {
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0) throw new Error('build failed')
}

export interface BuiltServer { url: string; proc: ChildProcess; stop(): Promise<void> }

/**
 * Starts dist/main.js (the built server) on a free loopback port, as one
 * process unless `env` sets WORKERS (npm start's default is one per core):
 * then a cluster's primary forks its workers, and the wait ends once the
 * process tree has stopped growing, so every worker is up before a load.
 */
export async function startBuiltServer(env: Record<string, string>): Promise<BuiltServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const proc = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', SITE_URL: url, LOG_LEVEL: 'warn', SEED_DEMO: 'never', JOBS: 'off', WORKERS: '1', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()))
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) break } catch { /* starting */ }
    if (i > 1200 || proc.exitCode !== null) throw new Error('server did not start')
    await sleep(100)
  }
  await settledTree(proc.pid!)
  for (let i = 0; i < 8; i++) await (await fetch(`${url}/healthz`)).arrayBuffer()
  return { url, proc, stop: () => stopTree(proc.pid!, exited) }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits until a process tree has had the same members for a second (workers forked and listening), at most 60 s. */
async function settledTree(pid: number): Promise<number[]> {
  let last = processTree(pid).join(',')
  let stableSince = Date.now()
  for (const started = Date.now(); Date.now() - started < 60_000; await sleep(100)) {
    const now = processTree(pid).join(',')
    if (now !== last) { last = now; stableSince = Date.now() } else if (Date.now() - stableSince >= 1000) break
  }
  return last.split(',').map(Number)
}

/** SIGTERM to the root (a primary drains its workers); any descendant still alive after that is told too, by pid. */
async function stopTree(pid: number, exited: Promise<void>) {
  const tree = processTree(pid)
  process.kill(pid, 'SIGTERM')
  await exited
  const alive = () => tree.slice(1).filter((child) => fs.existsSync(`/proc/${child}`))
  for (let i = 0; i < 50 && alive().length; i++) await sleep(100)
  for (const child of alive()) {
    console.warn(`  (process ${child} outlived its primary ${pid}: sending it SIGTERM)`)
    try { process.kill(child, 'SIGTERM') } catch { /* gone meanwhile */ }
  }
}

/** A process and its descendants (a cluster's primary, then its workers), from /proc/<pid>/task/<tid>/children. */
export function processTree(pid: number): number[] {
  const out = [pid]
  for (let i = 0; i < out.length; i++) {
    let tasks: string[]
    try { tasks = fs.readdirSync(`/proc/${out[i]}/task`) } catch { continue }
    for (const tid of tasks) {
      try {
        for (const child of fs.readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').split(' ')) if (child.trim()) out.push(Number(child))
      } catch { /* the thread ended */ }
    }
  }
  return out
}

/** Peak resident memory in one run, per process of a server's tree, in MB (10^6 bytes, as the issue's targets). */
export interface TreeRss {
  /** The root: the single process, or a cluster's primary. */
  root: number
  /** Each descendant (a cluster's workers); empty for a single process. */
  workers: number[]
}

export const maxRss = (r: TreeRss) => Math.max(r.root, ...r.workers)

export interface Figures {
  rps: number; p50: number; p99: number; errors: number; non2xx: number
  /** Requests completed in the run. */
  requests?: number
  /** Server CPU time (user + system, of the whole process tree) per request, when the server's pid was given: what survives a noisy machine. */
  cpuMsPerRequest?: number
  /** Peak RSS of each server process during this run, when the server's pid was given. */
  rss?: TreeRss
}

/** What a server's process tree used over a stretch of time: CPU ms and peak RSS per process. */
export class TreeMeter {
  private cpuBefore: number
  constructor(private pid: number) {
    for (const p of processTree(pid)) resetPeakRss(p)
    this.cpuBefore = treeCpuMs(pid)
  }
  /** CPU ms used since the meter started. */
  cpuMs(): number { return treeCpuMs(this.pid) - this.cpuBefore }
  /** Peak RSS per process since the meter started. */
  rss(): TreeRss {
    const [root, ...workers] = processTree(this.pid).map(peakRssMB)
    return { root, workers }
  }
}

/** Loads one URL with autocannon (bounded in time, loopback only) and returns its figures; with `pid`, also the server tree's CPU ms per request and peak RSS. */
export async function load(url: string, opts: { connections?: number; seconds?: number; headers?: Record<string, string>; pid?: number; method?: 'GET' | 'POST'; body?: string } = {}): Promise<Figures> {
  const meter = opts.pid ? new TreeMeter(opts.pid) : null
  const r = await autocannon({ url, connections: opts.connections ?? 16, duration: opts.seconds ?? 10, headers: opts.headers, method: opts.method ?? 'GET', body: opts.body })
  const cpuMsPerRequest = meter && r.requests.total ? meter.cpuMs() / r.requests.total : undefined
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, requests: r.requests.total, cpuMsPerRequest, rss: meter?.rss() }
}

// /proc/<pid>/stat counts CPU time in clock ticks; Linux's USER_HZ is 100.
const TICK_MS = 10

/**
 * A process's CPU time so far (user + system), in ms, with that of its
 * children it has already reaped (cutime + cstime): a worker that exited
 * keeps counting.
 */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * TICK_MS
}

/** The CPU time of a process tree (a cluster's primary and its workers), in ms. */
export function treeCpuMs(pid: number): number {
  let sum = 0
  for (const p of processTree(pid)) {
    try { sum += cpuMs(p) } catch { /* exited between the listing and the read */ }
  }
  return sum
}

// Writing 5 to clear_refs resets a process's VmHWM (Linux ≥ 4.0), so each run
// gets its own peak; where that is refused the peak is since the start.
function resetPeakRss(pid: number) {
  try { fs.writeFileSync(`/proc/${pid}/clear_refs`, '5') } catch { /* not ours or not supported */ }
}

function peakRssMB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024 / 1e6)
  } catch {
    return 0
  }
}

// The same-run reference: a bare node:http server sending the very bytes the
// page sent, from memory. Machines here differ by 2× from run to run; the
// ratio to this server does not. With workers > 1 it runs as a node:cluster
// of that many workers, as the app does with WORKERS, so both sides get the
// same processes.
const STATIC_SERVER = `
const cluster = require('node:cluster'), http = require('node:http'), fs = require('node:fs')
const [file, type, port, workers] = process.argv.slice(2)
if (cluster.isPrimary && Number(workers) > 1) {
  let up = 0
  for (let i = 0; i < Number(workers); i++) cluster.fork().on('listening', () => { if (++up === Number(workers)) console.log(port) })
} else {
  const body = fs.readFileSync(file)
  http.createServer((req, res) => { res.writeHead(200, { 'content-type': type, 'content-length': body.length }); res.end(body) })
    .listen(Number(port), '127.0.0.1', () => { if (cluster.isPrimary) console.log(port) })
}`

export interface StaticServer { url: string; pid: number; workers: number; stop(): Promise<void> }

/** Starts the reference server for what `url` answers now (fetched without compression, as autocannon asks). */
export async function startStaticTwin(url: string, workers = 1): Promise<StaticServer> {
  const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } })
  return startStaticBytes(Buffer.from(await res.arrayBuffer()), res.headers.get('content-type') ?? 'text/html', workers)
}

/** A static server answering every request (any method) with these bytes; with workers > 1, a cluster of that many. */
export async function startStaticBytes(bytes: Buffer, type: string, workers = 1): Promise<StaticServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-static-'))
  fs.writeFileSync(path.join(dir, 'body'), bytes)
  fs.writeFileSync(path.join(dir, 'server.cjs'), STATIC_SERVER)
  const port = await freePort()
  const proc = spawn(process.execPath, [path.join(dir, 'server.cjs'), path.join(dir, 'body'), type, String(port), String(workers)], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.once('data', () => resolve())
    proc.once('exit', () => reject(new Error('the static server did not start')))
  })
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()))
  return {
    url: `http://127.0.0.1:${port}/`, pid: proc.pid!, workers,
    stop: async () => { await stopTree(proc.pid!, exited); fs.rmSync(dir, { recursive: true, force: true }) },
  }
}

export interface BesideStatic { app: Figures; reference: Figures; bytes: number; staticWorkers: number }

/** The page's figures and, in the same run, the static server's for the same bytes (with as many workers as the app has). */
export async function loadBesideStatic(url: string, pid: number, seconds: number, warmSeconds = 1, staticWorkers = 1): Promise<BesideStatic> {
  const twin = await startStaticTwin(url, staticWorkers)
  const bytes = Number((await fetch(twin.url)).headers.get('content-length'))
  await load(twin.url, { seconds: warmSeconds })
  const reference = await load(twin.url, { seconds, pid: twin.pid })
  await twin.stop()
  await load(url, { seconds: warmSeconds })
  const app = await load(url, { seconds, pid })
  return { app, reference, bytes, staticWorkers }
}

/** Prints a page's row, its static reference and the ratio between them. */
export function printBesideStatic(label: string, r: BesideStatic) {
  printRow(label, r.app)
  const cluster = r.staticWorkers > 1 ? `, cluster of ${r.staticWorkers}` : ''
  printRow(`  static server, same ${Math.round(r.bytes / 1024)} KB${cluster}`, r.reference)
  console.log(`  ${''.padEnd(46)} ${(100 * r.app.rps / r.reference.rps).toFixed(1).padStart(6)} % of the static server's req/s`)
}

/** Peak resident memory of a process since it started (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}

/** "118 MB", or for a cluster "2 workers ≤ 118 MB, primary 60 MB". */
export function formatRss(r: TreeRss): string {
  return r.workers.length ? `${r.workers.length} worker${r.workers.length > 1 ? 's' : ''} ≤ ${Math.max(...r.workers)} MB, primary ${r.root} MB` : `${r.root} MB`
}

export function printRow(label: string, f: Figures, unit = 'req/s') {
  const cpu = f.cpuMsPerRequest === undefined ? '' : `   CPU ${f.cpuMsPerRequest.toFixed(3)} ms/req`
  const rss = f.rss ? `   peak RSS ${formatRss(f.rss)}` : ''
  console.log(`${label.padEnd(48)} ${f.rps.toFixed(0).padStart(7)} ${unit.padEnd(7)} p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms${cpu}${rss}${f.errors || f.non2xx ? `   errors ${f.errors} non-2xx ${f.non2xx}` : ''}`)
}
