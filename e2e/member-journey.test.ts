import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startTestSmtp, type TestSmtp } from '../src/test/smtp.js'
import { FORM_TIMING } from '../src/http/form-stamp.js'
import { startSite, launchBrowser, newContext, assertNoViolations, closeJourney, type RunningSite } from './support.js'

// A reader becomes a member: registers from the forum's posting form,
// receives the mail over real SMTP, confirms, signs in and replies in a
// forum topic under their account. Then axe on the account pages.

const RUN = Date.now().toString(36)
const READER = { name: `Tariq ${RUN}`, email: `tariq.${RUN}@example.com`, password: 'three unrelated words here' }
const REPLY = `Eight months of oral minoxidil here (${RUN}); the shedding stopped around week ten.`

let site: RunningSite
let smtp: TestSmtp
let browser: Browser
const contexts: BrowserContext[] = []

before(async () => {
  smtp = await startTestSmtp()
  site = await startSite({ env: { SMTP_URL: smtp.url } })
  browser = await launchBrowser()
})
after(() => closeJourney({ contexts, browser, site, smtp }))

async function open(opts: { phone?: boolean } = {}): Promise<Page> {
  const ctx = await newContext(browser, opts)
  ctx.setDefaultTimeout(10_000)
  contexts.push(ctx)
  return ctx.newPage()
}


test('a reader registers, confirms by mail, signs in and replies in the forum as a member', async () => {
  const page = await open()
  // --- From a forum topic, where guests may post: the account is offered, not pushed.
  await page.goto(`${site.url}/forum/latest`)
  await Promise.all([page.waitForURL(/\/forum\/t\//), page.locator('a.topic-row__title').first().click()])
  const topicUrl = page.url()
  assert.ok(await page.getByRole('group', { name: 'Post as a guest' }).isVisible(), 'guests can still post without an account')
  await Promise.all([page.waitForURL(`${site.url}/account/register`), page.getByRole('link', { name: 'create one' }).click()])

  // --- Register.
  const loadedAt = Date.now()
  await page.getByLabel('Display name').fill(READER.name)
  await page.getByLabel('Email').fill(READER.email)
  await page.getByLabel('Password').fill(READER.password)
  const wait = FORM_TIMING.minFillMs + 300 - (Date.now() - loadedAt)
  if (wait > 0) await page.waitForTimeout(wait)
  await Promise.all([page.waitForURL(/\/account\/check-email/), page.getByRole('button', { name: 'Create account' }).click()])
  assert.equal(await page.locator('h1').textContent(), 'Check your email')

  // --- The mail arrives over SMTP with a one-time link.
  const mail = await smtp.waitFor((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === READER.email, 15_000)
  assert.match(mail.subject ?? '', /Confirm your email address/)
  const link = /http:\/\/127\.0\.0\.1:\d+\/account\/confirm\/[\w-]+/.exec(mail.text ?? '')?.[0]
  assert.ok(link, `a confirmation link in:\n${mail.text}`)

  await page.goto(link)
  await Promise.all([page.waitForURL(/\/sign-in/), page.getByRole('button', { name: 'Confirm my email address' }).click()])
  assert.match(await page.locator('.flash').textContent() ?? '', /email address is confirmed/)

  // --- Sign in; the header shows the member; no "confirm" notice.
  await page.getByLabel('Email').fill(READER.email)
  await page.getByLabel('Password').fill(READER.password)
  await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Sign in' }).click()])
  assert.ok(await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: READER.name }).isVisible())
  assert.equal(await page.locator('.confirm-notice').count(), 0)

  // --- Reply in the topic: no name or email fields, published at once, with the Member mark.
  await page.goto(topicUrl)
  const replyLoaded = Date.now()
  assert.equal(await page.getByRole('group', { name: 'Post as a guest' }).count(), 0)
  assert.match(await page.locator('.forum-form__who').textContent() ?? '', new RegExp(`Posting as ${READER.name}`))
  await page.getByLabel('Your reply').fill(REPLY)
  const left = FORM_TIMING.minFillMs + 300 - (Date.now() - replyLoaded)
  if (left > 0) await page.waitForTimeout(left)
  await Promise.all([page.waitForURL(/#post-\d+$/), page.getByRole('button', { name: 'Post reply' }).click()])
  assert.match(await page.locator('.flash').textContent() ?? '', /Your reply is published/)
  const card = page.locator('article.forum-post__card').filter({ hasText: REPLY })
  assert.equal(await card.locator('.forum-post__author').textContent(), READER.name)
  assert.equal(await card.locator('.forum-badge--member').textContent(), 'Member')

  // --- The account page is clean for axe.
  await page.goto(`${site.url}/account`)
  assert.match(await page.locator('.account-details').textContent() ?? '', /Confirmed/)
  await assertNoViolations(page, 'account page')
})

test('the register, forgot-password and account pages pass axe, with and without errors', async () => {
  const page = await open({ phone: true })
  await page.goto(`${site.url}/account/register`)
  await assertNoViolations(page, 'register')
  await page.locator('form[action="/account/register"]').evaluate((f: HTMLFormElement) => { f.noValidate = true })
  await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Create account' }).click()])
  assert.ok(await page.locator('.form-errors').isVisible())
  await assertNoViolations(page, 'register with errors')
  await page.goto(`${site.url}/account/forgot`)
  await assertNoViolations(page, 'forgot password')
  await page.goto(`${site.url}/sign-in`)
  await assertNoViolations(page, 'sign in')
  // An unconfirmed member's account page, with the notice on it.
  await page.goto(`${site.url}/account/register`)
  const loadedAt = Date.now()
  await page.getByLabel('Display name').fill(`Una ${RUN}`)
  await page.getByLabel('Email').fill(`una.${RUN}@example.com`)
  await page.getByLabel('Password').fill(READER.password)
  await page.waitForTimeout(Math.max(0, FORM_TIMING.minFillMs + 300 - (Date.now() - loadedAt)))
  await Promise.all([page.waitForURL(/\/account\/check-email/), page.getByRole('button', { name: 'Create account' }).click()])
  await assertNoViolations(page, 'check your email')
  await page.goto(`${site.url}/sign-in`)
  await page.getByLabel('Email').fill(`una.${RUN}@example.com`)
  await page.getByLabel('Password').fill(READER.password)
  await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Sign in' }).click()])
  await page.goto(`${site.url}/account`)
  assert.ok(await page.locator('.confirm-notice').isVisible())
  await assertNoViolations(page, 'account, unconfirmed')
})
