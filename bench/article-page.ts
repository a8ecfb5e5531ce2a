import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { createDeps, closeDeps } from '../src/boot.js'
import { articlesForDemoComments, seedDemoContent } from '../src/content/index.js'
import { seedDemoComments, type DemoComment } from '../src/discussion/index.js'
import { startBuiltServer, loadBesideStatic, printBesideStatic, type BesideStatic } from './lib.js'
import { benchPosting, countRows, printPosting, type PostingFigures } from './posting.js'

export const BENCH_SLUG = 'microneedling-with-minoxidil-what-the-trials-measured'

/** 200 approved comments in threads (60 top-level, chains up to 7 deep), as readers write them. */
export function threadedComments(count = 200): DemoComment[] {
  const out: DemoComment[] = []
  const names = ['Sam', 'Ifeoma', 'Jonas', 'Rafael', 'Kim', 'Beth', 'Arjun', 'Mei', 'Tomasz', 'Lucia']
  const bodies = [
    'I have been rolling at 0.5 mm every ten days for four months. *Hard to say* whether it helps yet.',
    'The review is worth reading: [PMC8776974](https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8776974/). Protocols vary a lot.',
    '> the trials were small and short\n\nThat is the part people skip when they quote the hair counts.',
    'Two questions:\n\n1. Do you apply minoxidil the same evening?\n2. How do you clean the roller?',
    'Asked my pharmacist, who said to follow the label and skip irritated skin. `Simple` advice, but it settled it for me.',
  ]
  let parentPool: string[] = []
  for (let i = 0; i < count; i++) {
    const ref = `b${i}`
    const topLevel = i < 60 || parentPool.length === 0
    const parent = topLevel ? undefined : parentPool[(i * 7) % parentPool.length]
    out.push({
      article: BENCH_SLUG, ref, replyTo: parent,
      name: `${names[i % names.length]} ${String.fromCharCode(65 + (i % 26))}.`,
      email: `reader${i}@example.com`,
      body: bodies[i % bodies.length],
      hoursAfterPublish: 1 + i * 0.5,
    })
    parentPool.push(ref)
    if (parentPool.length > 40) parentPool = parentPool.slice(-40)
  }
  return out
}

/** A data dir holding the demo site with 200 threaded comments on one article. */
export async function seedArticleBench(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-bench-'))
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: path.join(dataDir, 'crown.sqlite'), LOG_LEVEL: 'warn', SEED_DEMO: 'never' })
  const deps = await createDeps(config)
  const seeded = await seedDemoContent(deps)
  const articles = await articlesForDemoComments(deps, Object.values(seeded.articleIds))
  const n = await seedDemoComments(deps, { articles, staffIds: seeded.staffIds }, threadedComments(200))
  const count = await deps.db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'approved').executeTakeFirstOrThrow()
  await closeDeps(deps)
  if (n !== 200 || Number(count.n) !== 200) throw new Error(`expected 200 seeded comments, got ${n} (${count.n} approved)`)
  return dataDir
}

export interface ArticleResults { uncached?: BesideStatic; cached?: BesideStatic; comments?: PostingFigures }

/**
 * The article with 200 threaded comments, uncached then cached, each beside a
 * static server sending the same bytes (with as many workers); then, on the
 * cached server as a site runs, guests posting comments to it.
 */
export async function benchArticlePage(seconds: number, opts: { workers: number; pages: boolean; posting: boolean; posters: number }): Promise<ArticleResults> {
  const dataDir = await seedArticleBench()
  const dbFile = path.join(dataDir, 'crown.sqlite')
  const results: ArticleResults = {}
  const cluster = opts.workers > 1 ? `, WORKERS=${opts.workers}` : ''
  for (const cache of ['off', 'on'] as const) {
    if (!opts.pages && cache === 'off') continue
    const server = await startBuiltServer({ DATA_DIR: dataDir, DATABASE_URL: dbFile, PAGE_CACHE: cache, WORKERS: String(opts.workers), TRUST_PROXY: '127.0.0.1' })
    try {
      const url = `${server.url}/${BENCH_SLUG}`
      if (opts.pages) {
        const page = await (await fetch(url)).text()
        const shown = (page.match(/id="comment-/g) ?? []).length
        if (shown !== 200) throw new Error(`the article page shows ${shown} comments, expected 200`)
        const measured = await loadBesideStatic(url, server.proc.pid!, seconds, 2, opts.workers)
        printBesideStatic(`article + 200 threaded comments, cache ${cache}${cluster}`, measured)
        results[cache === 'off' ? 'uncached' : 'cached'] = measured
      }
      if (opts.posting && cache === 'on') {
        const comments = await benchPosting(server.url, server.proc.pid!, {
          label: 'comments',
          page: () => `/${BENCH_SLUG}`,
          action: () => '/comments',
          typed: (n) => ({ comment: `Guest comment ${n}: week ${n % 52} on the roller, photos in the same light each month.`, name: `Guest ${n}`, email: `guest${n}@example.com` }),
          count: () => countRows(dbFile, 'discussion_posts'),
        }, { seconds, posters: opts.posters })
        printPosting(`guest comments on the article (POST, ${opts.posters} posters${cluster})`, comments)
        results.comments = comments
      }
    } finally {
      await server.stop()
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
  return results
}
