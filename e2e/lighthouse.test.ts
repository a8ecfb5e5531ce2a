import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import lighthouse, { type Flags, type Config, type Result } from 'lighthouse'
import * as constants from 'lighthouse/core/config/constants.js'
import { pageFunctions } from 'lighthouse/core/lib/page-functions.js'
import * as chromeLauncher from 'chrome-launcher'
import { startSite, launchBrowser, CHROMIUM_ARGS, type RunningSite } from './support.js'
import { findDemoPages, type DemoPages } from './demo-pages.js'

// Lighthouse 12.2.3 on the built server, at its default phone size and
// simulated slow-4G throttling: the home page, an article with comments and
// figures, and a forum topic with replies each score at least 0.95 in
// performance, accessibility, best practices and SEO. A failing page prints
// its failing audits (id, title, value) so the CI log names the cause.
//
// Chromium may reach nothing but loopback (host-resolver-rules), so neither
// the page nor the browser can fetch from elsewhere; Lighthouse's own data
// (stack packs, entity lists) ships in its package.

const MIN_SCORE = 0.95
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo']
/**
 * chrome-launcher's default flags, with Chromium 156's omnibox popup WebUI
 * turned off as well. Headless Chromium has no omnibox, yet it preloads
 * chrome://omnibox-popup.top-chrome/ in a renderer of its own, whose script
 * and garbage collection ran during the page's load and lengthened its tasks
 * in the trace (seen: a 31 ms major GC and 41 ms of script in that renderer,
 * inside one page load on this 2-core machine). Lighthouse would count that
 * browser work against the page.
 */
const LAUNCHER_FLAGS = chromeLauncher.Launcher.defaultFlags().map((flag) =>
  flag.startsWith('--disable-features=') ? `${flag},WebUIOmniboxPopup,WebUIOmniboxAimPopup` : flag)
const LIGHTHOUSE_ARGS = [...LAUNCHER_FLAGS, ...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']

/**
 * Lighthouse's simulated phone multiplies the host's main-thread time by 4,
 * a factor chosen for a desktop-class host (benchmark index about 1500). On a
 * slower or busy host (a shared CI machine) 4x simulates a phone slower than
 * Lighthouse's reference one, and the score measures the host, not the page.
 * Lighthouse's CPU-throttling guide (docs/throttling.md, and the warning it
 * prints below index 1000) says to calibrate the multiplier from the host's
 * benchmark index; this is its published table (the "CPU throttling
 * calculator"), capped at the default 4 so a fast host is never judged harder
 * than Lighthouse's default either.
 */
function cpuSlowdownFor(benchmarkIndex: number): number {
  const DEFAULT = constants.throttling.mobileSlow4G.cpuSlowdownMultiplier
  let multiplier: number
  if (benchmarkIndex >= 1300) multiplier = 3 + (benchmarkIndex - 1300) / 233 // 1300 = 3x, 1533 = 4x
  else if (benchmarkIndex >= 800) multiplier = 1 + (benchmarkIndex - 800) / 250 // 800 = 1x, 1300 = 3x
  else multiplier = 1 // slower than the reference phone already: no slowdown left to add
  return Math.min(DEFAULT, Math.round(multiplier * 10) / 10)
}

/** The host's benchmark index, measured as Lighthouse measures it (median of three, in Chromium). */
async function hostBenchmarkIndex(): Promise<number> {
  const browser = await launchBrowser()
  try {
    const page = await browser.newPage()
    const runs: number[] = []
    for (let i = 0; i < 3; i++) runs.push(await page.evaluate(`(${pageFunctions.computeBenchmarkIndex.toString()})()`) as number)
    return runs.sort((a, b) => a - b)[1]
  } finally {
    await browser.close()
  }
}

/** The longest wait for a quiet host before one run. */
const QUIET_WAIT_MS = 45_000

/** CPU ticks of the whole host (all cores): busy and total, from /proc/stat. */
function hostTicks(): { busy: number; total: number } {
  const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)
  const n = fields.map(Number)
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0) // user nice system idle iowait irq softirq steal
  return { busy: total - n[3] - n[4], total }
}

/** CPU ticks each process has used so far, by "pid name". */
function processTicks(): Map<string, number> {
  const ticks = new Map<string, number>()
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks.set(`${pid} ${name}`, Number(rest[11]) + Number(rest[12])) // utime + stime
    } catch { /* the process ended meanwhile */ }
  }
  return ticks
}

