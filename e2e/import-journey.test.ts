import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startSite, launchBrowser, assertNoViolations, assertNoSideScroll, type RunningSite } from './support.js'
import { createAdminWithCli, signedInStaffPage } from './staff.js'

// Moving in from WordPress through the admin, in Chromium: an admin uploads
// the export, the run's page follows the job (with JavaScript: polling, then
// the report; without: a Refresh link), the imported article shows its
// comments threaded six deep, and the old links reach it by 301.
//
// The site serving the browser runs no jobs, so the run is still waiting when
// its page first loads, whatever the machine's speed; a second process on the
// same data folder, started once both pages are open, is the worker.

const EXPORT = path.resolve(import.meta.dirname, '..', 'src', 'importer', 'fixtures', 'site.wxr.xml')

let site: RunningSite
let worker: RunningSite | undefined
let browser: Browser
const contexts: BrowserContext[] = []

before(async () => {
  site = await startSite({ env: { JOBS: 'off' } })
  await createAdminWithCli(site)
  browser = await launchBrowser()
})
after(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await worker?.stop()
  await site?.stop()
})

const staffPage = (opts: { phone?: boolean; javaScript?: boolean } = {}) => signedInStaffPage(browser, site, contexts, opts)



async function uploadExport(page: Page) {
  await page.goto(`${site.url}/admin/import`)
  await page.getByLabel('A WordPress export (WXR)').check()
  await page.getByLabel('Export file').setInputFiles(EXPORT)
  await Promise.all([
    page.waitForURL(/\/admin\/import\/\d+$/),
    page.getByRole('button', { name: 'Upload and import' }).click(),
  ])
}

test('the import page passes axe and fits a phone; the staff bar links to it', async () => {
  for (const phone of [false, true]) {
    const page = await staffPage({ phone })
    const res = await page.goto(`${site.url}/admin/import`)
    assert.equal(res?.status(), 200)
    assert.equal(await page.locator('a[href="/admin/import"]', { hasText: 'Import' }).count(), 1)
    assert.match(await page.locator('main').textContent() ?? '', /Images stay on the old site/)
    await assertNoViolations(page, `/admin/import${phone ? ' (phone)' : ''}`)
    await assertNoSideScroll(page, `/admin/import${phone ? ' (phone)' : ''}`)
    if (phone) await page.screenshot({ path: path.join(site.dataDir, 'import-phone.png'), fullPage: true })
  }
})

