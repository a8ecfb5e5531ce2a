import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { SiteClient } from './site-client.js'
import { startSite, launchBrowser, newContext, type RunningSite } from './support.js'
import { ADMIN, createAdminWithCli, signInInBrowser } from './staff.js'

// The two checks of the XSS batteries (e2e/xss.test.ts for articles and
// comments, e2e/forum-xss.test.ts for the forum), on every page they open:
// no alert/confirm/prompt ever opens, and nothing in the DOM could run (a
// foreign script, an on* handler, a javascript: or data: URL, frames,
// plugins, refreshes). The tabs bypass the CSP, so a payload that got into
// the markup would run: the markup alone must be safe.

/** Runs `fn` over `items`, `lanes` at a time. */
export async function inLanes<T>(items: readonly T[], lanes: number, fn: (item: T, index: number) => Promise<void>) {
  let next = 0
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) {
      const i = next++
      await fn(items[i], i)
    }
  }))
}

/**
 * Runs in the page: anything that could execute, or that no Crown page has.
 * Plain JavaScript source, because tsx's helpers (__name) do not exist in the page.
 */
export const SCAN_FOR_INJECTION = `(() => {
  const out = []
  const show = (el) => el.outerHTML.slice(0, 160)
  const urlAttrs = ['href', 'src', 'srcset', 'action', 'formaction', 'data', 'poster', 'background', 'xlink:href', 'cite', 'ping', 'codebase', 'manifest']
  const foreign = ['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'svg', 'math', 'style', 'marquee', 'isindex']
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase()
    if (tag === 'script') {
      if (el.type === 'application/ld+json') {
        try { JSON.parse(el.textContent || '') } catch { out.push('JSON-LD that does not parse: ' + show(el)) }
      } else if (!/^\\/assets\\/build\\/[\\w.-]+\\.js(\\?v=\\w+)?$/.test(el.getAttribute('src') || '') || el.textContent) {
        out.push('a script that is not ours: ' + show(el))
      }
    }
    if (foreign.includes(tag)) out.push('<' + tag + '>: ' + show(el))
    if (tag === 'meta' && el.hasAttribute('http-equiv')) out.push('meta http-equiv: ' + show(el))
    if (tag === 'link' && el.getAttribute('rel') === 'stylesheet' && !(el.getAttribute('href') || '').startsWith('/assets/')) out.push('a foreign stylesheet: ' + show(el))
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase()
      if (name.startsWith('on')) out.push(name + ' handler: ' + show(el))
      if (name === 'style' || name === 'srcdoc' || name === 'formaction') out.push(name + ' attribute: ' + show(el))
      if (urlAttrs.includes(name)) {
        // Browsers drop whitespace and control characters before a scheme.
        for (const candidate of name === 'srcset' ? attr.value.split(',') : [attr.value]) {
          const v = candidate.replace(/[\\u0000-\\u0020]/g, '').toLowerCase()
          if (/^(javascript|vbscript|data):/.test(v)) out.push(name + '="' + attr.value.slice(0, 80) + '": ' + show(el))
        }
      }
    }
  }
  return out
})()`

export interface Visit {
  where: string
  url: string
  /** What the page must show, so a blank or wrong page cannot pass. */
  expect?: (page: Page) => Promise<void>
}

/** What the sweeps saw: dialogs that opened and injection findings, by page. */
export class InjectionWatch {
  readonly dialogs: string[] = []
  readonly findings: string[] = []
  visited = 0

  /** Opens each page in `ctx`, several tabs at a time, recording dialogs and injection findings. */
  async sweep(ctx: BrowserContext, visits: Visit[], lanes = 6) {
    await inLanes(Array.from({ length: lanes }, (_, n) => n), lanes, async () => {
      const page = await ctx.newPage()
      // Generous: a slow CI machine running another browser test alongside
      // once took over 15 s to load the first of several tabs opened at once.
      // This is a safety check, not a speed one (speed lives in the bench).
      page.setDefaultTimeout(60_000)
      let where = ''
      page.on('dialog', (d) => {
        if (d.type() !== 'beforeunload') this.dialogs.push(`${where}: ${d.type()}(${JSON.stringify(d.message())})`)
        void d.dismiss().catch(() => {})
      })
      try {
        for (;;) {
          const v = visits.shift()
          if (!v) break
          where = v.where
          await page.goto(v.url)
          if (v.expect) await v.expect(page)
          for (const f of await page.evaluate<string[]>(SCAN_FOR_INJECTION)) this.findings.push(`${v.where}: ${f}`)
          this.visited++
        }
      } finally {
        await page.close()
      }
    })
  }

