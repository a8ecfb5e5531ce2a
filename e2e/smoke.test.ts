import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { startSite, launchBrowser, newContext, axeViolations, describeViolations, type RunningSite } from './support.js'

let site: RunningSite
let browser: Browser

before(async () => {
  site = await startSite()
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await site?.stop()
})

test('the sign-in page renders in Chromium, passes axe, and the CSP blocks nothing of ours', async () => {
  const ctx = await newContext(browser)
  const page = await ctx.newPage()
  const cspErrors: string[] = []
  page.on('console', (m) => { if (m.type() === 'error') cspErrors.push(m.text()) })
  const res = await page.goto(`${site.url}/sign-in`)
  assert.equal(res?.status(), 200)
  assert.equal(await page.locator('h1').textContent(), 'Sign in')
  assert.deepEqual(cspErrors, [])
  const v = await axeViolations(page)
  assert.equal(v.length, 0, describeViolations(v))
  await ctx.close()
})
