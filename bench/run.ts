// npm run bench: builds the server, then prints figures. Not a test: nothing
// here passes or fails on speed; the summary at the end sets the figures
// beside the issue's targets (computed from this run), and the numbers go in
// the issue's closing note.
import os from 'node:os'
import { buildServer, maxRss, type BesideStatic, type Figures } from './lib.js'
import { benchArticlePage, type ArticleResults } from './article-page.js'
import { benchForum, type ForumPosting, type ForumRow } from './forum.js'
import { benchShop } from './shop.js'
import { benchShopCatalog } from './shop-catalog.js'
import { benchImport } from './import.js'

const PARTS = ['article', 'forum', 'posting', 'shop', 'import'] as const
type Part = typeof PARTS[number]

// BENCH_SECONDS: each figure's length. A full run takes about 80 of them,
// plus the build, server starts, copies of the 1M-post database and the
// import: about 12 minutes at 6 s on a quiet 2-core machine.
const seconds = Number(process.env.BENCH_SECONDS ?? 6)
const benchStarted = Date.now()
// BENCH_ONLY=article,forum,posting,shop,import (one or several) runs those parts.
const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean)
// BENCH_WORKERS=1,2: the app's WORKERS for each pass over the article, forum and posting parts.
const passes = (process.env.BENCH_WORKERS ?? '1,2').split(',').map((s) => Number(s.trim()))
// BENCH_POSTERS: guests posting at once.
const posters = Number(process.env.BENCH_POSTERS ?? 16)

for (const part of only) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`BENCH_ONLY: unknown part ${part} (one or more of ${PARTS.join(', ')})`)
if (!(seconds > 0)) throw new Error('BENCH_SECONDS must be a positive number')
if (!passes.length || passes.some((w) => !Number.isInteger(w) || w < 1)) throw new Error('BENCH_WORKERS must list whole numbers ≥ 1, e.g. 1,2')
if (!Number.isInteger(posters) || posters < 1) throw new Error('BENCH_POSTERS must be a whole number ≥ 1')
const runs = (part: Part) => !only.length || only.includes(part)

const cores = os.availableParallelism()
const [load1, load5, load15] = os.loadavg()
console.log(`Crown benchmarks: ${cores} cores, load average ${load1.toFixed(2)} ${load5.toFixed(2)} ${load15.toFixed(2)} (1, 5, 15 min) at start, Node ${process.version}`)
console.log(`${seconds} s per figure, 16 connections (${posters} posters for posting), loopback; passes with WORKERS=${passes.join(' and ')}; each page beside a static server sending its bytes from memory, with as many processes`)
console.log('CPU ms per request: user + system time of the whole server process tree (a cluster\'s primary and its workers) over the run ÷ requests; peak RSS per process in MB (10^6 bytes)')
// The import runs from source in child processes: it needs no build.
if (PARTS.some((p) => p !== 'import' && runs(p))) buildServer()

interface Pass { workers: number; article: ArticleResults; forum: ForumRow[]; forumPosting: ForumPosting[] }
const results: Pass[] = []

for (const workers of passes) {
  const pass: Pass = { workers, article: {}, forum: [], forumPosting: [] }
  results.push(pass)
  const title = workers > 1 ? `WORKERS=${workers} (a cluster of ${workers}; static servers also ${workers} processes)` : 'WORKERS=1 (one process)'
  if (runs('article') || runs('posting')) {
    console.log(`\n## Article page (SQLite), ${title}`)
    pass.article = await benchArticlePage(seconds, { workers, pages: runs('article'), posting: runs('posting'), posters })
  }
  if (runs('forum') || runs('posting')) {
    console.log(`\n## Forum pages, uncached (SQLite), ${title}`)
    const forum = await benchForum(seconds, { workers, pages: runs('forum'), posting: runs('posting'), posters })
    pass.forum = forum.rows
    pass.forumPosting = forum.posting
  }
}

if (runs('shop')) {
  console.log('\n## Shop: product page and catalog (SQLite, one process)')
  await benchShopCatalog(seconds)
  console.log('\n## Shop: placing orders (SQLite, WAL, synchronous=FULL, one process)')
  await benchShop(seconds)
}

if (runs('import')) {
  console.log('\n## WordPress import (SQLite; also PostgreSQL with BENCH_POSTGRES_URL), each in a child process, beside the bare reader')
  if (!(await benchImport())) process.exitCode = 1
}

if (results.some((p) => p.article.uncached || p.article.cached || p.forum.length || p.forumPosting.length || p.article.comments)) printSummary(results)
console.log(`\nThe run took ${((Date.now() - benchStarted) / 60_000).toFixed(1)} min.`)

