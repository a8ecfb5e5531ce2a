import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Request } from 'playwright-core'
import { startSite, launchBrowser, type RunningSite } from './support.js'
import { findDemoPages, type DemoPages } from './demo-pages.js'

// The bytes a phone downloads for a first view (empty cache) of the pages
// readers land on, summed by type from Chromium's own network events
// (headers plus the body as sent, so compressed). Each type has a budget: a
// build that bloats the stylesheet or the script, drops compression, or sends
// a desktop-sized image to a phone fails here.
//
// Budgets are today's heaviest page (2026-12-01, in brackets) with headroom
// for ordinary growth, rounded; raise one only for a reason worth a commit.
const KB = 1024
const BUDGET = {
  /** HTML, compressed (article with 10 comments: 9.8 KB; 33 KB uncompressed). */
  document: 20 * KB,
  /** The one stylesheet, compressed (12.2 KB; 60 KB as written). */
  stylesheet: 20 * KB,
  /** The one script, compressed: progressive enhancements only (3.9 KB). */
  script: 8 * KB,
  /** Images of the first view at 3x (home page: 39.3 KB); lazy ones further down wait. */
  image: 100 * KB,
  /** The site uses system fonts: a web font is a decision, not a drift. */
  font: 0,
  /** Everything, including what no type above counts, such as the favicon (home page: 61 KB). */
  total: 150 * KB,
} as const
type Kind = keyof typeof BUDGET

/** A phone: 390 x 844 CSS pixels at 3x, touch, as most phones in use now. */
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }

let site: RunningSite
let browser: Browser
let pages: DemoPages

before(async () => {
  site = await startSite()
  pages = await findDemoPages(site.url)
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await site?.stop()
})

interface Loaded { url: string; kind: string; bytes: number; encoding: string }

/** Loads `path` in a fresh phone context and returns every finished request with its transferred bytes. */
async function firstView(path: string): Promise<Loaded[]> {
  const ctx = await browser.newContext(PHONE)
  try {
    const page = await ctx.newPage()
    const finished: Request[] = []
    page.on('requestfinished', (r) => { finished.push(r) })
    const res = await page.goto(`${site.url}${path}`, { waitUntil: 'load' })
    assert.equal(res?.status(), 200, path)
    await page.waitForLoadState('networkidle')
    return await Promise.all(finished.map(async (r) => {
      const sizes = await r.sizes()
      const response = await r.response()
      return {
        url: r.url(),
        kind: r.resourceType(),
        bytes: sizes.responseHeadersSize + sizes.responseBodySize,
        encoding: (await response?.headerValue('content-encoding')) ?? '',
      }
    }))
  } finally {
    await ctx.close()
  }
}

function sumByKind(loaded: Loaded[]): Record<Kind, number> {
  const sums: Record<Kind, number> = { document: 0, stylesheet: 0, script: 0, image: 0, font: 0, total: 0 }
  for (const l of loaded) {
    if (l.kind in sums && l.kind !== 'total') sums[l.kind as Kind] += l.bytes
    sums.total += l.bytes
  }
  return sums
}

const kb = (n: number) => `${(n / KB).toFixed(1)} KB`

for (const [what, key] of [
  ['the home page', 'home'], ['an article with comments and figures', 'article'], ['a forum topic with replies', 'topic'],
  ['the forum\'s category list', 'forum'], ['a forum category\'s topic list', 'category'], ['a product page', 'product'],
] as const) {
  test(`${what} stays within the page-weight budget on a phone's first view`, async () => {
    const loaded = await firstView(pages[key])
    const sums = sumByKind(loaded)
    console.log(`page weight: ${pages[key]}: ${Object.entries(sums).map(([k, v]) => `${k} ${kb(v)}`).join(', ')}`)
    assert.ok(sums.document > 0 && sums.stylesheet > 0 && sums.script > 0, `${what}: the page, its stylesheet and its script were counted`)

    // Text is sent compressed: the budgets assume it, and a lost encoder must fail by name.
    for (const l of loaded.filter((x) => ['document', 'stylesheet', 'script'].includes(x.kind))) {
      assert.match(l.encoding, /^(br|gzip|zstd)$/, `${l.url} (${l.kind}) is sent compressed`)
    }
    const over = (Object.keys(BUDGET) as Kind[]).filter((k) => sums[k] > BUDGET[k])
    assert.deepEqual(over.map((k) => `${k} ${kb(sums[k])} > ${kb(BUDGET[k])}`), [],
      `${what} (${pages[key]}) is over budget; its requests:\n${loaded.map((l) => `  ${l.kind} ${kb(l.bytes)} ${l.url}`).join('\n')}`)
  })
}

// The largest picture in a phone's first screen is most often the largest
// contentful paint, which decides when the page looks loaded: it must be
// fetched at once with high priority, as a lazy one waits for layout before
// it is even asked for. Found by layout (the visible area of each picture in
// the first 390 x 844 screen), not by timing.
// A string: tsx would wrap named functions in a helper the page does not have.
const LARGEST_FIRST_SCREEN_PICTURE = `(() => {
  const area = (r) => Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0)) * Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0))
  const top = [...document.images].map((img) => ({ img, area: area(img.getBoundingClientRect()) })).filter((x) => x.area > 0).sort((a, b) => b.area - a.area)[0]
  return top ? { src: top.img.currentSrc, loading: top.img.getAttribute('loading'), priority: top.img.getAttribute('fetchpriority') } : null
})()`

test('the largest picture of a phone\'s first screen is fetched eagerly, with high priority', async () => {
  const ctx = await browser.newContext(PHONE)
  try {
    const page = await ctx.newPage()
    const seen: string[] = []
    for (const key of ['home', 'article', 'product', 'category'] as const) {
      await page.goto(`${site.url}${pages[key]}`, { waitUntil: 'load' })
      const largest = await page.evaluate(LARGEST_FIRST_SCREEN_PICTURE) as { src: string; loading: string | null; priority: string | null } | null
      seen.push(`${key}: ${largest?.src ?? 'no picture'}`)
      if (!largest) continue
      assert.notEqual(largest.loading, 'lazy', `${pages[key]}: the largest picture of the first screen (${largest.src}) is not lazy`)
      assert.equal(largest.priority, 'high', `${pages[key]}: the largest picture of the first screen (${largest.src}) is fetched with high priority`)
    }
    assert.ok(seen.filter((s) => !s.endsWith('no picture')).length >= 3, `pictures were among those checked (${seen.join(', ')})`)
  } finally {
    await ctx.close()
  }
})
