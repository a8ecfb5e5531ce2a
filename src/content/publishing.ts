import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { fromLocalInputValue } from '../views/format.js'
import type { ArticleKind, ArticleStatus } from './tables.js'
import { citationKeys, describeProblem, mediaKeys, renderBody, type BodyContext, type RenderedBody } from './markdown.js'
import * as q from './queries.js'
import type { ArticleInput, EditorAction } from './schemas.js'
import { describeSlugProblem, slugify, slugProblem } from './slugs.js'
import { syncArticleSearch } from './search-documents.js'

/** Loads the studies and images a body refers to (only those). */
export async function loadBodyContext(db: Db, markdown: string): Promise<BodyContext> {
  const studies = await q.studiesByKeys(db, citationKeys(markdown))
  return {
    studies: new Map(studies.map((s) => [s.key, s])),
    media: await q.mediaByKeys(db, mediaKeys(markdown)),
  }
}

/** Renders a body exactly as saving would, for the editor's preview. */
export async function previewBody(deps: Pick<Deps, 'db'>, markdown: string): Promise<RenderedBody & { messages: string[] }> {
  const rendered = renderBody(markdown, await loadBodyContext(deps.db, markdown))
  return { ...rendered, messages: rendered.problems.map(describeProblem) }
}

export type SaveOutcome =
  | { kind: 'saved'; id: number; slug: string; status: ArticleStatus; visibleAt: string | null; action: Exclude<EditorAction, 'preview' | 'upload'> }
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'not-found' }

export interface SaveRequest {
  /** Undefined creates a new article. */
  id?: number
  input: ArticleInput
  categoryIds: number[]
  tagIds: number[]
  authorId: number
}

/**
 * Saves an article and applies the editor's button: save a draft, publish
 * (the first publish sets published_at), schedule for a future time, or
 * unpublish back to a draft. The body is rendered and sanitized here, so
 * readers are served stored HTML; a citation, video or image that cannot be
 * resolved is an error, and nothing is written.
 */
export async function saveArticle(deps: Pick<Deps, 'db' | 'clock'>, req: SaveRequest): Promise<SaveOutcome> {
  const { input } = req
  const action = input.action === 'preview' || input.action === 'upload' ? 'draft' : input.action
  const now = deps.clock.now()
  const existing = req.id !== undefined ? await q.findArticleById(deps.db, req.id) : undefined
  if (req.id !== undefined && !existing) return { kind: 'not-found' }

  const errors: Record<string, string> = {}
  const slug = input.slug || slugify(input.title)
  const shape = slugProblem(slug)
  if (shape) errors.slug = describeSlugProblem(shape)
  else {
    const owner = await q.slugOwner(deps.db, slug)
    if (owner !== undefined && owner !== req.id) errors.slug = describeSlugProblem('taken')
  }

  const rendered = renderBody(input.body, await loadBodyContext(deps.db, input.body))
  if (rendered.problems.length) errors.body = rendered.problems.map(describeProblem).join(' ')

  let featuredId: number | null = null
  if (input.featured_media_id) {
    const media = await q.findMediaById(deps.db, Number(input.featured_media_id))
    if (!media) errors.featured_media_id = 'That image no longer exists. Pick another or upload one.'
    else featuredId = media.id
  }

  if (input.reviewed_at && !input.reviewed_by) errors.reviewed_by = 'Name the reviewer, or clear the review date.'
  if (input.reviewed_by && !input.reviewed_at) errors.reviewed_at = 'Enter the date of the review.'
  if (input.reviewed_at && Number.isNaN(Date.parse(`${input.reviewed_at}T00:00:00Z`))) errors.reviewed_at = 'That is not a real date.'

  let publishedAt = existing?.publishedAt ?? null
  let status: ArticleStatus
  switch (action) {
    case 'draft':
    case 'unpublish':
      status = 'draft'
      break
    case 'publish':
      status = 'published'
      // Re-publishing keeps the original date; a post scheduled for later goes out now.
      if (!publishedAt || publishedAt > iso(now)) publishedAt = iso(now)
      break
    case 'schedule': {
      status = 'scheduled'
      // Typed as the site's clock reads (its time zone setting), stored as UTC.
      const at = input.publish_at ? fromLocalInputValue(input.publish_at) : null
      if (!at) errors.publish_at = 'Enter the date and time to publish at.'
      else if (Date.parse(at) <= now.getTime()) errors.publish_at = 'That time has passed. Choose a time in the future, or press Publish.'
      else publishedAt = at
      break
    }
  }

  const categoryIds = await q.existingIds(deps.db, 'categories', req.categoryIds)
  const chosenTags = await q.existingIds(deps.db, 'tags', req.tagIds)
  const newTags = input.new_tags.split(',').map((n) => n.trim()).filter(Boolean).map((name) => ({ name: name.slice(0, 60), slug: slugify(name) })).filter((t) => t.slug)

  if (Object.keys(errors).length) return { kind: 'invalid', errors }

  const stamp = iso(now)
  const values = {
    slug,
    title: input.title,
    excerpt: input.excerpt,
    body_md: input.body,
    body_html: rendered.html as string,
    featured_media_id: featuredId,
    status,
    published_at: publishedAt,
    reviewed_by: input.reviewed_by || null,
    reviewed_at: input.reviewed_at ? `${input.reviewed_at}T00:00:00.000Z` : null,
    comments_enabled: input.comments_enabled ? 1 : 0,
    sticky: input.kind === 'post' && input.sticky ? 1 : 0,
    updated_at: stamp,
  }
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      let id: number
      if (existing) {
        id = existing.id
        await q.updateArticle(trx, id, values)
      } else {
        id = await q.insertArticle(trx, { ...values, kind: input.kind as ArticleKind, author_id: req.authorId, created_at: stamp })
      }
      await q.replaceCategories(trx, id, categoryIds)
      const tagIds = [...new Set([...chosenTags, ...(await q.ensureTags(trx, newTags, stamp))])]
      await q.replaceTags(trx, id, tagIds)
      await q.replaceCitations(trx, id, rendered.citations.map((c) => c.id))
      // Search finds the article exactly when readers can: drafts leave the index.
      await syncArticleSearch(trx, id, existing?.slug)
      return id
    })
    return { kind: 'saved', id, slug, status, visibleAt: status === 'draft' ? null : publishedAt, action }
  } catch (err) {
    // Two editors claiming one slug at the same moment: the unique index decides.
    if (/unique/i.test(String((err as Error).message))) return { kind: 'invalid', errors: { slug: describeSlugProblem('taken') } }
    throw err
  }
}

/** The status readers effectively see: a scheduled post whose time has come is published. */
export function effectiveStatus(status: ArticleStatus, publishedAt: string | null, now: Date): ArticleStatus {
  return status === 'scheduled' && publishedAt && publishedAt <= iso(now) ? 'published' : status
}
