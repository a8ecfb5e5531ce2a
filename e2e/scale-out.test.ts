import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import pg from 'pg'
import { startTestSmtp, type TestSmtp } from '../src/test/smtp.js'
import { freshDatabase, dropTestDatabases } from '../src/test/databases.js'
import { FORM_TIMING } from '../src/http/form-stamp.js'
import { POST_LIMITS } from '../src/discussion/limits.js'
import { demoArticles } from '../src/content/demo/articles.js'
import { builtEntry, closeJourney, freePort, launchBrowser, newContext, startSite, type RunningSite } from './support.js'
import { ADMIN, signInInBrowser } from './staff.js'
import { startNginx, type RunningNginx } from './nginx.js'

// Two app processes, as on two machines (their own ports and data folders,
// WORKERS=1 each), on one PostgreSQL, behind Debian's nginx: the comments,
// forum and member journeys behave as on one process. Every visitor goes
// through nginx, whose round-robin sends their requests to either process;
// where a check must see one process's answer, it asks each process
// directly as well, so no outcome depends on which one nginx picked.

const ROOT = path.resolve(import.meta.dirname, '..')
const PG = process.env.TEST_POSTGRES_URL
const RUN = Date.now().toString(36)
const ARTICLE = demoArticles.find((a) => a.slug === 'scalp-massage-what-two-small-studies-show')!

let databaseUrl: string
let smtp: TestSmtp
let first: RunningSite
let second: RunningSite
let nginx: RunningNginx
let browser: Browser
const contexts: BrowserContext[] = []

const skip = PG ? false : 'needs TEST_POSTGRES_URL: the processes share one PostgreSQL'

before(async () => {
  if (!PG) return
  const fresh = await freshDatabase('postgres')
  databaseUrl = fresh.url
  await fresh.database.close()
  smtp = await startTestSmtp()
  const front = await freePort()
  const env = {
    DATABASE_URL: databaseUrl,
    WORKERS: '1',
    SMTP_URL: smtp.url,
    SITE_URL: `http://127.0.0.1:${front}`,
    // nginx connects from loopback; Crown believes its X-Forwarded-For.
    TRUST_PROXY: '127.0.0.1',
  }
  // The first process seeds the demo; the second starts on a seeded database.
  first = await startSite({ env })
  await createAdmin(first)
  second = await startSite({ env })
  nginx = await startNginx([new URL(first.url).host, new URL(second.url).host], front)
  browser = await launchBrowser()
}, { timeout: 600_000 })

after(async () => {
  await nginx?.stop()
  await closeJourney({ contexts, browser, site: first, smtp })
  await second?.stop()
  await dropTestDatabases()
})

/** create-admin with the built CLI on the shared database, as an operator would. */
async function createAdmin(site: RunningSite) {
  const proc = spawn(process.execPath, [builtEntry('cli.js'), 'create-admin', '--email', ADMIN.email, '--name', ADMIN.name], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: site.dataDir, DATABASE_URL: databaseUrl, CROWN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => { out += d })
  proc.stderr!.on('data', (d) => { out += d })
  const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve))
  if (code !== 0) throw new Error(`create-admin failed (${code}):\n${out}`)
}

/** The site as a visitor reaches it: through nginx. */
const front = () => ({ ...first, url: nginx.url })
const processes = () => [first, second]

/** A visitor from their own address (nginx passes it on; Crown trusts nginx). */
async function visitor(address: string): Promise<Page> {
  const ctx = await newContext(browser, { address })
  ctx.setDefaultTimeout(15_000)
  contexts.push(ctx)
  return ctx.newPage()
}

async function staffPage(): Promise<Page> {
  const page = await visitor('198.51.100.20')
  await signInInBrowser(page, front())
  return page
}

async function waitOutFillTime(page: Page, loadedAt: number) {
  const left = FORM_TIMING.minFillMs + 300 - (Date.now() - loadedAt)
  if (left > 0) await page.waitForTimeout(left)
}

/** Presses the button and returns the status of the POST it sends. */
async function submit(page: Page, button: string): Promise<number> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: button }).click(),
  ])
  await page.waitForLoadState()
  return res.status()
}

/** A page as an anonymous reader gets it from one process directly (its shared page cache included). */
async function anonymousHtml(site: RunningSite, pathname: string): Promise<string> {
  const res = await fetch(site.url + pathname)
  assert.equal(res.status, 200, `${pathname} from ${site.url}`)
  return res.text()
}

