import { spawn } from 'node:child_process'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { builtEntry, newContext, type RunningSite } from './support.js'

const ROOT = path.resolve(import.meta.dirname, '..')

export interface StaffLogin { email: string; name: string; password: string }

export const ADMIN: StaffLogin = { email: 'ada.admin@example.com', name: 'Ada Admin', password: 'a long and careful passphrase' }

/**
 * Creates an administrator with the built CLI, as an operator would on a running
 * site. /setup is gone once the demo seed has made its staff accounts, so the
 * CLI is the one way in for a seeded site.
 */
export async function createAdminWithCli(site: RunningSite, who: StaffLogin = ADMIN): Promise<void> {
  const proc = spawn(process.execPath, [builtEntry('cli.js'), 'create-admin', '--email', who.email, '--name', who.name], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: site.dataDir,
      DATABASE_URL: path.join(site.dataDir, 'crown.sqlite'),
      CROWN_PASSWORD: who.password,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  proc.stdout!.on('data', (d) => { out += d })
  proc.stderr!.on('data', (d) => { out += d })
  const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve))
  if (code !== 0 || !out.includes('created')) throw new Error(`create-admin failed (${code}):\n${out}`)
}

/** Signs in through the real /sign-in form; resolves on the dashboard. */
export async function signInInBrowser(page: Page, site: RunningSite, who: StaffLogin = ADMIN): Promise<void> {
  await page.goto(`${site.url}/sign-in`)
  await page.getByLabel('Email').fill(who.email)
  await page.getByLabel('Password').fill(who.password)
  await Promise.all([
    page.waitForURL(`${site.url}/admin`),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
}

/** A new tab in a context of its own (kept in `contexts`, to close at the end), signed in as `who`. */
export async function signedInStaffPage(
  browser: Browser, site: RunningSite, contexts: BrowserContext[], opts: { phone?: boolean; javaScript?: boolean } = {}, who: StaffLogin = ADMIN,
): Promise<Page> {
  const ctx = await newContext(browser, opts)
  contexts.push(ctx)
  const page = await ctx.newPage()
  await signInInBrowser(page, site, who)
  return page
}