/** The host's busy share over one second, and the processes that used most of it. */
async function hostLoad(): Promise<{ busy: number; top: string[] }> {
  const [h0, p0] = [hostTicks(), processTicks()]
  await new Promise((r) => setTimeout(r, 1000))
  const [h1, p1] = [hostTicks(), processTicks()]
  const top = [...p1].map(([proc, t]) => [proc, t - (p0.get(proc) ?? 0)] as const).filter(([, t]) => t > 0)
    .sort((a, b) => b[1] - a[1]).slice(0, 3).map(([proc, t]) => `${proc} ${t * 10} ms`)
  return { busy: (h1.busy - h0.busy) / Math.max(1, h1.total - h0.total), top }
}

/**
 * Waits until the host is quiet before a run. Lighthouse's variability guide
 * asks for a machine doing nothing else: a busy core makes the browser's
 * main thread wait in the run queue, and Lighthouse counts the wait as the
 * page's own blocking time (seen in CI: the first runs after the rest of the
 * suite scored 0.84-0.92 while the host's benchmark index was half its idle
 * value, and 0.95-0.99 once the machine settled). It waits at most 45 s (the
 * test's timeout allows that before each of the runs), then runs anyway and
 * says so.
 */
async function quietHost(): Promise<void> {
  const QUIET = 0.15
  const deadline = Date.now() + QUIET_WAIT_MS
  const started = Date.now()
  const first = await hostLoad()
  let load = first
  while (load.busy >= QUIET && Date.now() < deadline) load = await hostLoad()
  if (first.busy < QUIET) return
  const seconds = Math.round((Date.now() - started) / 1000)
  const busy = (l: typeof load) => `${Math.round(l.busy * 100)} % busy (most CPU: ${l.top.join(', ')})`
  console.log(load.busy < QUIET
    ? `lighthouse: waited ${seconds} s for a quiet host; it was ${busy(first)}`
    : `lighthouse: the host stayed busy for ${seconds} s, running anyway: ${busy(load)}`)
}

/**
 * Gives the page's renderer the CPU first. On this 2-core machine the
 * renderer's main thread shares the cores with the harness: Chromium's
 * browser, GPU (software compositing) and network processes, Lighthouse
 * itself, and the site's server. Its long tasks took about three times their
 * own CPU time in the trace (`dur` against `tdur`: 107 ms for 37 ms of work),
 * and Lighthouse counts that wait as the page's blocking time. Every thread of
 * those processes runs at nice 10; renderers and the zygote they are forked
 * from stay at 0, so each page load's renderer does too. Nothing the page does
 * is made cheaper: its own work is still measured and multiplied by the CPU
 * slowdown. Run before each audit, as Chromium starts some processes lazily.
 */
function yieldToThePage() {
  const childrenOf = (pid: number): number[] => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
    try { return fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(pid) } catch { return false }
  })
  const tree = (pid: number): number[] => [pid, ...childrenOf(pid).flatMap(tree)]
  const harness = [...tree(chrome.pid!).filter((pid) => {
    try { return !/--type=(renderer|zygote)/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')) } catch { return false }
  }), site.proc.pid!, process.pid]
  for (const pid of harness) {
    let threads: string[]
    try { threads = fs.readdirSync(`/proc/${pid}/task`) } catch { continue }
    for (const tid of threads) {
      try { os.setPriority(Number(tid), 10) } catch { /* the thread ended */ }
    }
  }
}

let site: RunningSite
let chrome: chromeLauncher.LaunchedChrome
let pages: DemoPages
let config: Config

before(async () => {
  site = await startSite()
  pages = await findDemoPages(site.url)
  config = {
    extends: 'lighthouse:default',
    settings: { onlyCategories: CATEGORIES },
  }
  chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: LIGHTHOUSE_ARGS, ignoreDefaultFlags: true, logLevel: 'error' })
})
after(async () => {
  chrome?.kill()
  await site?.stop()
})

/** The config for the next run, its CPU slowdown calibrated from the host's speed just before it (a busy moment measures slower). */
async function calibrated(): Promise<Config> {
  const index = await hostBenchmarkIndex()
  const cpuSlowdownMultiplier = cpuSlowdownFor(index)
  console.log(`lighthouse: host benchmark index ${index}, CPU slowdown ${cpuSlowdownMultiplier}x`)
  return { ...config, settings: { ...config.settings, throttling: { ...constants.throttling.mobileSlow4G, cpuSlowdownMultiplier } } }
}

