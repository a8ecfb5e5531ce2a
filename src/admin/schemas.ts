import { z } from 'zod'
import { isTimeZone } from '../views/format.js'

// Every query and form the admin module accepts. A hand-edited page number
// that makes no sense shows the first page rather than an error.

export const AuditQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined).transform((n) => n ?? 1),
})

export const SettingsFields = z.object({
  time_zone: z.string('Choose a time zone from the list.').refine(isTimeZone, 'Choose a time zone from the list.'),
  _csrf: z.string().optional(),
})
