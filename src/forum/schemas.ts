import { z } from 'zod'
import { LIMITS } from '../discussion/index.js'
import { FORUM_LIMITS } from './limits.js'
import { IMAGE_FILE } from './images.js'

const n = (x: number) => x.toLocaleString('en-US')

export const ForumBody = z.string().trim().min(1, 'Write your post first.').superRefine((s, ctx) => {
  if (s.length > FORUM_LIMITS.maxBodyChars) ctx.addIssue({ code: 'custom', message: `Your post is ${n(s.length)} characters; the limit is ${n(FORUM_LIMITS.maxBodyChars)}.` })
})

export const TopicTitle = z.string().trim()
  .min(FORUM_LIMITS.minTitleChars, `Give your topic a title of at least ${FORUM_LIMITS.minTitleChars} characters.`)
  .max(FORUM_LIMITS.maxTitleChars, `Keep the title under ${FORUM_LIMITS.maxTitleChars} characters.`)

const spamFields = {
  stamp: z.string().optional(),
  // The honeypot: hidden from people and assistive tech; only bots fill it.
  address: z.string().optional(),
}

const guestFields = {
  name: z.string().trim().min(1, 'Enter the name to show with your post.').max(LIMITS.maxNameChars, `Keep your name under ${LIMITS.maxNameChars} characters.`),
  email: z.string().trim().max(200).optional().transform((v) => (v ? v.toLowerCase() : ''))
    .pipe(z.union([z.literal(''), z.email('Enter a valid email address, like name@example.com, or leave it empty.')])),
}

export const MemberTopicFields = z.object({ title: TopicTitle, body: ForumBody, ...spamFields })
export const GuestTopicFields = MemberTopicFields.extend(guestFields)

const replyTo = z.string().optional().transform((v) => {
  const x = Number(v)
  return Number.isInteger(x) && x > 0 ? x : null
})
export const MemberReplyFields = z.object({ body: ForumBody, reply_to: replyTo, ...spamFields })
export const GuestReplyFields = MemberReplyFields.extend(guestFields)

export const EditFields = z.object({ body: ForumBody, title: TopicTitle.optional() })

export const PageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).catch(1) })
export const TopicQuery = PageQuery.extend({ quote: z.string().regex(/^[a-z0-9]{4,32}$/).optional().catch(undefined) })
export const SlugParam = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) })
export const TopicParam = z.object({ shortId: z.string().regex(/^[a-z0-9]{4,32}$/), slug: z.string().max(200).optional() })
export const TopicActionParam = z.object({ shortId: z.string().regex(/^[a-z0-9]{4,32}$/), action: z.enum(['pin', 'unpin', 'close', 'open', 'move']) })
export const PostParam = z.object({ shortId: z.string().regex(/^[a-z0-9]{4,32}$/) })
export const ImageParam = z.object({ file: z.string().regex(IMAGE_FILE) })
export const MoveFields = z.object({ category: z.coerce.number().int().positive('Choose a category.') })
