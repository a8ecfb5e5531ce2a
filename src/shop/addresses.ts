import { z } from 'zod'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { countryName } from './countries.js'

// A shipping address, as an order copies it and a member saves it. Members'
// saved addresses are read, added and deleted only with the member's own id.

export interface Address { name: string; line1: string; line2: string; city: string; region: string; postcode: string; country: string; phone: string }

const Stored = z.object({
  name: z.string(), line1: z.string(), line2: z.string().default(''), city: z.string(), region: z.string().default(''),
  postcode: z.string().default(''), country: z.string(), phone: z.string().default(''),
})

export function parseAddress(json: string): Address {
  return Stored.parse(JSON.parse(json))
}

/** The address as lines on a label (mail and pages). */
export function addressLines(a: Address): string[] {
  return [a.name, a.line1, a.line2, [a.postcode, a.city].filter(Boolean).join(' '), a.region, countryName(a.country)].filter((s) => s.trim() !== '')
}

export interface SavedAddress { id: number; address: Address }

// A member keeps at most this many; saving one more replaces nothing, it is refused quietly.
const MAX_SAVED = 20

export async function savedAddresses(db: Db, userId: number): Promise<SavedAddress[]> {
  const rows = await db.selectFrom('shop_saved_addresses').select(['id', 'address']).where('user_id', '=', userId).orderBy('id', 'desc').limit(MAX_SAVED).execute()
  return rows.map((r) => ({ id: r.id, address: parseAddress(r.address) }))
}

/** Saves the address for the member unless they already have the same one (in the caller's transaction). */
export async function saveAddress(deps: Pick<Deps, 'clock'>, trx: Db, userId: number, a: Address): Promise<void> {
  const json = JSON.stringify(a)
  const mine = await trx.selectFrom('shop_saved_addresses').select(['address']).where('user_id', '=', userId).execute()
  if (mine.length >= MAX_SAVED || mine.some((r) => r.address === json)) return
  await trx.insertInto('shop_saved_addresses').values({ user_id: userId, address: json, created_at: iso(deps.clock.now()) }).execute()
}

/** Deletes one of the member's addresses; another member's id deletes nothing. */
export async function deleteSavedAddress(db: Db, userId: number, id: number): Promise<boolean> {
  const res = await db.deleteFrom('shop_saved_addresses').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
  return Number(res.numDeletedRows) === 1
}