test('an admin uploads the export and watches it run; the article keeps its threads and its old links', async () => {
  // With JavaScript: the run's page polls its status and reloads into the report.
  const page = await staffPage()
  await uploadExport(page)
  const runUrl = page.url()
  assert.match(await page.locator('[data-import-status]').textContent() ?? '', /Waiting to start/)
  assert.equal(await page.locator('progress#import-bar').count(), 1)
  assert.match(await page.locator('.import-refresh').textContent() ?? '', /follows the import/)
  await page.waitForResponse((r) => r.url().endsWith('/status.json') && r.status() === 200)
  await assertNoViolations(page, 'a waiting run')

  // Without JavaScript: the page says it updates when refreshed, and offers the link.
  const plain = await staffPage({ javaScript: false })
  await uploadExport(plain)
  const refresh = plain.getByRole('link', { name: 'Refresh' })
  assert.equal(await refresh.count(), 1)
  assert.match(await plain.locator('.import-refresh').textContent() ?? '', /updates when refreshed/)
  assert.notEqual(plain.url(), runUrl)

  worker = await startSite({ dataDir: site.dataDir, env: { JOBS: 'on' } })

  await page.getByText('The import finished.').waitFor({ timeout: 60_000 })
  assert.equal(page.url(), runUrl)
  assert.match(await page.locator('[data-import-status]').textContent() ?? '', /Done/)
  const postRow = page.locator('table tr', { has: page.locator('th', { hasText: /^Posts$/ }) })
  assert.ok(Number(await postRow.locator('td').first().textContent()) >= 1, 'the report counts the imported posts')
  assert.equal(await page.locator('[data-import-progress]').count(), 0)
  await assertNoViolations(page, 'a finished run')
  const phone = await staffPage({ phone: true })
  await phone.goto(runUrl)
  await assertNoViolations(phone, 'a finished run (phone)')
  await assertNoSideScroll(phone, 'a finished run (phone)')
  await phone.screenshot({ path: path.join(site.dataDir, 'import-run-phone.png'), fullPage: true })
  await phone.goto(`${site.url}/admin/import`)
  await assertNoViolations(phone, 'the list of runs (phone)')
  await assertNoSideScroll(phone, 'the list of runs (phone)')

  // The no-JS page: refreshed by hand until its run (the same export again) has finished.
  for (let i = 0; i < 60 && !(await plain.getByText('The import finished.').count()); i++) {
    await new Promise((r) => setTimeout(r, 500))
    await plain.getByRole('link', { name: 'Refresh' }).click()
  }
  assert.equal(await plain.getByText('The import finished.').count(), 1)
  assert.equal(await plain.getByRole('link', { name: 'Refresh' }).count(), 0)
  // The second run of the same export changes nothing.
  const again = plain.locator('table tr', { has: plain.locator('th', { hasText: /^Posts$/ }) })
  assert.equal(await again.locator('td').first().textContent(), '0')

  // The reader's side: the article, its six levels of comments threaded as they
  // were. The site nests replies five deep (discussion/thread-view.ts); the
  // sixth sits at level five, saying which comment it answers.
  const reader = await browser.newContext()
  contexts.push(reader)
  const article = await reader.newPage()
  const res = await article.goto(`${site.url}/scalp-massage-routine`)
  assert.equal(res?.status(), 200)
  const thread = ['Do you do this on dry or damp hair?', 'Dry for me, before washing.', 'Same here: dry, so the fingertips grip.',
    'Tried it dry this morning, much easier.', 'Do you use an oil with it?']
  const card = (text: string) => article.locator('article.comment__card', { hasText: text })
  const depthOf = (text: string) => card(text).evaluate((el) => {
    let depth = 0
    for (let p = el.parentElement; p; p = p.parentElement) if (p.matches('ol.comment-children')) depth++
    return depth
  })
  for (const [i, text] of thread.entries()) {
    assert.equal(await card(text).count(), 1, text)
    assert.equal(await depthOf(text), i, `“${text}” is nested ${i} level(s) down`)
    if (i > 0) {
      const parentItem = article.locator('li.comment', { has: article.locator(':scope > article', { hasText: thread[i - 1]! }) })
      assert.equal(await parentItem.locator(':scope > ol.comment-children > li > article', { hasText: text }).count(), 1, `“${text}” sits inside its parent`)
    }
  }
  const sixth = card('Sixth reply down')
  assert.equal(await sixth.count(), 1)
  assert.equal(await depthOf('Sixth reply down'), 4)
  const fifthAnchor = await card(thread[4]!).getAttribute('id')
  assert.equal(await sixth.locator('.comment__in-reply-to a').getAttribute('href'), `#${fifthAnchor}`, 'the sixth level names the comment it answers')

  // Old links: /?p=101 and the dated permalink answer 301 to the article.
  for (const old of ['/?p=101', '/2026/01/scalp-massage-routine/']) {
    const direct = await fetch(`${site.url}${old}`, { redirect: 'manual' })
    assert.equal(direct.status, 301, old)
    assert.equal(new URL(direct.headers.get('location') ?? '', site.url).pathname, '/scalp-massage-routine', old)
    const followed = await article.goto(`${site.url}${old}`)
    assert.equal(followed?.status(), 200)
    assert.equal(new URL(article.url()).pathname, '/scalp-massage-routine')
    assert.equal((await followed!.request().redirectedFrom()?.response())?.status(), 301, old)
  }

  // An old link to one comment: WordPress's #comment-204 survives the 301; the
  // page has no such anchor, so its script asks where comment 204 lives now
  // and lands on that comment's own anchor.
  await article.goto(`${site.url}/2026/01/scalp-massage-routine/#comment-204`)
  await article.waitForURL(/\/scalp-massage-routine#comment-(?!204$)[a-z0-9]+$/)
  const anchor = new URL(article.url()).hash.slice(1)
  assert.match(await article.locator(`[id="${anchor}"]`).innerText(), /Tried it dry this morning/)
})