async function audit(url: string): Promise<Result> {
  const flags: Flags = { port: chrome.port, output: 'json', logLevel: 'error' }
  await quietHost()
  yieldToThePage()
  const config = await calibrated()
  let lhr = (await lighthouse(url, flags, config))!.lhr
  // A trace that missed its navigation start is Lighthouse failing to measure,
  // not the page failing: run it again, once.
  if (lhr.runtimeError?.code === 'NO_NAVSTART') lhr = (await lighthouse(url, flags, config))!.lhr
  assert.equal(lhr.runtimeError, undefined, `${url}: Lighthouse could not measure the page: ${JSON.stringify(lhr.runtimeError)}`)
  // Lighthouse 12.2.3's trace engine predates some of Chromium's trace events
  // (it fails reading "frame_sequence"), so a few diagnostics error out. None
  // carries weight in a category score; they are named so a reader knows.
  const errored = Object.values(lhr.audits).filter((a) => a.scoreDisplayMode === 'error').map((a) => a.id)
  if (errored.length) console.log(`lighthouse: ${url}: audits that could not run (no weight in the scores): ${errored.join(', ')}`)
  return lhr
}

/** The audits that cost a category points: id, title and value, lowest score first. */
function failingAudits(lhr: Result, category: string): string[] {
  return lhr.categories[category].auditRefs
    .map((ref) => ({ ref, a: lhr.audits[ref.id] }))
    .filter(({ a }) => a.score !== null && a.score < 1 && (a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'numeric' || a.scoreDisplayMode === 'metricSavings'))
    .sort((x, y) => (x.a.score ?? 0) - (y.a.score ?? 0))
    .map(({ ref, a }) => `    ${a.id} (score ${a.score}, weight ${ref.weight}): ${a.title}${a.displayValue ? `: ${a.displayValue}` : ''}`)
}

function checkScores(lhr: Result, what: string) {
  const scores = CATEGORIES.map((c) => `${c} ${lhr.categories[c].score}`).join(', ')
  console.log(`lighthouse: ${what}: ${scores}`)
  const low = CATEGORIES.filter((c) => (lhr.categories[c].score ?? 0) < MIN_SCORE)
  if (!low.length) return
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crown-lighthouse-')), 'report.json')
  fs.writeFileSync(report, JSON.stringify(lhr))
  assert.fail(`${what} scores below ${MIN_SCORE} (${scores}):\n${low.map((c) => `  ${c}:\n${failingAudits(lhr, c).join('\n')}`).join('\n')}\n  full report: ${report}`)
}

/** Every request the page made went to the test server: nothing third-party, nothing fetched from elsewhere. */
function checkLoopbackOnly(lhr: Result, what: string) {
  const items = (lhr.audits['network-requests'].details as { items?: { url: string }[] } | undefined)?.items ?? []
  assert.ok(items.length > 0, `${what}: Lighthouse saw the page's requests`)
  const elsewhere = items.map((i) => i.url).filter((u) => !u.startsWith(site.url) && !u.startsWith('data:'))
  assert.deepEqual(elsewhere, [], `${what}: requests beyond the test server`)
}

// A performance score varies from run to run with what else the machine is
// doing (Lighthouse's docs/variability.md: take the median of several runs).
// Each page is audited five times and judged on the run with the median
// performance score; the other categories do not vary between runs.
const RUNS = 5

async function medianRun(url: string): Promise<Result> {
  const runs: Result[] = []
  for (let i = 0; i < RUNS; i++) runs.push(await audit(url))
  runs.sort((a, b) => (a.categories.performance.score ?? 0) - (b.categories.performance.score ?? 0))
  console.log(`lighthouse: ${url}: performance in ${RUNS} runs: ${runs.map((r) => r.categories.performance.score).join(', ')}`)
  return runs[Math.floor(RUNS / 2)]
}

for (const [what, key] of [['the home page', 'home'], ['an article with comments and figures', 'article'], ['a forum topic with replies', 'topic']] as const) {
  test(`Lighthouse scores ${what} at least ${MIN_SCORE} in every category at phone size (median of ${RUNS} runs)`, { timeout: RUNS * (QUIET_WAIT_MS + 60_000) }, async () => {
    const lhr = await medianRun(`${site.url}${pages[key]}`)
    checkLoopbackOnly(lhr, what)
    checkScores(lhr, `${what} (${pages[key]})`)
  })
}
