import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { redirectHomeQueries } from './lookup.js'
import { redirectRoutes } from './routes.js'
import { redirectsPage } from './editing.js'
import { findTargetByKey, type RedirectRow } from './queries.js'
import { redirectKey } from './addresses.js'
import type { Db } from '../db/database.js'

// The redirects module's public face (issue 9): old links answered with a
// 301 to their Crown address, from a table the importer fills (putRedirects)
// and staff edit at /admin/redirects. Other modules import only this file.

export { redirectKey } from './addresses.js'
export { answerRedirect } from './lookup.js'
export { putRedirects, type PutRedirectsResult } from './importing.js'
export type { RedirectSource } from './tables.js'
export type { RedirectRow } from './queries.js'

/** The home page's WordPress queries (/?p=123, /?s=term) and the staff editor; app.ts calls answerRedirect from its not-found handling (every 404, content's /:slug included). */
export async function registerRedirects(app: FastifyInstance, deps: Deps) {
  redirectHomeQueries(app, deps)
  redirectRoutes(app, deps)
}

/** Where an old URL now leads (its redirect's target), or null: the Disqus import matches moved pages with it. */
export async function redirectTarget(db: Db, url: string): Promise<string | null> {
  const key = redirectKey(url)
  return key ? (await findTargetByKey(db, key))?.to_path ?? null : null
}

/** One page (50 rows) of redirects, newest first, optionally those whose old or new address contains `q`. */
export async function listRedirects(deps: Pick<Deps, 'db'>, o: { q?: string; page?: number } = {}): Promise<{ rows: RedirectRow[]; total: number; pages: number }> {
  const { rows, total, pages } = await redirectsPage(deps, { q: o.q, page: o.page ?? 1 })
  return { rows, total, pages }
}
