import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { getSetting, setSetting } from '../db/settings.js'
import { recordAudit } from '../db/audit.js'
import { iso } from '../clock.js'
import { isTimeZone, serverTimeZone, setSiteTimeZone } from '../views/format.js'

// Site-wide settings an administrator changes at /admin/settings. Today: the
// time zone every date is shown and entered in (views/format.ts holds it).

export const TIME_ZONE_KEY = 'site.timezone'

/** The stored zone, or the server's while none is chosen (or the stored one is unknown to this Node). */
export async function storedTimeZone(db: Db): Promise<string> {
  const stored = await getSetting(db, TIME_ZONE_KEY)
  return stored && isTimeZone(stored) ? stored : serverTimeZone()
}

/**
 * Makes this process show dates in the stored zone. Called at boot and on
 * every request: another process may have changed it, and all must agree.
 */
export async function applyStoredTimeZone(db: Db): Promise<void> {
  setSiteTimeZone(await storedTimeZone(db))
}

export type ChangeTimeZoneResult = { kind: 'changed'; from: string } | { kind: 'unchanged' }

/** Stores the site's zone, with an audit entry, and applies it here at once. */
export async function changeTimeZone(deps: Pick<Deps, 'db' | 'clock'>, actorUserId: number | null, zone: string): Promise<ChangeTimeZoneResult> {
  if (!isTimeZone(zone)) throw new Error(`unknown time zone: ${zone}`)
  if ((await getSetting(deps.db, TIME_ZONE_KEY)) === zone) return { kind: 'unchanged' }
  // Choosing the server's zone stores it too: the site keeps it if the server moves.
  const from = await storedTimeZone(deps.db)
  await deps.db.transaction().execute(async (trx) => {
    await setSetting(trx, TIME_ZONE_KEY, zone)
    await recordAudit(trx, { actorUserId, action: 'settings.timezone', subjectType: 'site', subjectId: null, detail: `${from} → ${zone}`, at: iso(deps.clock.now()) })
  })
  setSiteTimeZone(zone)
  return { kind: 'changed', from }
}
