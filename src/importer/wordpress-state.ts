import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { ensureImportedAccount } from '../accounts/index.js'
import type { WxrAuthor, WxrItem } from './wxr-reader.js'
import type { ReadProgress } from './xml-records.js'
import { findMapped, putMapped, type MapKey } from './queries.js'
import type { ImportReport } from './report.js'
import type { RedirectRow } from './redirect-rows.js'
import type { UploadsFolder } from './uploads.js'
import { decodeEntities, hashOf, slugPart, usableEmail } from './wp-text.js'

// What a WordPress import knows as it reads the file: the old site, the
// people it has made accounts for, the terms, the time zone; shared by the
// item importers (wordpress-import.ts, bbpress-import.ts).

export const SOURCE = 'wordpress'

export interface WordPressImportOptions {
  /** Everything is done in one transaction that is rolled back: the report says what would happen. */
  dryRun?: boolean
  /** Bytes read so far (the progress bar). */
  progress?: ReadProgress
  /** A local copy of the old site's wp-content/uploads: images go through Crown's pipeline. */
  uploads?: string
  /** Called after each record is handled. */
  onRecord?: () => void
  /** Old URLs and their Crown addresses, written in the item's transaction: the redirects table unless a test says otherwise. */
  saveRedirects?: (db: Db, rows: RedirectRow[]) => Promise<void>
}

export interface State {
  site: string
  /** The old site's address: links under it are the old permalinks. */
  base: string
  /** Its folder on its host ('' at the root, '/blog' in a folder): old archive links start with it. */
  basePath: string
  authorRecords: Map<string, AuthorRecord>
  authorLoginsByWpId: Map<number, string>
  /** Accounts made or found this run, by login. */
  accounts: Map<string, { userId: number; role: string }>
  categoriesBySlug: Map<string, { id: number; path: string; slug: string }>
  tagsBySlug: Map<string, number>
  /** Attachment id → its file URL (featured images). */
  attachments: Map<number, string>
  /** Local minus UTC, in ms, as the export's dated items show it (for dates with no GMT field). */
  offsetMs: number | null
  readDb: Db
  uploads: UploadsFolder
  /** Featured images whose attachment comes later in the file: attachment id → article ids. */
  featuredLater: Map<number, number[]>
  /** Attachment pages whose post comes later: post id → old addresses. */
  attachmentPagesLater: Map<number, string[]>
  /** bbPress forums → forum categories. */
  forums: Map<number, number>
  /** Topic thread id → its address (redirects of its replies). */
  topicPaths: Map<number, string>
}

export function now(deps: Deps): string {
  return deps.clock.now().toISOString()
}

export async function remember(db: Db, st: State, kind: string, sourceId: string, crownId: number, hash: string, deps: Deps, report: ImportReport): Promise<'imported' | 'updated' | 'unchanged'> {
  const key: MapKey = { source: SOURCE, site: st.site, kind, sourceId }
  const before = await findMapped(db, key)
  const outcome = !before ? 'imported' : before.hash === hash && before.crownId === crownId ? 'unchanged' : 'updated'
  if (outcome !== 'unchanged') await putMapped(db, key, crownId, hash, deps.clock.now())
  report.count(kind, outcome)
  return outcome
}

/** An author as the export lists them; the account is made when their first post, page or forum post is imported. */
export interface AuthorRecord { login: string; wpId: number | null; email: string; name: string; line: number }

export function readAuthor(st: State, a: WxrAuthor, report: ImportReport) {
  const name = decodeEntities(a.displayName || [a.firstName, a.lastName].filter(Boolean).join(' ') || a.login)
  let email = usableEmail(a.email) ?? ''
  if (!email) {
    email = `${slugPart(a.login)}@imported.invalid`
    report.warn(a.line, `author ${a.login}`, `has no usable email address; the account uses ${email} until staff change it.`)
  }
  const rec = { login: a.login, wpId: a.wpId, email, name, line: a.line }
  st.authorRecords.set(a.login, rec)
  if (a.wpId !== null) st.authorLoginsByWpId.set(a.wpId, a.login)
}

/**
 * The account of an author: editors for posts and pages, members for forum
 * posts and comments. One not among the export's authors gets an account too.
 */
export async function accountFor(deps: Deps, db: Db, st: State, login: string, role: 'editor' | 'member', report: ImportReport, opts: WordPressImportOptions, line: number): Promise<{ userId: number; role: string }> {
  const known = st.accounts.get(login)
  if (known && (known.role !== 'member' || role === 'member')) return known
  let rec = st.authorRecords.get(login)
  if (!rec) {
    const name = login || 'Imported author'
    rec = { login: login || 'imported-author', wpId: null, email: `${slugPart(login)}@imported.invalid`, name, line }
    st.authorRecords.set(login, rec)
    report.warn(line, `author “${name}”`, 'is not among the export\'s authors; an account was made for them.')
  }
  const account = await ensureImportedAccount(db, { email: rec.email, name: rec.name, login: rec.login, role }, now(deps))
  const who = { userId: account.userId, role: account.role }
  st.accounts.set(login, who)
  await remember(db, st, 'author', rec.login, account.userId, hashOf({ email: rec.email, name: rec.name }), deps, report)
  // WordPress's author archive uses the user's nicename: the login made URL-safe.
  if (account.role !== 'member') await opts.saveRedirects?.(db, termRedirects(st, `author/${slugPart(rec.login)}`, `/author/${account.slug}`))
  return who
}

export function learnOffset(st: State, item: WxrItem) {
  if (item.postDateLocal && item.postDateUtc) st.offsetMs = Date.parse(`${item.postDateLocal}Z`) - Date.parse(item.postDateUtc)
}

/** A site-local "YYYY-MM-DDTHH:MM:SS" as UTC, by the offset the export's dated items show. */
export function localToUtc(st: State, local: string | null): string | null {
  if (!local || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(local)) return null
  const ms = Date.parse(`${local}Z`)
  if (Number.isNaN(ms) || local.startsWith('0000')) return null
  return new Date(ms - (st.offsetMs ?? 0)).toISOString()
}

/** An archive's old address (/category/x/, /tag/y/, /author/z/), its pages and its feed. */
export function termRedirects(st: State, oldRest: string, to: string): RedirectRow[] {
  return [{ from: `${st.basePath}/${oldRest}/`, to }]
}

