import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { renderToString } from 'preact-render-to-string'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { NotFound } from '../http/errors.js'
import { emptyForm, formList, parseForm, type FormState } from '../http/forms.js'
import { formatDateTime, toLocalInputValue } from '../views/format.js'
import { ROLES, listStaff } from '../accounts/index.js'
import { ArticleFields, AdminListQuery, IdParam, MediaFields, MediaLibraryQuery, MediaTextFields, NewArticleQuery, PreviewFields, StudyFields, parseParams } from './schemas.js'
import { describeMedia, mediaLibraryPage } from './media-library.js'
import { MediaLibraryPage, libraryHref } from './views/admin/MediaLibraryPage.js'
import { effectiveStatus, previewBody, saveArticle, type SaveOutcome } from './publishing.js'
import { describeUploadProblem, MAX_UPLOAD_BYTES, storeImage } from './media.js'
import { imageSnippet } from './media-urls.js'
import { isVisible } from './reading.js'
import { saveStudy } from './studies.js'
import * as q from './queries.js'
import { EditorPage, type EditorView } from './views/admin/EditorPage.js'
import { ArticlesAdminPage } from './views/admin/ArticlesAdminPage.js'
import { StudiesPage, StudyFormPage } from './views/admin/StudiesPages.js'
import { References } from './views/parts.js'
import { imageUploads } from '../http/multipart.js'

const ADMIN_PER_PAGE = 20

// Uploads over the limit arrive truncated instead of failing the request,
// so the editor can say what went wrong and keep everything else typed.
const publishing = { roles: ROLES.publishing }
// The editor sends a featured image and an image for the body; the media
// upload (client/content-editor.ts) one.
const withUploads = { roles: ROLES.publishing, upload: imageUploads(2) }

interface UploadedFile { data: Buffer; filename: string; truncated: boolean }

/** A file field from a multipart body, or null when none was chosen. */
async function fileField(body: unknown, name: string): Promise<UploadedFile | null> {
  const raw = (body as Record<string, unknown> | undefined)?.[name] as
    | { type?: string; filename?: string; toBuffer?: () => Promise<Buffer>; file?: { truncated?: boolean } }
    | undefined
  if (!raw || raw.type !== 'file' || !raw.filename || !raw.toBuffer) return null
  const data = await raw.toBuffer()
  if (!data.length) return null
  return { data, filename: raw.filename, truncated: Boolean(raw.file?.truncated) || data.length > MAX_UPLOAD_BYTES }
}

