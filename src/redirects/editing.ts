import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { recordAudit } from '../db/audit.js'
import type { Actor } from '../accounts/index.js'
import { sameAddress, targetKey } from './addresses.js'
import type { RedirectInput } from './schemas.js'
import { deleteRedirectRow, findRedirect, findRedirectByKey, insertRedirect, listRedirectRows, updateRedirectRow, type RedirectRow } from './queries.js'

// Staff add, change and delete redirects at /admin/redirects. Every change
// is audited; a row staff save becomes theirs (source 'staff'), so a later
// import leaves it alone.

type Staff = Extract<Actor, { kind: 'user' }>

export const PER_PAGE = 50

export type SaveResult = { kind: 'saved'; id: number } | { kind: 'not-found' } | { kind: 'invalid'; errors: Record<string, string> }

/** One page of the staff list, and how many pages the search has. */
export async function redirectsPage(deps: Pick<Deps, 'db'>, o: { q?: string; page: number }): Promise<{ rows: RedirectRow[]; total: number; page: number; pages: number }> {
  const { rows, total } = await listRedirectRows(deps.db, { q: o.q, limit: PER_PAGE, offset: (o.page - 1) * PER_PAGE })
  return { rows, total, page: o.page, pages: Math.max(1, Math.ceil(total / PER_PAGE)) }
}

/**
 * What stops a save: the same old address on another row, a target that
 * comes back to the old address, or one that is itself redirected (no chains:
 * a reader would take two hops, and staff should see where links really end).
 */
async function conflicts(db: Db, siteUrl: string, v: RedirectInput, selfId: number | null): Promise<Record<string, string> | null> {
  const taken = await findRedirectByKey(db, v.from.key)
  if (taken && taken.id !== selfId) {
    return { from: `There is already a redirect from “${taken.from_shown}” (to “${taken.to_path}”): edit that one instead.` }
  }
  if (sameAddress(v.from.shown, v.to, siteUrl)) return { to: 'This leads back to the old address itself, so it would loop: give the new address.' }
  const key = targetKey(v.to, siteUrl)
  const next = key === null ? undefined : await findRedirectByKey(db, key)
  // A row for the target's own address that leads to the target (/x/ → /x) never fires for it.
  if (next && next.id !== selfId && !sameAddress(v.to, next.to_path, siteUrl)) {
    return { to: `“${next.from_shown}” is itself redirected to “${next.to_path}”: point this redirect straight there.` }
  }
  return null
}

const detailOf = (v: RedirectInput) => `${v.from.shown} → ${v.to}`

export async function createRedirect(deps: Deps, staff: Staff, v: RedirectInput): Promise<SaveResult> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<SaveResult> => {
    const errors = await conflicts(trx, deps.config.siteUrl, v, null)
    if (errors) return { kind: 'invalid', errors }
    const id = await insertRedirect(trx, { from_key: v.from.key, from_shown: v.from.shown, to_path: v.to, source: 'staff' }, at)
    // Taken between the check and the insert (another request): the same answer as the check's.
    if (id === undefined) return { kind: 'invalid', errors: { from: 'A redirect from this address was added a moment ago: find it in the list and edit that one.' } }
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'redirect.create', subjectType: 'redirect', subjectId: String(id), detail: detailOf(v), at })
    return { kind: 'saved', id }
  })
}

export async function updateRedirect(deps: Deps, staff: Staff, id: number, v: RedirectInput): Promise<SaveResult> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<SaveResult> => {
    const before = await findRedirect(trx, id)
    if (!before) return { kind: 'not-found' }
    const errors = await conflicts(trx, deps.config.siteUrl, v, id)
    if (errors) return { kind: 'invalid', errors }
    await updateRedirectRow(trx, id, { from_key: v.from.key, from_shown: v.from.shown, to_path: v.to, source: 'staff' }, at)
    await recordAudit(trx, {
      actorUserId: staff.user.id, action: 'redirect.update', subjectType: 'redirect', subjectId: String(id),
      detail: `${before.from_shown} → ${before.to_path} is now ${detailOf(v)}`, at,
    })
    return { kind: 'saved', id }
  })
}

export async function deleteRedirect(deps: Deps, staff: Staff, id: number): Promise<{ kind: 'deleted'; from: string } | { kind: 'not-found' }> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const row = await findRedirect(trx, id)
    if (!row || !(await deleteRedirectRow(trx, id))) return { kind: 'not-found' as const }
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'redirect.delete', subjectType: 'redirect', subjectId: String(id), detail: `${row.from_shown} → ${row.to_path}`, at })
    return { kind: 'deleted' as const, from: row.from_shown }
  })
}
