import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

const ROOT = path.resolve(import.meta.dirname, '..')
const DIST = path.join(ROOT, 'dist')
// Written last by scripts/build.mjs: dist/ is complete.
const BUILD_STAMP = path.join(DIST, '.build-stamp')

/**
 * The path of a built entry point (dist/main.js, dist/cli.js). The journeys
 * run what `npm start` runs, so a file the build leaves out fails a test;
 * scripts/test.mjs builds before any e2e file runs. A missing or older
 * build is refused rather than tested.
 */
export function builtEntry(file: string): string {
  const entry = path.join(DIST, file)
  if (!fs.existsSync(BUILD_STAMP) || !fs.existsSync(entry)) {
    throw new Error(`No complete build in dist/: run \`npm run build\` first (\`npm test\` and \`npm run test:e2e\` do).`)
  }
  const built = fs.statSync(BUILD_STAMP).mtimeMs
  const newer = [path.join(ROOT, 'src'), path.join(ROOT, 'client')].flatMap((dir) => fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f))))
    .find((f) => !/\.test\.tsx?$/.test(f) && fs.statSync(f).isFile() && fs.statSync(f).mtimeMs > built)
  if (newer) throw new Error(`dist/ is older than ${path.relative(ROOT, newer)}: run \`npm run build\` first (\`npm test\` and \`npm run test:e2e\` do).`)
  return entry
}

export interface RunningSite {
  url: string
  dataDir: string
  proc: ChildProcess
  output: () => string
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>
  /** SIGKILL: no chance to flush anything. */
  kill(): Promise<void>
  /**
   * Moves the site's clock forward (startSite({ movableClock: true }) only):
   * the site adds the total to every "now" it reads (CROWN_TEST_CLOCK_FILE).
   */
  advanceClock(ms: number): void
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

/**
 * Starts the built server (`node dist/main.js`, as `npm start` does) as a
 * child process on a free loopback port, and waits until it answers
 * /healthz. There is no fixed deadline (a busy machine can take long to
 * start): the wait ends when the server is ready, when it exits (an error
 * with its output), or when `signal` aborts (the server is killed); the
 * test's own timeout bounds it.
 */
export async function startSite(opts: { env?: Record<string, string>; dataDir?: string; movableClock?: boolean; signal?: AbortSignal } = {}): Promise<RunningSite> {
  const main = builtEntry('main.js')
  const port = await freePort()
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'crown-e2e-'))
  // The clock file is honoured only with NODE_ENV=test (config.ts refuses it otherwise).
  const clockFile = path.join(dataDir, 'test-clock-offset-ms')
  let offset = 0
  const clockEnv: Record<string, string> = opts.movableClock ? { NODE_ENV: 'test', CROWN_TEST_CLOCK_FILE: clockFile } : {}
  const url = `http://127.0.0.1:${port}`
  const proc = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      SITE_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: path.join(dataDir, 'crown.sqlite'),
      LOG_LEVEL: 'warn',
      // One process: the journeys test features; e2e/cluster.test.ts and
      // e2e/scale-out.test.ts test several processes (npm start's default).
      WORKERS: '1',
      ...clockEnv,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => { out += d })
  proc.stderr!.on('data', (d) => { out += d })
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  const ended = exited.then((code) => new Error(`server exited before it was ready (${code ?? proc.signalCode}):\n${out}`))
  for (;;) {
    if (opts.signal?.aborted) {
      proc.kill('SIGKILL')
      throw new Error(`gave up waiting for the server to start:\n${out}`, { cause: opts.signal.reason })
    }
    const ready = await Promise.race([
      fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((res) => res.ok, () => false),
      ended,
    ])
    if (ready instanceof Error) throw ready
    if (ready) break
    await Promise.race([new Promise((r) => setTimeout(r, 150)), ended])
  }
  return {
    url, dataDir, proc,
    output: () => out,
    async stop() { proc.kill('SIGTERM'); return exited },
    async kill() { proc.kill('SIGKILL'); await exited },
    advanceClock(ms: number) {
      if (!opts.movableClock) throw new Error('startSite({ movableClock: true }) to move the clock')
      offset += ms
      fs.writeFileSync(clockFile, String(offset))
    },
  }
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

/**
 * A context for axe: bypassCSP lets the axe script be injected; the page itself is unchanged.
 * `address` makes the visitor come from that IP, as told by a trusted proxy (the site
 * must run with TRUST_PROXY=127.0.0.1): separate people are not one address's flood.
 */
export function newContext(browser: Browser, opts: { phone?: boolean; javaScript?: boolean; address?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({
    bypassCSP: true,
    javaScriptEnabled: opts.javaScript ?? true,
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    ...(opts.address ? { extraHTTPHeaders: { 'x-forwarded-for': opts.address } } : {}),
  })
}

const axeSource = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')

export interface AxeViolation { id: string; impact: string; help: string; nodes: { target: string[]; html: string; summary: string }[] }

/** Runs axe-core (WCAG 2.x A and AA rules) on the page and returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: (n as { failureSummary?: string }).failureSummary ?? '' })) }))
  })
}

export function describeViolations(v: AxeViolation[]): string {
  return v.map((x) => `${x.id} (${x.impact}): ${x.help}\n  ${x.nodes.slice(0, 3).map((n) => `${n.html}\n    ${n.summary.replace(/\s*\n\s*/g, ' ')}`).join('\n  ')}`).join('\n')
}

/** Fails with axe's findings, named by `what`, when the page has any. */
export async function assertNoViolations(page: Page, what: string) {
  const v = await axeViolations(page)
  assert.equal(v.length, 0, `${what}: ${v.length} axe violation(s)\n${describeViolations(v)}`)
}

/** Fails when the page is wider than its window (a phone would scroll sideways). */
export async function assertNoSideScroll(page: Page, what: string) {
  const [scroll, width] = await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]') as [number, number]
  assert.ok(scroll <= width, `${what} is ${scroll} px wide in a ${width} px window`)
}

/** Closes what a journey opened (its tabs' contexts, the browser, the site, a mail server), whatever did open. */
export async function closeJourney(parts: { contexts?: BrowserContext[]; browser?: Browser; site?: RunningSite; smtp?: { close(): Promise<void> } }) {
  for (const c of parts.contexts ?? []) await c.close().catch(() => {})
  await parts.browser?.close()
  await parts.site?.stop()
  await parts.smtp?.close()
}
