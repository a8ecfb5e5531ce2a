import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

const ROOT = path.resolve(import.meta.dirname, '..')

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

/** Starts the real server (src/main.ts) as a child process on a free loopback port. */
export async function startSite(opts: { env?: Record<string, string>; dataDir?: string; movableClock?: boolean } = {}): Promise<RunningSite> {
  const port = await freePort()
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'crown-e2e-'))
  // The clock file is honoured only with NODE_ENV=test (config.ts refuses it otherwise).
  const clockFile = path.join(dataDir, 'test-clock-offset-ms')
  let offset = 0
  const clockEnv: Record<string, string> = opts.movableClock ? { NODE_ENV: 'test', CROWN_TEST_CLOCK_FILE: clockFile } : {}
  const url = `http://127.0.0.1:${port}`
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
      ...clockEnv,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => { out += d })
  proc.stderr!.on('data', (d) => { out += d })
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  const deadline = Date.now() + 60_000
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early (${proc.exitCode}):\n${out}`)
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) break
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`server did not start in 60 s:\n${out}`) }
    await new Promise((r) => setTimeout(r, 150))
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

/** Closes what a journey opened (its tabs' contexts, the browser, the site, a mail server), whatever did open. */
export async function closeJourney(parts: { contexts?: BrowserContext[]; browser?: Browser; site?: RunningSite; smtp?: { close(): Promise<void> } }) {
  for (const c of parts.contexts ?? []) await c.close().catch(() => {})
  await parts.browser?.close()
  await parts.site?.stop()
  await parts.smtp?.close()
}
