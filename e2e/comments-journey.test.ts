import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { ParsedMail } from 'mailparser'
import { startTestSmtp, type TestSmtp } from '../src/test/smtp.js'
import { LIMITS, POST_LIMITS } from '../src/discussion/limits.js'
import { demoArticles } from '../src/content/demo/articles.js'
import { startSite, launchBrowser, newContext, closeJourney, type RunningSite } from './support.js'
import { ADMIN, createAdminWithCli, signInInBrowser } from './staff.js'

// One reader's first comment, from the home page to the reply notification,
// as the site's rules make it happen: a first comment waits for a moderator,
// an approved address posts at once, mail is double opt-in with a one-click
// unsubscribe. The waits below are the site's real spam rules, not guesses.

const ARTICLE = demoArticles.find((a) => a.slug === 'scalp-massage-what-two-small-studies-show')!
const RUN = Date.now().toString(36)
const READER = { name: 'Noor Haddad', email: `noor.${RUN}@example.com` }
const FIRST = `Three months of the 4-minute daily massage here (${RUN}); my part line photos look the same so far. Does the 24-week mark matter?`
const STAFF_REPLY = `Thanks Noor (${RUN}). The Koyama study measured hair thickness at 24 weeks, so judging before then says little either way.`
const SECOND = `That helps, thank you (${RUN}). I will keep taking the photos and look again at 24 weeks.`

let site: RunningSite
let smtp: TestSmtp
let browser: Browser
const contexts: BrowserContext[] = []

before(async () => {
  smtp = await startTestSmtp()
  site = await startSite({ env: { SMTP_URL: smtp.url } })
  await createAdminWithCli(site)
  browser = await launchBrowser()
})
after(() => closeJourney({ contexts, browser, site, smtp }))

async function open(): Promise<Page> {
  const ctx = await newContext(browser)
  ctx.setDefaultTimeout(10_000)
  contexts.push(ctx)
  return ctx.newPage()
}

/** Waits out the minimum fill time, counted from when the form's page loaded. */
async function readLikeAPerson(page: Page, loadedAt: number) {
  const left = LIMITS.minFillMs + 300 - (Date.now() - loadedAt)
  if (left > 0) await page.waitForTimeout(left)
}

