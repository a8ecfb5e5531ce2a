import { z } from 'zod'
import { readFrom, readTarget } from './addresses.js'

// Every form, query and parameter the staff editor accepts. Shapes only:
// whether an old address is already taken, or the target is itself
// redirected, is the use cases' business (editing.ts).

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/
const address = z.string('Enter an address.').refine((s) => !CONTROL.test(s), 'Remove the invisible control characters from this address.')

export const RedirectFields = z.object({
  from: address.transform((s, ctx) => {
    const read = readFrom(s)
    if (read.ok) return read.value
    ctx.addIssue({ code: 'custom', message: read.message })
    return z.NEVER
  }),
  to: address.transform((s, ctx) => {
    const read = readTarget(s)
    if (read.ok) return read.value
    ctx.addIssue({ code: 'custom', message: read.message })
    return z.NEVER
  }),
  _csrf: z.string().optional(),
})
export type RedirectInput = z.output<typeof RedirectFields>

export const ListQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined).transform((s) => s || undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
})
export type ListQueryValue = z.output<typeof ListQuery>

export const IdParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) })