  assertClean(what: string) {
    assert.deepEqual(this.dialogs, [], `${what}: ${this.dialogs.length} dialog(s) opened`)
    assert.deepEqual(this.findings.slice(0, 30), [], `${what}: ${this.findings.length} finding(s)`)
  }

  /** Forgets what was seen (after the control run). */
  reset() {
    this.dialogs.length = 0
    this.findings.length = 0
  }
}

/** Pages behind ?page=n or /page/n, discovered by following rel="next" over HTTP. */
export async function pagesOf(client: SiteClient, first: string, nth: (n: number) => string): Promise<string[]> {
  const out = [first]
  let html = (await client.get(first)).html
  while (/rel="next"/.test(html.replace(/<link [^>]*>/g, ''))) {
    const path = nth(out.length + 1)
    out.push(path)
    const res = await client.get(path)
    assert.equal(res.status, 200, path)
    html = res.html
  }
  return out
}

/** The text of the first element matching `selector`. */
export const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent()) ?? ''
// Multipart sends line breaks as CRLF and a text input drops them: compare text without them.
export const flat = (s: string) => s.replace(/[\r\n]+/g, '')

/**
 * Pages the site answered to HTTP clients (refused forms, re-rendered
 * checkouts), replayed in a browser under the site's origin at
 * /__replayed/<n>, so they are scanned as the browser would show them.
 */
export class Replays {
  private readonly pages = new Map<string, string>()
  constructor(private readonly siteUrl: string) {}

  /** Serves the kept pages in these browser contexts. */
  async serveIn(contexts: BrowserContext[]) {
    for (const ctx of contexts) {
      await ctx.route(`${this.siteUrl}/__replayed/**`, (route) => route.fulfill({
        status: 200, contentType: 'text/html; charset=utf-8', body: this.pages.get(new URL(route.request().url()).pathname) ?? 'missing',
      }))
    }
  }

  /** Keeps a page and returns the visit that opens it. */
  visit(where: string, html: string): Visit {
    const path = `/__replayed/${this.pages.size}`
    this.pages.set(path, html)
    return { where, url: this.siteUrl + path }
  }
}

/** What an XSS battery drives: the site, staff over HTTP and in a browser, and a public browser. */
export interface XssSite {
  site: RunningSite
  staffHttp: SiteClient
  browser: Browser
  staffBrowser: BrowserContext
  publicBrowser: BrowserContext
  /** Kept pages, served in both browsers. */
  replays: Replays
}

/**
 * Starts the site with an admin signed in over HTTP and in a browser tab, and
 * a public browser, both serving the battery's kept pages (Replays). Images, styles and fonts change nothing in these checks
 * and cost time, so both browsers refuse them (a refused image fires onerror
 * all the same, so injected handlers still run).
 */
export async function openXssSite(env: Record<string, string>): Promise<XssSite> {
  const site = await startSite({ env })
  await createAdminWithCli(site)
  const staffHttp = new SiteClient(site.url)
  await staffHttp.signIn(ADMIN)
  const browser = await launchBrowser()
  const staffBrowser = await newContext(browser)
  const publicBrowser = await newContext(browser)
  for (const ctx of [staffBrowser, publicBrowser]) await ctx.route(/\.(png|jpe?g|webp|gif|svg|css|woff2?)(\?[^/]*)?$/, (r) => r.abort())
  await signInInBrowser(await staffBrowser.newPage(), site)
  const replays = new Replays(site.url)
  await replays.serveIn([staffBrowser, publicBrowser])
  return { site, staffHttp, browser, staffBrowser, publicBrowser, replays }
}

/** The field errors a refused form shows, as "field: message; …" (for assertion messages). */
export const errorsIn = (html: string) => [...html.matchAll(/class="field__error" id="f-([\w-]+)-error">([^<]*)</g)].map((m) => `${m[1]}: ${m[2]}`).join('; ')
