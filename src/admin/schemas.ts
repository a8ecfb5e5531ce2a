import { z } from 'zod'

// Every query and form the admin module accepts. A hand-edited page number
// that makes no sense shows the first page rather than an error.

export const AuditQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined).transform((n) => n ?? 1),
})
