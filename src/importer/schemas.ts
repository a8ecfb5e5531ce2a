import { z } from 'zod'

// The admin import's form and parameters. The file itself is checked by the
// route (it arrives as a stored upload, not a field).

export const ImportFields = z.object({
  source: z.enum(['wordpress', 'disqus'], 'Choose what the export is: WordPress or Disqus.'),
  dry_run: z.literal('1').optional(),
  _csrf: z.string().optional(),
})
export type ImportFieldsValue = z.output<typeof ImportFields>

export const RunParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) })
