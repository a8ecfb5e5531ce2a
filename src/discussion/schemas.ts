import { z } from 'zod'
import { LIMITS } from './limits.js'

const n = (x: number) => x.toLocaleString('en-US')

const body = z.string().trim().min(1, 'Write your comment first.').superRefine((s, ctx) => {
  if (s.length > LIMITS.maxBodyChars) {
    ctx.addIssue({ code: 'custom', message: `Your comment is ${n(s.length)} characters; the limit is ${n(LIMITS.maxBodyChars)}.` })
  }
})

const checkbox = z.string().optional().transform((v) => v === 'on' || v === '1' || v === 'yes')

// A website typed without a scheme ("example.com") gets https://; anything
// that is not then an http(s) URL is refused, so no javascript: link exists.
const website = z.string().trim().max(LIMITS.maxUrlChars, `Keep the web address under ${LIMITS.maxUrlChars} characters.`).optional()
  .transform((v, ctx) => {
    if (!v) return ''
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`
    try {
      const u = new URL(withScheme)
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.includes('.')) return u.toString()
    } catch { /* reported below */ }
    ctx.addIssue({ code: 'custom', message: 'Enter a web address such as https://example.com, or leave it empty.' })
    return z.NEVER
  })

/** Fields every comment form sends, signed in or not. */
const common = {
  subject: z.string().trim().min(1).max(200),
  parent: z.string().trim().max(32).optional().transform((v) => v || undefined),
  comment: body,
  notify: checkbox,
  stamp: z.string().optional(),
  // The honeypot: hidden from people and assistive tech; only bots fill it.
  address: z.string().optional(),
}

export const GuestCommentFields = z.object({
  ...common,
  name: z.string().trim().min(1, 'Enter your name.').max(LIMITS.maxNameChars, `Keep your name under ${LIMITS.maxNameChars} characters.`),
  email: z.string().trim().min(1, 'Enter your email address.').pipe(z.email('Enter a valid email address, like name@example.com.')).transform((e) => e.toLowerCase()),
  url: website,
  remember: checkbox,
})
export type GuestComment = z.output<typeof GuestCommentFields>

export const SignedInCommentFields = z.object(common)
export type SignedInComment = z.output<typeof SignedInCommentFields>

/** A staff reply written in the moderation queue. */
export const QueueReplyFields = z.object({ comment: body })

export const ModerationAction = z.enum(['approve', 'unapprove', 'spam', 'trash', 'restore'])
export type ModerationAction = z.output<typeof ModerationAction>

// The bulk form adds "purge" (spam and trash views only) to the status changes.
export const BulkFields = z.object({ action: z.union([ModerationAction, z.literal('purge')]) })

export const WordListFields = z.object({
  words: z.string().max(20_000, 'The list is too long.').default(''),
})

export const QueueQuery = z.object({
  status: z.enum(['pending', 'approved', 'spam', 'trash']).catch('pending'),
  kind: z.enum(['all', 'comments', 'forum']).catch('all'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

/** An article page's ?replytocom (no-JS reply links); anything else is ignored. */
export const CommentPageQuery = z.object({ replytocom: z.string().regex(/^[a-z0-9]{4,32}$/).optional().catch(undefined) })

export const ShortIdParam = z.object({ shortId: z.string().regex(/^[a-z0-9]{4,32}$/) })
export const ModerationParams = ShortIdParam.extend({ action: ModerationAction })
export const TokenParam = z.object({ token: z.string().regex(/^[\w-]{16,128}$/) })