/** Presses Post Comment and returns the status of the POST /comments answer. */
async function postComment(page: Page): Promise<number> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${site.url}/comments` && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Post Comment' }).click(),
  ])
  await page.waitForLoadState()
  return res.status()
}

const commentCard = (page: Page, text: string) => page.locator('article.comment__card').filter({ hasText: text })
const badgeCount = async (page: Page) => {
  const badge = page.locator('.staff-bar a[href="/admin/comments"] .badge')
  return (await badge.count()) ? Number(await badge.textContent()) : 0
}
const linkIn = (mail: ParsedMail, pattern: RegExp) => {
  const m = pattern.exec(mail.text ?? '')
  assert.ok(m, `the mail holds a link matching ${pattern}:\n${mail.text}`)
  return m[0]
}
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '')

test('a reader comments, staff approve and reply, and the reader is notified and answers at once', async () => {
  // --- A first-time reader finds the article from the home page.
  const reader = await open()
  await reader.goto(`${site.url}/`)
  await Promise.all([reader.waitForURL(`${site.url}/${ARTICLE.slug}`), reader.getByRole('link', { name: ARTICLE.title, exact: true }).first().click()])
  assert.equal(await reader.locator('h1').textContent(), ARTICLE.title)
  const loadedAt = Date.now()

  await reader.getByRole('textbox', { name: 'Comment', exact: true }).fill(FIRST)
  await reader.getByRole('textbox', { name: 'Name', exact: true }).fill(READER.name)
  await reader.getByRole('textbox', { name: 'Email', exact: true }).fill(READER.email)
  await reader.getByLabel(/Notify me of replies/).check()
  await readLikeAPerson(reader, loadedAt)
  assert.equal(await postComment(reader), 303)
  const firstPostedAt = Date.now()

  const firstId = /#comment-([a-z0-9]+)$/.exec(reader.url())?.[1]
  assert.ok(firstId, `the reader lands on their comment's anchor: ${reader.url()}`)
  assert.match(await reader.locator('.flash').textContent() ?? '', /Your comment is awaiting moderation\. Until then only you can see it\..*check your email for a confirmation link/)
  const own = reader.locator(`#comment-${firstId}`)
  assert.equal(await own.locator('.comment__pending').textContent(), 'Your comment is awaiting moderation.')
  assert.match(await own.locator('.comment__body').textContent() ?? '', new RegExp(RUN))

  // --- Another reader does not see a held comment.
  const other = await open()
  await other.goto(`${site.url}/${ARTICLE.slug}`)
  assert.equal(await commentCard(other, FIRST).count(), 0, 'a held comment is hidden from other readers')
  assert.equal(await other.locator(`#comment-${firstId}`).count(), 0)

  // --- The confirmation mail is on its way already: double opt-in.
  const confirmMail = await smtp.waitFor((m) => JSON.stringify(m.to ?? null).includes(READER.email) && /^Confirm reply notifications/.test(m.subject ?? ''), 15_000)
  assert.equal(confirmMail.subject, `Confirm reply notifications for your comment on “${ARTICLE.title}”`)
  const confirmLink = linkIn(confirmMail, new RegExp(`${site.url}/comments/subscriptions/[\\w-]+`))

  // --- Staff sign in, see the pending badge, and approve from the queue.
  const staff = await open()
  await signInInBrowser(staff, site)
  const pendingBefore = await badgeCount(staff)
  assert.ok(pendingBefore >= 1, 'the staff bar shows a pending badge')
  assert.equal(await staff.locator('.staff-bar .badge').getAttribute('aria-label'), `${pendingBefore} pending`)
  await Promise.all([staff.waitForURL(`${site.url}/admin/comments`), staff.locator('.staff-bar').getByRole('link', { name: /Comments/ }).click()])
  assert.match(await staff.locator('.mod-tabs a[aria-current="page"]').textContent() ?? '', new RegExp(`Pending \\(${pendingBefore}\\)`))
  const row = staff.locator('li.mod-item').filter({ hasText: RUN })
  assert.equal(await row.count(), 1)
  assert.match(await row.textContent() ?? '', new RegExp(`${READER.name}.*${READER.email.replace(/\./g, '\\.')}`))
  assert.equal(await row.locator('.mod-item__reason').textContent(), 'Held: First comment from this email address')
  await Promise.all([staff.waitForURL(/\/admin\/comments/), row.getByRole('button', { name: 'Approve' }).click()])
  assert.equal(await staff.locator('.flash').textContent(), 'Comment approved.')
  assert.equal(await staff.locator('li.mod-item').filter({ hasText: RUN }).count(), 0, 'the comment left the pending tab')
  assert.equal(await badgeCount(staff), pendingBefore - 1)

  // --- Now every reader sees it, with no pending marker.
  await other.reload()
  assert.equal(await commentCard(other, FIRST).count(), 1)
  assert.equal(await other.locator(`#comment-${firstId} .comment__pending`).count(), 0)

  // --- The reader confirms: the link shows a button (mail scanners confirm nothing).
  await reader.goto(confirmLink)
  assert.match(await reader.locator('main').textContent() ?? '', /Confirm that you want an email when someone replies/)
  await Promise.all([reader.waitForURL(confirmLink), reader.getByRole('button', { name: 'Confirm notifications' }).click()])
  assert.equal(await reader.locator('.flash').textContent(), `Reply notifications are on for your comment on “${ARTICLE.title}”.`)
  assert.match(await reader.locator('main').textContent() ?? '', /Confirmed: we will email you when a reply/)

  // --- Staff answer on the article page; a staff reply goes live at once, nested.
  await staff.goto(`${site.url}/${ARTICLE.slug}#comment-${firstId}`)
  const staffLoadedAt = Date.now()
  await staff.locator(`#comment-${firstId}`).getByRole('link', { name: `Reply to ${READER.name}` }).click()
  assert.equal(await staff.locator('[data-reply-title]').textContent(), `Replying to ${READER.name}`)
  assert.match(await staff.locator('.comment-form__who').textContent() ?? '', new RegExp(`Logged in as ${ADMIN.name}`))
  await staff.getByRole('textbox', { name: 'Comment', exact: true }).fill(STAFF_REPLY)
  await readLikeAPerson(staff, staffLoadedAt)
  assert.equal(await postComment(staff), 303)
  const staffPostedAt = Date.now()
  assert.equal(await staff.locator('.flash').textContent(), 'Your comment is published.')
  const replyId = /#comment-([a-z0-9]+)$/.exec(staff.url())?.[1]
  assert.ok(replyId)
  const nested = other.locator(`li:has(> #comment-${firstId}) > ol.comment-children > li > #comment-${replyId}`)
  await other.reload()
  assert.equal(await nested.count(), 1, 'the staff reply renders nested under the reader’s comment')
  assert.equal(await nested.locator('.comment__badge').textContent(), 'Staff')
  assert.equal(await nested.locator('.comment__pending').count(), 0)

  // --- The confirmed reader is told, with a one-click unsubscribe (RFC 8058).
  const replyMail = await smtp.waitFor((m) => JSON.stringify(m.to ?? null).includes(READER.email) && /replied to your comment/.test(m.subject ?? ''), 15_000)
  assert.equal(replyMail.subject, `${ADMIN.name} replied to your comment on “${ARTICLE.title}”`)
  assert.match(replyMail.text ?? '', /The Koyama study measured hair thickness at 24 weeks/)
  const unsubscribe = header(replyMail, 'list-unsubscribe')
  assert.match(unsubscribe ?? '', new RegExp(`^<${site.url}/comments/unsubscribe/[\\w-]+>$`))
  assert.equal(header(replyMail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click')
  const conversation = linkIn(replyMail, new RegExp(`${site.url}/comments/${replyId}`))

  // --- The reader follows the mail to the reply and answers it. Their address
  // now has an approved comment, so this one goes live without moderation.
  // The flood interval counts every post from one IP address, and every
  // browser here is 127.0.0.1: wait out 15 s from the staff reply (staff are
  // exempt from the limit, but their posts still count for the address).
  await reader.goto(conversation)
  assert.equal(reader.url(), `${site.url}/${ARTICLE.slug}#comment-${replyId}`)
  const answerLoadedAt = Date.now()
  await reader.locator(`#comment-${replyId}`).getByRole('link', { name: `Reply to ${ADMIN.name}` }).click()
  await reader.getByRole('textbox', { name: 'Comment', exact: true }).fill(SECOND)
  await reader.getByRole('textbox', { name: 'Name', exact: true }).fill(READER.name)
  await reader.getByRole('textbox', { name: 'Email', exact: true }).fill(READER.email)
  await readLikeAPerson(reader, answerLoadedAt)
  const sinceLast = Date.now() - Math.max(firstPostedAt, staffPostedAt)
  if (sinceLast < POST_LIMITS.comment.intervalMs + 500) await reader.waitForTimeout(POST_LIMITS.comment.intervalMs + 500 - sinceLast)
  assert.equal(await postComment(reader), 303)
  assert.match(await reader.locator('.flash').textContent() ?? '', /^Your comment is published\./)
  const secondId = /#comment-([a-z0-9]+)$/.exec(reader.url())?.[1]
  assert.ok(secondId)

  await other.reload()
  const answer = other.locator(`li:has(> #comment-${replyId}) > ol.comment-children > li > #comment-${secondId}`)
  assert.equal(await answer.count(), 1, 'the reader’s answer is live for everyone, nested under the staff reply')
  assert.match(await answer.locator('.comment__body').textContent() ?? '', new RegExp(RUN))
  assert.equal(await answer.locator('.comment__pending').count(), 0)
  assert.equal(await badgeCount(staff), pendingBefore - 1, 'nothing new waits for a moderator')

  // --- The mail client's one-click unsubscribe: a bare POST, no cookie, no token.
  const oneClick = await fetch(unsubscribe!.slice(1, -1), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
  })
  assert.equal(oneClick.status, 200)
  assert.match(await oneClick.text(), /You are unsubscribed/)
  await reader.goto(confirmLink)
  assert.match(await reader.locator('main').textContent() ?? '', /These notifications were switched off/)
})

