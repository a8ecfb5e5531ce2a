import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startSite, launchBrowser, newContext, axeViolations, describeViolations, type RunningSite } from './support.js'
import { createAdminWithCli, signInInBrowser } from './staff.js'

// axe-core's WCAG 2.1 A/AA and best-practice rules on the pages readers and
// staff use most, on the seeded demo site (real articles, real threads).

const ARTICLE = '/scalp-massage-what-two-small-studies-show'

let site: RunningSite
let browser: Browser
let staff: BrowserContext
const contexts: BrowserContext[] = []

before(async () => {
  site = await startSite()
  await createAdminWithCli(site)
  browser = await launchBrowser()
  staff = await newContext(browser)
  contexts.push(staff)
  await signInInBrowser(await staff.newPage(), site)
})
after(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await site?.stop()
})

async function reader(opts: { phone?: boolean; javaScript?: boolean } = {}): Promise<Page> {
  const ctx = await newContext(browser, opts)
  contexts.push(ctx)
  return ctx.newPage()
}

async function assertNoViolations(page: Page, what: string) {
  const v = await axeViolations(page)
  assert.equal(v.length, 0, `${what}: ${v.length} axe violation(s)\n${describeViolations(v)}`)
}

async function visit(page: Page, path: string, status = 200) {
  const res = await page.goto(`${site.url}${path}`)
  assert.equal(res?.status(), status, path)
}

test('the home page', async () => {
  const page = await reader()
  await visit(page, '/')
  assert.ok(await page.locator('.post-list article').count() > 0, 'the home page lists articles')
  await assertNoViolations(page, 'home')
})

test('an article page with its threaded comments', async () => {
  const page = await reader()
  await visit(page, ARTICLE)
  assert.ok(await page.locator('.comment-children .comment__card').count() > 0, 'the thread has nested replies')
  await assertNoViolations(page, 'article')
})

test('the comment form after an empty submit, without JavaScript', async () => {
  const page = await reader({ javaScript: false })
  await visit(page, ARTICLE)
  // Browsers stop an empty form on their own; the server's error page is what
  // a browser without that check (or a typed-over field) gets, so send it.
  await page.locator('form[data-comment-form]').evaluate((f: HTMLFormElement) => { f.noValidate = true })
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${site.url}/comments` && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Post Comment' }).click(),
  ])
  await page.waitForLoadState()
  assert.equal(res.status(), 422)
  assert.equal(await page.locator('.form-errors li').count(), 3, 'comment, name and email are each explained')
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 3)

  // axe is a script, and a page without JavaScript runs none: replay the very
  // page the server sent into a tab where only axe runs (the site's own script
  // is blocked, so the DOM stays what a reader without JavaScript has).
  const html = await res.text()
  const audit = await reader()
  await audit.route('**/assets/build/**', (r) => r.abort())
  await audit.route(`${site.url}/comments`, (r) => r.fulfill({ status: 422, contentType: 'text/html; charset=utf-8', body: html }))
  await audit.goto(`${site.url}/comments`)
  assert.equal(await audit.locator('.form-errors li').count(), 3)
  await assertNoViolations(audit, 'comment form errors')
})

test('the editor, signed in as an admin', async () => {
  const page = await staff.newPage()
  await visit(page, '/admin/articles/new')
  assert.equal(await page.locator('h1').textContent(), 'New article')
  await assertNoViolations(page, 'editor')
})

test('the moderation queue', async () => {
  const page = await staff.newPage()
  await visit(page, '/admin/comments')
  assert.ok(await page.locator('li.mod-item').count() > 0, 'the demo leaves comments waiting')
  await assertNoViolations(page, 'moderation queue')
})

test('the home and article pages at phone width', async () => {
  const page = await reader({ phone: true })
  await visit(page, '/')
  await assertNoViolations(page, 'home (phone)')
  await visit(page, ARTICLE)
  await assertNoViolations(page, 'article (phone)')
})
