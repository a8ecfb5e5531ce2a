import { z } from 'zod'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { recordAudit } from '../db/audit.js'
import type { Actor } from '../accounts/index.js'
import type { GuestPolicy } from './tables.js'
import { findCategoryById, findCategoryBySlug, insertCategory, listCategories, type CategoryRow, updateCategoryRow } from './queries/index.js'
import { slugify } from '../http/slug.js'

// Admins make forum categories and choose, per category, what a guest may do
// there. The policy is read on every posting request (no cache), so a change
// takes effect for guests at once.

type Staff = Extract<Actor, { kind: 'user' }>

export const GUEST_POLICIES: { value: GuestPolicy; label: string; short: string }[] = [
  { value: 'topics', label: 'Guests may start topics and reply', short: 'Topics and replies' },
  { value: 'replies', label: 'Guests may only reply', short: 'Replies only' },
  { value: 'read', label: 'Guests may only read', short: 'Read only' },
]

const common = {
  name: z.string().trim().min(1, 'Enter a name.').max(80, 'Keep the name under 80 characters.'),
  description: z.string().trim().max(500, 'Keep the description under 500 characters.').default(''),
  position: z.string().trim().default('0').refine((s) => /^\d{0,4}$/.test(s), 'Enter a whole number from 0 to 9999, like 3.').transform((s) => Number(s || 0)),
  guest_policy: z.enum(['topics', 'replies', 'read'], { error: 'Choose what guests may do here.' }),
  hold_first: z.string().optional().transform((v) => v === '1'),
}

export const CategoryFields = z.object(common)

export const NewCategoryFields = z.object({
  ...common,
  slug: z.string().trim().toLowerCase().max(60, 'Keep the address under 60 characters.').default('')
    .refine((s) => s === '' || /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s), 'Use lower-case letters, digits and single hyphens, like hair-care.'),
}).transform((v, ctx) => {
  const slug = v.slug || slugify(v.name, 60)
  if (!slug) ctx.addIssue({ code: 'custom', path: ['slug'], message: 'Enter an address made of letters or digits.' })
  return { ...v, slug }
})

export const CategoryIdParam = z.object({ id: z.coerce.number().int().positive() })

export type CategoryInput = z.output<typeof CategoryFields>
export type NewCategoryInput = z.output<typeof NewCategoryFields>

export async function listCategoriesForAdmin(deps: Pick<Deps, 'db'>): Promise<CategoryRow[]> {
  return listCategories(deps.db)
}

export type CreateResult = { kind: 'created'; id: number; slug: string } | { kind: 'slug-taken' }

export async function createCategory(deps: Deps, actor: Staff, v: NewCategoryInput): Promise<CreateResult> {
  const now = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<CreateResult> => {
    if (await findCategoryBySlug(trx, v.slug)) return { kind: 'slug-taken' }
    const id = await insertCategory(trx, { slug: v.slug, name: v.name, description: v.description, position: v.position, guestPolicy: v.guest_policy, holdFirstGuestPosts: v.hold_first }, now)
    await recordAudit(trx, {
      actorUserId: actor.user.id, action: 'forum.category.create', subjectType: 'forum_category', subjectId: String(id),
      detail: `${v.name} (/forum/c/${v.slug}); ${policyLabel(v.guest_policy)}; first guest posts ${v.hold_first ? 'held' : 'not held'}`, at: now,
    })
    return { kind: 'created', id, slug: v.slug }
  })
}

export type UpdateResult = { kind: 'saved' } | { kind: 'not-found' }

export async function updateCategory(deps: Deps, actor: Staff, id: number, v: CategoryInput): Promise<UpdateResult> {
  const now = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<UpdateResult> => {
    const before = await findCategoryById(trx, id)
    if (!before) return { kind: 'not-found' }
    await updateCategoryRow(trx, id, { name: v.name, description: v.description, position: v.position, guestPolicy: v.guest_policy, holdFirstGuestPosts: v.hold_first })
    // The audit line says what changed, so the log reads without a diff.
    const changes: string[] = []
    if (before.name !== v.name) changes.push(`name “${before.name}” → “${v.name}”`)
    if (before.description !== v.description) changes.push('description')
    if (before.position !== v.position) changes.push(`position ${before.position} → ${v.position}`)
    if (before.guest_policy !== v.guest_policy) changes.push(`guests: ${policyLabel(before.guest_policy)} → ${policyLabel(v.guest_policy)}`)
    if (Boolean(before.hold_first_guest_posts) !== v.hold_first) changes.push(`first guest posts ${v.hold_first ? 'held' : 'not held'}`)
    await recordAudit(trx, {
      actorUserId: actor.user.id, action: 'forum.category.update', subjectType: 'forum_category', subjectId: String(id),
      detail: `${v.name}: ${changes.join('; ') || 'no change'}`, at: now,
    })
    return { kind: 'saved' }
  })
}

export const policyLabel = (p: GuestPolicy) => GUEST_POLICIES.find((g) => g.value === p)!.label.toLowerCase()