test('a bad comment form re-renders with clear messages and keeps what was typed', async () => {
  const page = await open()
  await page.goto(`${site.url}/${ARTICLE.slug}`)
  const comment = page.getByRole('textbox', { name: 'Comment', exact: true })
  const name = page.getByRole('textbox', { name: 'Name', exact: true })
  const email = page.getByRole('textbox', { name: 'Email', exact: true })
  const summary = page.locator('.form-errors')

  // Empty: the browser's own check stops the form before it is sent.
  let sent = false
  page.on('request', (r) => { if (r.method() === 'POST') sent = true })
  await page.getByRole('button', { name: 'Post Comment' }).click()
  assert.equal(sent, false, 'the browser does not send an empty form')
  assert.equal(await comment.evaluate((el: HTMLTextAreaElement) => el.validity.valueMissing), true)

  // The server must not rely on that check: without it, it explains each field.
  await page.locator('form[data-comment-form]').evaluate((f: HTMLFormElement) => { f.noValidate = true })
  assert.equal(await postComment(page), 422)
  assert.equal(await summary.locator('strong').textContent(), 'Your comment was not posted yet.')
  assert.deepEqual(await summary.locator('li').allTextContents(), ['Write your comment first.', 'Enter your name.', 'Enter your email address.'])
  assert.equal(await page.locator('#f-comment-error').textContent(), 'Write your comment first.')
  assert.equal(await page.locator('#f-name-error').textContent(), 'Enter your name.')
  assert.equal(await page.locator('#f-email-error').textContent(), 'Enter your email address.')
  assert.equal(await comment.getAttribute('aria-invalid'), 'true')
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('form-errors')), true, 'the summary takes focus')

  // A malformed address the browser lets through (no dot in the domain).
  const text = `I tried the massage twice a day (${RUN}).`
  await comment.fill(text)
  await name.fill('Bea Okafor')
  await email.fill('bea@example')
  assert.equal(await postComment(page), 422)
  assert.deepEqual(await summary.locator('li').allTextContents(), ['Enter a valid email address, like name@example.com.'])
  assert.equal(await comment.inputValue(), text)
  assert.equal(await name.inputValue(), 'Bea Okafor')
  assert.equal(await email.inputValue(), 'bea@example')

  // 6,000 characters: over the 5,000 limit, and none of it lost.
  const essay = `bad-form-${RUN} `.padEnd(6000, 'minoxidil ')
  await comment.fill(essay)
  await email.fill(`bea.${RUN}@example.com`)
  assert.equal(await postComment(page), 422)
  assert.deepEqual(await summary.locator('li').allTextContents(), ['Your comment is 6,000 characters; the limit is 5,000.'])
  assert.equal(await comment.inputValue(), essay)
  assert.equal(await name.inputValue(), 'Bea Okafor')
  assert.equal(await email.inputValue(), `bea.${RUN}@example.com`)
  assert.equal(await page.locator('.comment-list').filter({ hasText: `bad-form-${RUN}` }).count(), 0, 'nothing was posted')
  assert.equal(await page.locator('.comment-list').filter({ hasText: text }).count(), 0)
})
