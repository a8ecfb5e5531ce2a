import { z } from 'zod'

export const FlagFields = z.object({
  reason: z.enum(['spam', 'abuse', 'off-topic', 'misinformation', 'other'], { error: 'Choose why you are flagging this post.' }),
  note: z.string().trim().max(300, 'Keep the note under 300 characters.').default(''),
}).superRefine((v, ctx) => {
  if (v.reason === 'other' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Tell us briefly what is wrong with this post.' })
})

export const PostParam = z.object({ shortId: z.string().regex(/^[a-z0-9]{4,32}$/) })

export const BanFields = z.object({
  post: z.string().regex(/^[a-z0-9]{4,32}$/),
  target: z.enum(['guest', 'ip'], { error: 'Choose what to ban.' }),
  period: z.enum(['day', 'week', 'month', 'permanent'], { error: 'Choose how long the ban lasts.' }),
  reason: z.string().trim().max(300, 'Keep the reason under 300 characters.').default(''),
})

export const BanNewQuery = z.object({ post: z.string().regex(/^[a-z0-9]{4,32}$/) })
export const BanIdParam = z.object({ id: z.coerce.number().int().positive() })

export const WatchFields = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').pipe(z.email('Enter a valid email address, like name@example.com.')).transform((e) => e.toLowerCase()),
})
