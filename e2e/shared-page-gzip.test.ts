import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext } from 'playwright-core'
import { LIMITS } from '../src/discussion/limits.js'
import { demoArticles } from '../src/content/demo/articles.js'
import { startSite, launchBrowser, newContext, closeJourney, type RunningSite } from './support.js'

// The shared article page reaches a browser as gzip spliced around the
// reader's own CSRF token and form stamp (http/page-cache.ts): Chromium must
// decode it, and the token and stamp it carries must be good for a comment.

const ARTICLE = demoArticles.find((a) => a.slug === 'scalp-massage-what-two-small-studies-show')!
const RUN = Date.now().toString(36)

let site: RunningSite
let browser: Browser
const contexts: BrowserContext[] = []

before(async () => {
  site = await startSite()
  browser = await launchBrowser()
})
after(() => closeJourney({ contexts, browser, site }))

test('a cached article sent as spliced gzip loads in Chromium and its comment form posts', async () => {
  // Another reader's view puts the page in the shared cache first.
  assert.equal((await fetch(`${site.url}/${ARTICLE.slug}`)).status, 200)

  const ctx = await newContext(browser)
  ctx.setDefaultTimeout(10_000)
  contexts.push(ctx)
  const page = await ctx.newPage()
  const res = await page.goto(`${site.url}/${ARTICLE.slug}`)
  assert.ok(res)
  const headers = await res.allHeaders()
  assert.equal(headers['content-encoding'], 'gzip')
  assert.equal(headers['cache-control'], 'private, no-cache')
  assert.equal(await page.locator('h1').textContent(), ARTICLE.title)
  const loadedAt = Date.now()

  const text = `Spliced gzip comment (${RUN}): does massage pressure matter?`
  await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(text)
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Gzip Reader')
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(`gzip.${RUN}@example.com`)
  const left = LIMITS.minFillMs + 300 - (Date.now() - loadedAt)
  if (left > 0) await page.waitForTimeout(left)
  const [posted] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${site.url}/comments` && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Post Comment' }).click(),
  ])
  await page.waitForLoadState()
  assert.equal(posted.status(), 303)
  assert.ok(await page.locator('article.comment__card').filter({ hasText: text }).count() > 0, 'the reader sees their comment')
})