/** Messages to `to` whose subject matches, once every mail job on the database has run. */
async function mailsOnceQueueIsIdle(to: string, subject: RegExp) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    for (;;) {
      const { rows } = await client.query(`select count(*)::int as n from jobs where kind = 'mail.send' and done_at is null and failed_at is null`)
      if (rows[0].n === 0) break
      await new Promise((r) => setTimeout(r, 200))
    }
  } finally {
    await client.end()
  }
  return smtp.messages.filter((m) => JSON.stringify(m.to ?? null).includes(to) && subject.test(m.subject ?? ''))
}

const comment = (page: Page) => page.getByRole('textbox', { name: 'Comment', exact: true })

test('nginx spreads requests over both processes', { skip }, async () => {
  for (let i = 0; i < 6; i++) assert.equal((await fetch(`${nginx.url}/healthz`)).status, 200)
  const upstreams = new Set([...nginx.log().matchAll(/"GET \/healthz HTTP\/1\.1" 200 (\S+)/g)].map((m) => m[1]))
  assert.deepEqual([...upstreams].sort(), [new URL(first.url).host, new URL(second.url).host].sort())
})

test('comments: a held comment approved through one process shows at once through the other; its flood limit holds in both; its mail is sent once', { skip }, async () => {
  const READER = { name: 'Noor Haddad', email: `noor.${RUN}@example.com`, address: '203.0.113.7' }
  const TEXT = `Two processes, one conversation (${RUN}): does the 24-week mark matter?`
  // Each process renders and caches the anonymous article before the comment exists.
  for (const site of processes()) assert.ok(!(await anonymousHtml(site, `/${ARTICLE.slug}`)).includes(RUN))

  // The same reader, a moment later, on each process directly (from their
  // address, as nginx would pass it): forms loaded now, sent after the first post.
  const flooders = await Promise.all(processes().map(async (site, i) => {
    const page = await visitor(READER.address)
    await page.goto(`${site.url}/${ARTICLE.slug}`)
    await comment(page).fill(`A second thought, sent at once (${RUN}, ${i}).`)
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(READER.name)
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(`noor.${RUN}.${i}@example.com`)
    return page
  }))

  const reader = await visitor(READER.address)
  await reader.goto(`${nginx.url}/${ARTICLE.slug}`)
  const loadedAt = Date.now()
  await comment(reader).fill(TEXT)
  await reader.getByRole('textbox', { name: 'Name', exact: true }).fill(READER.name)
  await reader.getByRole('textbox', { name: 'Email', exact: true }).fill(READER.email)
  await reader.getByLabel(/Notify me of replies/).check()
  await waitOutFillTime(reader, loadedAt)
  assert.equal(await submit(reader, 'Post Comment'), 303)
  assert.match(await reader.locator('.flash').textContent() ?? '', /Your comment is awaiting moderation/)

  // --- The flood interval, counted in the database: both processes refuse the next comment.
  for (const [i, page] of flooders.entries()) {
    assert.equal(await submit(page, 'Post Comment'), 429, `process ${i + 1} refuses a comment ${POST_LIMITS.comment.intervalMs / 1000} s after one sent through nginx`)
    assert.match(await page.locator('.form-errors').textContent() ?? '', /You can post one comment every 15 seconds/)
  }

  // --- Held: no process shows it to anyone else.
  for (const site of processes()) assert.ok(!(await anonymousHtml(site, `/${ARTICLE.slug}`)).includes(RUN), `${site.url} hides the held comment`)

  // --- Staff approve it through nginx.
  const staff = await staffPage()
  await staff.goto(`${nginx.url}/admin/comments`)
  const row = staff.locator('li.mod-item').filter({ hasText: TEXT })
  assert.equal(await row.count(), 1)
  await Promise.all([staff.waitForURL(/\/admin\/comments/), row.getByRole('button', { name: 'Approve' }).click()])
  assert.equal(await staff.locator('.flash').textContent(), 'Comment approved.')

  // --- At once, every process shows it to anonymous readers (their cached pages were stale).
  for (const site of processes()) assert.ok((await anonymousHtml(site, `/${ARTICLE.slug}`)).includes(TEXT.replace(/'/g, '&#39;')), `${site.url} shows the approved comment`)
  const other = await visitor('203.0.113.99')
  await other.goto(`${nginx.url}/${ARTICLE.slug}`)
  assert.equal(await other.locator('article.comment__card').filter({ hasText: TEXT }).count(), 1)

  // --- The confirmation mail job ran once, though both processes run the queue.
  await smtp.waitFor((m) => JSON.stringify(m.to ?? null).includes(READER.email), 30_000)
  const mails = await mailsOnceQueueIsIdle(READER.email, /^Confirm reply notifications/)
  assert.equal(mails.length, 1, 'one confirmation mail')
})

test('forum: a guest’s held topic approved through nginx is listed and shown by both processes', { skip }, async () => {
  const TITLE = `Scale-out check (${RUN}): massage before or after minoxidil?`
  const guest = await visitor('203.0.113.31')
  await guest.goto(`${nginx.url}/forum/c/scalp-massage/new`)
  const loadedAt = Date.now()
  await guest.getByLabel('Title').fill(TITLE)
  await guest.getByRole('textbox', { name: 'Your post' }).fill(`I do both at night (${RUN}); does the order matter for absorption?`)
  await guest.getByRole('textbox', { name: 'Display name' }).fill(`Guest ${RUN}`)
  await waitOutFillTime(guest, loadedAt)
  assert.equal(await submit(guest, 'Post topic'), 303)
  const topicPath = new URL(guest.url()).pathname
  assert.match(topicPath, /^\/forum\/t\//)
  // The guest is known by their signed browser key: whichever process answers, they see their held topic.
  for (let i = 0; i < 2; i++) {
    await guest.goto(`${nginx.url}${topicPath}`)
    assert.equal(await guest.locator('h1').textContent(), TITLE)
  }
  for (const site of processes()) assert.equal((await fetch(site.url + topicPath)).status, 404, `${site.url} hides the held topic from others`)

  const staff = await staffPage()
  await staff.goto(`${nginx.url}/admin/comments?kind=forum`)
  const row = staff.locator('li.mod-item').filter({ hasText: RUN })
  assert.equal(await row.count(), 1)
  await Promise.all([staff.waitForURL(/\/admin\/comments/), row.getByRole('button', { name: 'Approve' }).click()])
  assert.equal(await staff.locator('.flash').textContent(), 'Comment approved.')

  for (const site of processes()) {
    assert.ok((await anonymousHtml(site, '/forum/c/scalp-massage')).includes(RUN), `${site.url} lists the topic`)
    assert.ok((await anonymousHtml(site, topicPath)).includes(RUN), `${site.url} shows the topic`)
  }
})

test('members: register and confirm through nginx (one mail), sign in through one process and be signed in on the other', { skip }, async () => {
  const MEMBER = { name: `Tariq ${RUN}`, email: `tariq.${RUN}@example.com`, password: 'three unrelated words here' }
  const page = await visitor('203.0.113.50')
  await page.goto(`${nginx.url}/account/register`)
  const loadedAt = Date.now()
  await page.getByLabel('Display name').fill(MEMBER.name)
  await page.getByLabel('Email').fill(MEMBER.email)
  await page.getByLabel('Password').fill(MEMBER.password)
  await waitOutFillTime(page, loadedAt)
  await Promise.all([page.waitForURL(/\/account\/check-email/), page.getByRole('button', { name: 'Create account' }).click()])

  const mail = await smtp.waitFor((m) => JSON.stringify(m.to ?? null).includes(MEMBER.email), 30_000)
  const link = new RegExp(`${nginx.url}/account/confirm/[\\w-]+`).exec(mail.text ?? '')?.[0]
  assert.ok(link, `a confirmation link through nginx in:\n${mail.text}`)
  assert.equal((await mailsOnceQueueIsIdle(MEMBER.email, /Confirm your email address/)).length, 1, 'one confirmation mail')
  await page.goto(link)
  await Promise.all([page.waitForURL(/\/sign-in/), page.getByRole('button', { name: 'Confirm my email address' }).click()])
  assert.match(await page.locator('.flash').textContent() ?? '', /email address is confirmed/)

  // Sign in on the first process itself, then be recognised by the second and through nginx.
  await page.goto(`${first.url}/sign-in`)
  await page.getByLabel('Email').fill(MEMBER.email)
  await page.getByLabel('Password').fill(MEMBER.password)
  await Promise.all([page.waitForURL(/\/$/), page.getByRole('button', { name: 'Sign in' }).click()])
  for (const base of [second.url, nginx.url, nginx.url]) {
    await page.goto(`${base}/account`)
    assert.equal(new URL(page.url()).pathname, '/account', `${base} knows the session`)
    assert.ok(await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: MEMBER.name }).isVisible(), `${base} shows the member`)
  }

  // Signing out through one process ends the session on every process.
  await page.goto(`${second.url}/account`)
  assert.equal(await submit(page, 'Sign out'), 303)
  await page.goto(`${first.url}/account`)
  assert.equal(new URL(page.url()).pathname, '/sign-in', 'the first process no longer knows the session')
})