/** Staff routes: the article list, the editor, previews, uploads and studies. Every one declares its roles. */
export function contentAdminRoutes(app: FastifyInstance, deps: Deps) {
  const editorChoices = async () => {
    const [categories, tags, media] = await Promise.all([q.listCategories(deps.db), q.listTags(deps.db), q.listRecentMedia(deps.db, 60)])
    return { categories, tags, media }
  }

  const renderEditor = async (req: FastifyRequest, reply: FastifyReply, view: Omit<EditorView, 'categories' | 'tags' | 'media'>, status?: number) => {
    return render(req, reply, <EditorPage {...view} {...(await editorChoices())} />, status)
  }

  const modeOf = (article: q.Article | undefined, kind: 'post' | 'page'): EditorView['mode'] => {
    if (!article) return { kind: 'new', articleKind: kind }
    const now = deps.clock.now()
    return {
      kind: 'edit', id: article.id, articleKind: article.kind, slug: article.slug,
      status: effectiveStatus(article.status, article.publishedAt, now), publishedAt: article.publishedAt, visible: isVisible(article, now),
    }
  }

  app.get('/admin/articles', { config: publishing }, async (req, reply) => {
    const f = AdminListQuery.parse(req.query)
    const filter: q.AdminFilter = {
      status: f.status || undefined, kind: f.kind || undefined,
      categoryId: f.category ? Number(f.category) : undefined, authorId: f.author ? Number(f.author) : undefined, q: f.q || undefined,
    }
    const total = await q.countForStaff(deps.db, filter)
    const pages = Math.max(1, Math.ceil(total / ADMIN_PER_PAGE))
    const page = Math.min(f.page ?? 1, pages)
    const rows = await q.listForStaff(deps.db, filter, { limit: ADMIN_PER_PAGE, offset: (page - 1) * ADMIN_PER_PAGE })
    const now = deps.clock.now()
    const shown = { status: f.status ?? '', kind: f.kind ?? '', category: f.category ?? '', author: f.author ?? '', q: f.q ?? '' }
    const query = (p: number) => {
      const params = new URLSearchParams(Object.entries({ ...shown, page: p > 1 ? String(p) : '' }).filter(([, v]) => v))
      return `/admin/articles${params.size ? `?${params}` : ''}`
    }
    const staff = (await listStaff(deps.db)).filter((u) => u.role === 'admin' || u.role === 'editor')
    return render(req, reply, (
      <ArticlesAdminPage
        rows={rows.map((r) => ({ ...r, shownStatus: effectiveStatus(r.status, r.publishedAt, now) }))}
        filter={shown} categories={await q.listCategories(deps.db)} authors={staff} page={page} pages={pages} total={total} query={query}
      />
    ))
  })

  app.get('/admin/articles/new', { config: publishing }, async (req, reply) => {
    const kind = NewArticleQuery.parse(req.query ?? {}).kind ?? 'post'
    return renderEditor(req, reply, {
      mode: { kind: 'new', articleKind: kind }, form: emptyForm({ kind, comments_enabled: kind === 'post' ? 'on' : '' }), selectedCategories: [], selectedTags: [],
    })
  })

  app.get('/admin/articles/:id/edit', { config: publishing }, async (req, reply) => {
    const article = await findArticleOr404(req)
    const [cats, tags] = await Promise.all([q.categoriesOf(deps.db, article.id), q.tagsOf(deps.db, article.id)])
    return renderEditor(req, reply, {
      mode: modeOf(article, article.kind), form: emptyForm(formFromArticle(article)),
      selectedCategories: cats.map((c) => String(c.id)), selectedTags: tags.map((t) => String(t.id)),
    })
  })

  const findArticleOr404 = async (req: FastifyRequest) => {
    const article = await q.findArticleById(deps.db, parseParams(IdParam, req.params).id)
    if (!article) throw new NotFound()
    return article
  }

  const handleEditor = async (req: FastifyRequest, reply: FastifyReply, existing: q.Article | undefined) => {
    const parsed = parseForm(ArticleFields, req.body)
    const state: FormState = { values: { ...parsed.state.values }, errors: { ...parsed.state.errors } }
    const values = state.values
    const kind: 'post' | 'page' = existing?.kind ?? (values.kind === 'page' ? 'page' : 'post')
    const selectedCategories = formList(req.body, 'categories')
    const selectedTags = formList(req.body, 'tags')
    const userId = req.actor.kind === 'user' ? req.actor.user.id : null
    const view = (extra: Partial<EditorView> = {}) => ({ mode: modeOf(existing, kind), form: state, selectedCategories, selectedTags, ...extra })

    // A new featured image is stored first, so a failed save still keeps it chosen.
    const featuredFile = await fileField(req.body, 'featured_file')
    if (featuredFile) {
      if (!values.featured_alt?.trim()) state.errors.featured_alt = 'Describe the new featured image for people who cannot see it.'
      else {
        const stored = featuredFile.truncated ? { kind: 'too-large' as const } : await storeImage(deps, {
          data: featuredFile.data, originalName: featuredFile.filename, alt: values.featured_alt.trim(), caption: '', uploadedBy: userId,
        })
        if (stored.kind === 'stored') {
          values.featured_media_id = String(stored.mediaId)
          values.featured_alt = ''
        } else state.errors.featured_file = describeUploadProblem(stored)
      }
    }

    const action = values.action ?? 'draft'
    if (action === 'upload') {
      const file = await fileField(req.body, 'image_file')
      const alt = (values.image_alt ?? '').trim()
      if (!file) state.errors.image_file = 'Choose an image file to upload.'
      if (!alt) state.errors.image_alt = 'Describe the image for people who cannot see it.'
      let snippet: string | undefined
      if (file && alt) {
        const stored = file.truncated ? { kind: 'too-large' as const } : await storeImage(deps, {
          data: file.data, originalName: file.filename, alt, caption: (values.image_caption ?? '').trim(), uploadedBy: userId,
        })
        if (stored.kind === 'stored') {
          snippet = imageSnippet(stored.info, alt, values.image_caption ?? '')
          values.image_alt = ''
          values.image_caption = ''
        } else state.errors.image_file = describeUploadProblem(stored)
      }
      // Only the upload's own fields count here; the article is not being saved.
      const uploadErrors = ['image_file', 'image_alt', 'image_caption', 'featured_file', 'featured_alt'].some((k) => state.errors[k])
      if (!uploadErrors) state.errors = {}
      return renderEditor(req, reply, view({ snippet }), uploadErrors ? 422 : 200)
    }

    if (action === 'preview') {
      const preview = await previewBody(deps, values.body ?? '')
      return renderEditor(req, reply, view({ preview: { html: preview.html, citations: preview.citations, messages: preview.messages } }))
    }

    if (!parsed.ok || Object.keys(state.errors).length) return renderEditor(req, reply, view(), 422)
    const outcome: SaveOutcome = await saveArticle(deps, {
      id: existing?.id, input: { ...parsed.value, featured_media_id: values.featured_media_id ?? '' }, authorId: existing?.authorId ?? userId!,
      categoryIds: selectedCategories.map(Number).filter(Number.isInteger), tagIds: selectedTags.map(Number).filter(Number.isInteger),
    })
    switch (outcome.kind) {
      case 'saved':
        return flash(reply, savedMessage(outcome, kind)).redirect(`/admin/articles/${outcome.id}/edit`, 303)
      case 'invalid':
        state.errors = { ...state.errors, ...outcome.errors }
        return renderEditor(req, reply, view(), 422)
      case 'not-found':
        throw new NotFound()
    }
  }

  app.post('/admin/articles', { config: withUploads, preHandler: app.csrfProtection }, async (req, reply) => handleEditor(req, reply, undefined))
  app.post('/admin/articles/:id', { config: withUploads, preHandler: app.csrfProtection }, async (req, reply) => handleEditor(req, reply, await findArticleOr404(req)))

  // The live preview (client/content-editor.ts): the same renderer as saving.
  app.post('/admin/articles/preview', { config: { ...publishing, readOnly: true }, preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(PreviewFields, req.body)
    const preview = await previewBody(deps, form.ok ? form.value.body : '')
    const references = renderToString(<References citations={preview.citations} />)
    return reply.header('cache-control', 'no-store').send({ html: preview.html + references, messages: preview.messages })
  })

  // Image upload for the editor with JavaScript: answers with the Markdown to insert.
  app.post('/admin/media', { config: withUploads, preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(MediaFields, req.body)
    const file = await fileField(req.body, 'image_file')
    if (!file) return reply.code(422).send({ error: 'Choose an image file to upload.' })
    if (!form.ok) return reply.code(422).send({ error: Object.values(form.state.errors)[0] })
    const stored = file.truncated ? { kind: 'too-large' as const } : await storeImage(deps, {
      data: file.data, originalName: file.filename, alt: form.value.alt, caption: form.value.caption, uploadedBy: req.actor.kind === 'user' ? req.actor.user.id : null,
    })
    if (stored.kind !== 'stored') return reply.code(422).send({ error: describeUploadProblem(stored) })
    return reply.send({ id: stored.mediaId, snippet: imageSnippet(stored.info, form.value.alt, form.value.caption) })
  })

  // The media library: every upload, where it is shown, and its description.
  app.get('/admin/media', { config: publishing }, async (req, reply) => {
    const lib = await mediaLibraryPage(deps, MediaLibraryQuery.parse(req.query ?? {}).page)
    if (lib.kind === 'out-of-range') throw new NotFound()
    return render(req, reply, <MediaLibraryPage {...lib} />)
  })

  app.post('/admin/media/:id', { config: publishing, preHandler: app.csrfProtection }, async (req, reply) => {
    const { id } = parseParams(IdParam, req.params)
    const form = parseForm(MediaTextFields, req.body)
    if (!form.ok) {
      const page = MediaLibraryQuery.parse({ page: form.state.values.page }).page
      const lib = await mediaLibraryPage(deps, page)
      const shown = lib.kind === 'page' ? lib : await mediaLibraryPage(deps, 1)
      if (shown.kind !== 'page') throw new NotFound()
      return render(req, reply, <MediaLibraryPage {...shown} failed={{ id, form: form.state }} />, 422)
    }
    const { alt, caption, page } = form.value
    const result = await describeMedia(deps, req.actor.kind === 'user' ? req.actor.user.id : null, id, { alt, caption })
    switch (result.kind) {
      case 'saved': return flash(reply, 'Saved the image’s description.').redirect(`${libraryHref(page)}#media-${id}`, 303)
      case 'not-found': throw new NotFound()
    }
  })

  app.get('/admin/studies', { config: publishing }, async (req, reply) => render(req, reply, <StudiesPage studies={await q.listStudies(deps.db)} />))
  app.get('/admin/studies/new', { config: publishing }, async (req, reply) => render(req, reply, <StudyFormPage form={emptyForm()} />))
  app.get('/admin/studies/:id/edit', { config: publishing }, async (req, reply) => {
    const study = await q.findStudyById(deps.db, parseParams(IdParam, req.params).id)
    if (!study) throw new NotFound()
    const values = Object.fromEntries(Object.entries(study).map(([k, v]) => [k, v === null ? '' : String(v)]))
    return render(req, reply, <StudyFormPage form={emptyForm(values)} id={study.id} />)
  })
  const handleStudy = async (req: FastifyRequest, reply: FastifyReply, id: number | undefined) => {
    const form = parseForm(StudyFields, req.body)
    if (!form.ok) return render(req, reply, <StudyFormPage form={form.state} id={id} />, 422)
    const outcome = await saveStudy(deps, id, form.value)
    switch (outcome.kind) {
      case 'saved': return flash(reply, `Saved. Cite it as [@${form.value.key}].`).redirect('/admin/studies', 303)
      case 'invalid': return render(req, reply, <StudyFormPage form={{ values: form.state.values, errors: outcome.errors }} id={id} />, 422)
      case 'not-found': throw new NotFound()
    }
  }
  app.post('/admin/studies', { config: publishing, preHandler: app.csrfProtection }, async (req, reply) => handleStudy(req, reply, undefined))
  app.post('/admin/studies/:id', { config: publishing, preHandler: app.csrfProtection }, async (req, reply) => {
    return handleStudy(req, reply, parseParams(IdParam, req.params).id)
  })
}

function savedMessage(o: Extract<SaveOutcome, { kind: 'saved' }>, kind: 'post' | 'page'): string {
  const what = kind === 'post' ? 'article' : 'page'
  switch (o.action) {
    case 'draft': return 'Draft saved. Readers cannot see it yet.'
    case 'publish': return `Published: the ${what} is live at /${o.slug}.`
    case 'schedule': return `Scheduled: the ${what} goes live on ${formatDateTime(o.visibleAt!)}.`
    case 'unpublish': return `Unpublished: the ${what} is a draft again and readers can no longer see it.`
  }
}

function formFromArticle(a: q.Article): Record<string, string> {
  return {
    kind: a.kind,
    title: a.title,
    slug: a.slug,
    excerpt: a.excerpt,
    body: a.bodyMd,
    featured_media_id: a.featuredMediaId ? String(a.featuredMediaId) : '',
    reviewed_by: a.reviewedBy ?? '',
    reviewed_at: a.reviewedAt ? a.reviewedAt.slice(0, 10) : '',
    comments_enabled: a.commentsEnabled ? 'on' : '',
    sticky: a.sticky ? 'on' : '',
    publish_at: a.status === 'scheduled' && a.publishedAt ? toLocalInputValue(a.publishedAt) : '',
  }
}