/** The issue's targets beside this run's figures, one column per pass; "met" is computed here, from the figures above. */
function printSummary(passes: Pass[]) {
  type Cell = { text: string; met: boolean } | null
  const rps = (f: Figures) => `${f.rps.toFixed(0)} req/s`
  const slowest = (rows: ForumRow[]) => rows.reduce<ForumRow | null>((a, r) => (!a || r.measured.app.rps < a.measured.app.rps ? r : a), null)
  const forumCell = (p: Pass, kind: ForumRow['kind']): Cell => {
    const s = slowest(p.forum.filter((r) => r.kind === kind))
    const posts = s && (s.size.posts >= 1e6 ? `${s.size.posts / 1e6}M` : `${s.size.posts / 1e3}k`)
    return s ? { text: `${rps(s.measured.app)} (slowest: ${s.label.replace(/ \(last\)$/, '')}, ${posts} posts)`, met: s.measured.app.rps >= 3000 } : null
  }
  const appRows = (p: Pass): Figures[] => [p.article.uncached?.app, p.article.cached?.app, p.article.comments, ...p.forum.map((r) => r.measured.app), ...p.forumPosting.map((r) => r.figures)].filter((f): f is Figures => !!f)
  const ratio = (m: BesideStatic) => m.app.rps / m.reference.rps
  const targets: [string, (p: Pass) => Cell][] = [
    ['article, 200 comments, uncached: ≥ 1,500 req/s', (p) => p.article.uncached ? { text: rps(p.article.uncached.app), met: p.article.uncached.app.rps >= 1500 } : null],
    ['article, 200 comments, uncached: ≤ 1 ms CPU a view', (p) => {
      const f = p.article.uncached?.app
      if (!f) return null
      return f.cpuMsPerRequest === undefined ? { text: 'no request was answered in the run', met: false } : { text: `${f.cpuMsPerRequest.toFixed(3)} ms`, met: f.cpuMsPerRequest <= 1 }
    }],
    ['forum topic pages, uncached: ≥ 3,000 req/s', (p) => forumCell(p, 'topic')],
    ['forum list pages, uncached: ≥ 3,000 req/s', (p) => forumCell(p, 'list')],
    ['cached article: ≥ 33% of the static server', (p) => p.article.cached ? { text: `${(100 * ratio(p.article.cached)).toFixed(1)}% (${rps(p.article.cached.app)} / ${rps(p.article.cached.reference)})`, met: ratio(p.article.cached) >= 0.33 } : null],
    ['peak RSS under load: ≤ 200 MB per process', (p) => {
      const all = appRows(p).flatMap((f) => (f.rss ? [maxRss(f.rss)] : []))
      return all.length ? { text: `${Math.max(...all)} MB (largest process, any run)`, met: Math.max(...all) <= 200 } : null
    }],
  ]
  console.log(`\n## Summary: the issue's targets beside this run (${cores} cores, load average ${load1.toFixed(2)} at start)`)
  const width = 52
  const colWidth = 62
  console.log(`${'target'.padEnd(width)} ${passes.map((p) => `WORKERS=${p.workers}`.padEnd(colWidth)).join(' ')}`)
  for (const [label, cellOf] of targets) {
    const cells = passes.map((p) => {
      const c = cellOf(p)
      return (c ? `${c.met ? 'met    ' : 'NOT met'}  ${c.text}` : 'not run').padEnd(colWidth)
    })
    console.log(`${label.padEnd(width)} ${cells.join(' ')}`)
  }
  // WORKERS is the app's to honour: the processes seen under load say whether it did.
  const processes = passes.map((p) => {
    const seen = appRows(p).flatMap((f) => (f.rss ? [1 + f.rss.workers.length] : []))
    return (seen.length ? `${Math.max(...seen)} (${Math.max(...seen) > 1 ? 'primary + workers' : 'one process'})` : 'not run').padEnd(colWidth)
  })
  console.log(`${'app server processes seen under load'.padEnd(width)} ${processes.join(' ')}`)
  const posting: [string, (p: Pass) => Figures[]][] = [
    ['guest comments, posts/s (CPU ms per POST)', (p) => (p.article.comments ? [p.article.comments] : [])],
    ['guest forum replies, posts/s (CPU ms per POST)', (p) => p.forumPosting.map((r) => r.figures)],
  ]
  for (const [label, of] of posting) {
    const cells = passes.map((p) => {
      const fs = of(p)
      const refused = (f: Figures) => (f.non2xx ? `, ${f.non2xx} of ${f.requests} not posted` : '')
      return (fs.length ? fs.map((f) => `${f.rps.toFixed(0)} (${f.cpuMsPerRequest?.toFixed(2) ?? '?'} ms${refused(f)})`).join('; ') : 'not run').padEnd(colWidth)
    })
    console.log(`${label.padEnd(width)} ${cells.join(' ')}`)
  }
  console.log('(posting has no target in the issue; forum replies at each forum size, smallest first)')
}
