import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startSite, launchBrowser, newContext, assertNoViolations, type RunningSite } from './support.js'
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

test('the media library and the settings page, desktop and phone', async () => {
  for (const phone of [false, true]) {
    const ctx = await newContext(browser, { phone })
    contexts.push(ctx)
    const page = await ctx.newPage()
    await signInInBrowser(page, site)
    await visit(page, '/admin/media')
    assert.ok(await page.locator('li.media-item').count() > 0, 'the demo figures are listed')
    await assertNoViolations(page, `media library${phone ? ' (phone)' : ''}`)
    await visit(page, '/admin/settings')
    assert.equal(await page.locator('#f-time_zone option').count() > 300, true, 'every IANA zone is offered')
    await assertNoViolations(page, `settings${phone ? ' (phone)' : ''}`)
  }
})

test('the home and article pages at phone width', async () => {
  const page = await reader({ phone: true })
  await visit(page, '/')
  await assertNoViolations(page, 'home (phone)')
  await visit(page, ARTICLE)
  await assertNoViolations(page, 'article (phone)')
})

// ---- the forum ----

const STORY_CATEGORY = '/forum/c/success-stories'

/** The first seeded success story (its page shows the story card). */
async function storyTopicPath(page: Page): Promise<string> {
  await visit(page, STORY_CATEGORY)
  const href = await page.locator('li.topic-row').filter({ has: page.locator('.story-compact') }).first().locator('a.topic-row__title').getAttribute('href')
  assert.ok(href, 'the demo has a success story')
  return href
}

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'

  test(`the forum home, a category, a story topic and search results (${width})`, async () => {
    const page = await reader({ phone })
    await visit(page, '/forum')
    assert.ok(await page.locator('.forum-cat').count() >= 5, 'the demo categories are listed')
    await assertNoViolations(page, `forum home (${width})`)
    const topic = await storyTopicPath(page)
    assert.ok(await page.locator('.story-compact').count() > 0, 'the list shows story summaries')
    await assertNoViolations(page, `category (${width})`)
    await visit(page, `${STORY_CATEGORY}?treatment=microneedling`)
    await assertNoViolations(page, `category filtered by treatment (${width})`)
    await visit(page, topic)
    assert.equal(await page.locator('.story-card').count(), 1, 'the topic shows its story card')
    assert.ok(await page.locator('.forum-post__card').count() > 1)
    await assertNoViolations(page, `story topic (${width})`)
    await visit(page, '/search?q=massaging')
    assert.ok(await page.locator('.search-result').count() > 0, 'the search finds something')
    await assertNoViolations(page, `search results (${width})`)
  })

  test(`the new-topic form and its error re-render, without JavaScript (${width})`, async () => {
    const page = await reader({ phone, javaScript: false })
    await visit(page, `${STORY_CATEGORY}/new`)
    assert.equal(await page.locator('h1').textContent(), 'Share your story')
    const html = await page.content()
    await page.locator('form.forum-form').evaluate((f: HTMLFormElement) => { f.noValidate = true })
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${site.url}${STORY_CATEGORY}/new` && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Post topic' }).click(),
    ])
    await page.waitForLoadState()
    assert.equal(res.status(), 422)
    assert.ok(await page.locator('.form-errors li').count() >= 5, 'title, body, treatment, months, change and name are each explained')
    const refused = await res.text()

    // axe is a script, and a page without JavaScript runs none: replay what the
    // server sent into a tab where only axe runs (the site's own script blocked).
    const audit = await reader({ phone })
    await audit.route('**/assets/build/**', (r) => r.abort())
    for (const [what, body, status] of [['new-topic form', html, 200], ['new-topic form errors', refused, 422]] as const) {
      await audit.route(`${site.url}/__replayed`, (r) => r.fulfill({ status, contentType: 'text/html; charset=utf-8', body }))
      await audit.goto(`${site.url}/__replayed`)
      await assertNoViolations(audit, `${what} (${width})`)
      await audit.unroute(`${site.url}/__replayed`)
    }
  })
}
