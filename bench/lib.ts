import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
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

export interface Figures { rps: number; p50: number; p99: number; errors: number; non2xx: number }

/** Loads one URL with autocannon (bounded in time, loopback only) and returns its figures. */
export async function load(url: string, opts: { connections?: number; seconds?: number; headers?: Record<string, string> } = {}): Promise<Figures> {
  const r = await autocannon({ url, connections: opts.connections ?? 16, duration: opts.seconds ?? 10, headers: opts.headers })
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx }
}

/** Peak resident memory of a process (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}

export function printRow(label: string, f: Figures) {
  console.log(`${label.padEnd(48)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms${f.errors || f.non2xx ? `   errors ${f.errors} non-2xx ${f.non2xx}` : ''}`)
}
