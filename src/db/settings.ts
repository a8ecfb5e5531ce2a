import type { Db } from './database.js'
import { randomToken } from '../http/signing.js'

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}

export interface Secrets {
  /** Signs cookies (session, CSRF secret, flash, guest identity). */
  cookie: string
  /** Keys the hash under which IP addresses are stored; raw IPs are never kept. */
  ipHash: string
  /** Signs tokens in forms and mail links. */
  signing: string
}

/**
 * Loads the site's secrets, generating and storing any that are missing, so a
 * fresh install is secure with no configuration and restarts keep sessions.
 */
export async function loadSecrets(db: Db): Promise<Secrets> {
  const out: Partial<Secrets> = {}
  for (const name of ['cookie', 'ipHash', 'signing'] as const) {
    const key = `secret.${name}`
    await db.insertInto('settings').values({ key, value: randomToken(48) }).onConflict((oc) => oc.column('key').doNothing()).execute()
    out[name] = (await getSetting(db, key))!
  }
  return out as Secrets
}
