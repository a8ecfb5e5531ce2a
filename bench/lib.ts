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

/** Starts dist/main.js (the built server) on a free loopback port. */
export async function startBuiltServer(env: Record<string, string>): Promise<BuiltServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const proc = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', SITE_URL: url, LOG_LEVEL: 'warn', SEED_DEMO: 'never', JOBS: 'off', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()))
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) break } catch { /* starting */ }
    if (i > 1200 || proc.exitCode !== null) throw new Error('server did not start')
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url, proc, stop: async () => { proc.kill('SIGTERM'); await exited } }
}

export interface Figures {
  rps: number; p50: number; p99: number; errors: number; non2xx: number
  /** Server CPU time (user + system) per request, when the server's pid was given: what survives a noisy machine. */
  cpuMsPerRequest?: number
}

/** Loads one URL with autocannon (bounded in time, loopback only) and returns its figures; with `pid`, also the server's CPU ms per request. */
export async function load(url: string, opts: { connections?: number; seconds?: number; headers?: Record<string, string>; pid?: number; method?: 'GET' | 'POST'; body?: string } = {}): Promise<Figures> {
  const cpuBefore = opts.pid ? cpuMs(opts.pid) : 0
  const r = await autocannon({ url, connections: opts.connections ?? 16, duration: opts.seconds ?? 10, headers: opts.headers, method: opts.method ?? 'GET', body: opts.body })
  const cpuMsPerRequest = opts.pid && r.requests.total ? (cpuMs(opts.pid) - cpuBefore) / r.requests.total : undefined
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, cpuMsPerRequest }
}

// /proc/<pid>/stat counts CPU time in clock ticks; Linux's USER_HZ is 100.
const TICK_MS = 10

/** A process's CPU time so far (user + system), in ms. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

// The same-run reference: a bare node:http server sending the very bytes the
// page sent, from memory, in its own process. Machines here differ by 2× from
// run to run; the ratio to this server does not.
const STATIC_SERVER = `
const http = require('node:http'), fs = require('node:fs')
const body = fs.readFileSync(process.argv[1]), type = process.argv[2]
http.createServer((req, res) => { res.writeHead(200, { 'content-type': type, 'content-length': body.length }); res.end(body) })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port) })`

export interface StaticServer { url: string; pid: number; stop(): Promise<void> }

/** Starts the reference server for what `url` answers now (fetched without compression, as autocannon asks). */
export async function startStaticTwin(url: string): Promise<StaticServer> {
  const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } })
  return startStaticBytes(Buffer.from(await res.arrayBuffer()), res.headers.get('content-type') ?? 'text/html')
}

/** A static server answering every request (any method) with these bytes. */
export async function startStaticBytes(bytes: Buffer, type: string): Promise<StaticServer> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crown-static-')), 'body')
  fs.writeFileSync(file, bytes)
  const proc = spawn(process.execPath, ['-e', STATIC_SERVER, file, type], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.once('data', (d) => resolve(Number(String(d).trim())))
    proc.once('exit', () => reject(new Error('the static server did not start')))
  })
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()))
  return { url: `http://127.0.0.1:${port}/`, pid: proc.pid!, stop: async () => { proc.kill('SIGTERM'); await exited; fs.rmSync(path.dirname(file), { recursive: true, force: true }) } }
}

/** The page's figures and, in the same run, the static server's for the same bytes. */
export async function loadBesideStatic(url: string, pid: number, seconds: number, warmSeconds = 1): Promise<{ app: Figures; reference: Figures; bytes: number }> {
  const twin = await startStaticTwin(url)
  const bytes = Number((await fetch(twin.url)).headers.get('content-length'))
  await load(twin.url, { seconds: warmSeconds })
  const reference = await load(twin.url, { seconds, pid: twin.pid })
  await twin.stop()
  await load(url, { seconds: warmSeconds })
  const app = await load(url, { seconds, pid })
  return { app, reference, bytes }
}

/** Prints a page's row, its static reference and the ratio between them. */
export function printBesideStatic(label: string, r: { app: Figures; reference: Figures; bytes: number }) {
  printRow(label, r.app)
  printRow(`  static server, same ${Math.round(r.bytes / 1024)} KB`, r.reference)
  console.log(`  ${''.padEnd(46)} ${(100 * r.app.rps / r.reference.rps).toFixed(1).padStart(6)} % of the static server's req/s`)
}

/** Peak resident memory of a process (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}

export function printRow(label: string, f: Figures) {
  const cpu = f.cpuMsPerRequest === undefined ? '' : `   CPU ${f.cpuMsPerRequest.toFixed(3)} ms/req`
  console.log(`${label.padEnd(48)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms${cpu}${f.errors || f.non2xx ? `   errors ${f.errors} non-2xx ${f.non2xx}` : ''}`)
}
