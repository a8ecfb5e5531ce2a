import { z } from 'zod'
import { NotFound } from '../http/errors.js'
import { MEDIA_FILE } from './media-urls.js'

// Every form, query and parameter the content module accepts. Shapes only:
// whether a slug is free or a citation exists is the use cases' business.

const optionalText = (max: number, message: string) => z.string().trim().max(max, message).optional().default('')

export const EDITOR_ACTIONS = ['draft', 'publish', 'schedule', 'unpublish', 'preview', 'upload'] as const
export type EditorAction = (typeof EDITOR_ACTIONS)[number]

export const ArticleFields = z.object({
  kind: z.enum(['post', 'page']).optional().default('post'),
  title: z.string().trim().min(1, 'Give it a title.').max(200, 'Keep the title under 200 characters.'),
  slug: z.string().trim().toLowerCase().max(80, 'Keep the slug under 80 characters.').optional().default(''),
  excerpt: optionalText(400, 'Keep the excerpt under 400 characters: it is the summary in lists and feeds.'),
  body: z.string().max(100_000, 'The body is longer than 100,000 characters; split it into two articles.').optional().default(''),
  featured_media_id: z.string().regex(/^\d*$/, 'Pick an image from the list.').optional().default(''),
  featured_alt: optionalText(300, 'Keep the description under 300 characters.'),
  reviewed_by: optionalText(120, 'Keep the reviewer’s name under 120 characters.'),
  reviewed_at: z.string().trim().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'Enter the review date as a date, like 2026-11-25.').optional().default(''),
  comments_enabled: z.string().optional(),
  sticky: z.string().optional(),
  publish_at: z.string().trim().regex(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?)?$/, 'Enter a date and time, like 2026-12-01T09:00.').optional().default(''),
  new_tags: optionalText(500, 'Keep the new tags under 500 characters.'),
  image_alt: optionalText(300, 'Keep the image description under 300 characters.'),
  image_caption: optionalText(300, 'Keep the caption under 300 characters.'),
  action: z.enum(EDITOR_ACTIONS, 'Choose one of the buttons at the end of the form.').optional().default('draft'),
  _csrf: z.string().optional(),
})
export type ArticleInput = z.output<typeof ArticleFields>

export const PreviewFields = z.object({
  body: z.string().max(100_000).optional().default(''),
  _csrf: z.string().optional(),
})

export const MediaFields = z.object({
  alt: z.string().trim().min(1, 'Describe the image for people who cannot see it.').max(300, 'Keep the description under 300 characters.'),
  caption: optionalText(300, 'Keep the caption under 300 characters.'),
  _csrf: z.string().optional(),
})

const listPage = z.coerce.number().int().min(1).max(100_000).optional().catch(undefined).transform((n) => n ?? 1)

/** An image's description and caption, edited in the media library; page is where to return. */
export const MediaTextFields = MediaFields.extend({ page: listPage })

export const MediaLibraryQuery = z.object({ page: listPage })

export const AdminListQuery = z.object({
  status: z.enum(['draft', 'scheduled', 'published', '']).optional().catch(undefined),
  kind: z.enum(['post', 'page', '']).optional().catch(undefined),
  category: z.string().regex(/^\d*$/).optional().catch(undefined),
  author: z.string().regex(/^\d*$/).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(1),
})

const pageNumber = z.coerce.number().int().min(1).max(100_000)
// Loose on purpose: an address that names nothing gets the helpful 404 from
// the lookup; the shape only keeps absurd input away from the database.
const slug = z.string().min(1).max(200)

export const PageParam = z.object({ n: pageNumber })
export const IdParam = z.object({ id: z.coerce.number().int().min(1).max(2 ** 31 - 1) })
export const SlugParam = z.object({ slug })
export const SlugPageParams = z.object({ slug, n: pageNumber })
export const MediaFileParam = z.object({ file: z.string().regex(MEDIA_FILE) })
export const NewArticleQuery = z.object({ kind: z.enum(['post', 'page']).optional().catch(undefined) })

/** A route's parameters as the schema reads them; an address that does not fit names nothing here (404). */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const p = schema.safeParse(params)
  if (!p.success) throw new NotFound()
  return p.data
}

export const STUDY_DESIGNS = ['RCT', 'case series', 'survey', 'review', 'other'] as const

export const StudyFields = z.object({
  key: z.string().trim().min(1, 'Enter the citation key, like pmid:23960389 or doi:10.4103/…')
    .regex(/^[a-z]+:[^\s;\]]+$/, 'Use a scheme and an id with no spaces, like pmid:23960389 or doi:10.4103/0974-7753.114700.'),
  pmid: z.string().trim().regex(/^\d*$/, 'A PMID is digits only.').optional().default(''),
  doi: z.string().trim().regex(/^(10\.\S+)?$/, 'A DOI starts with 10. and has no spaces.').optional().default(''),
  authors: z.string().trim().min(1, 'Enter the authors, like Dhurat R, Sukesh M, et al.').max(500, 'Keep the authors under 500 characters.'),
  title: z.string().trim().min(1, 'Enter the study’s title.').max(500, 'Keep the title under 500 characters.'),
  year: z.string().trim().regex(/^\d{4}$/, 'Enter a four-digit year.').transform(Number).refine((y) => y >= 1900 && y <= 2100, 'Enter a year between 1900 and 2100.'),
  journal: z.string().trim().min(1, 'Enter the journal.').max(200, 'Keep the journal under 200 characters.'),
  design: z.enum(STUDY_DESIGNS, 'Choose the study design.'),
  n: z.string().trim().regex(/^\d{0,7}$/, 'Enter the number of participants as a whole number, or leave it empty.').optional().default(''),
  url: z.string().trim().regex(/^https:\/\/\S+$/, 'Enter a link starting with https://').max(500),
  note: optionalText(500, 'Keep the note under 500 characters.'),
  _csrf: z.string().optional(),
})
export type StudyInput = z.output<typeof StudyFields>
