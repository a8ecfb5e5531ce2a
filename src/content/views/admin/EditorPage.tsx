import { Layout } from '../../../views/layout.js'
import { Checkbox, CsrfField, Field, FormErrors } from '../../../views/components.js'
import { RawHtml, type SanitizedHtml } from '../../../views/html.js'
import { formatDateTime, siteTimeZone } from '../../../views/format.js'
import type { FormState } from '../../../http/forms.js'
import type { CitedStudy } from '../../markdown.js'
import type { MediaInfo } from '../../media-urls.js'
import { Picture, References } from '../parts.js'

export interface EditorView {
  mode: { kind: 'new'; articleKind: 'post' | 'page' } | { kind: 'edit'; id: number; articleKind: 'post' | 'page'; slug: string; status: 'draft' | 'scheduled' | 'published'; publishedAt: string | null; visible: boolean }
  form: FormState
  categories: { id: number; name: string }[]
  tags: { id: number; name: string }[]
  selectedCategories: string[]
  selectedTags: string[]
  media: (MediaInfo & { id: number; alt: string; originalName: string })[]
  preview?: { html: SanitizedHtml; citations: CitedStudy[]; messages: string[] }
  /** Markdown for an image just uploaded (no-JS flow: copy it into the body). */
  snippet?: string
}

const noun = (k: 'post' | 'page') => (k === 'post' ? 'article' : 'page')

/** The staff editor for articles and static pages; works fully without JavaScript. */
export function EditorPage(v: EditorView) {
  const { form, mode } = v
  const kind = mode.articleKind
  const action = mode.kind === 'new' ? '/admin/articles' : `/admin/articles/${mode.id}`
  const title = mode.kind === 'new' ? `New ${noun(kind)}` : `Edit ${noun(kind)}`
  const featured = v.media.find((m) => String(m.id) === form.values.featured_media_id)
  return (
    <Layout meta={{ title, noindex: true }} wide>
      <p class="meta"><a href="/admin/articles">← All articles and pages</a></p>
      <h1>{title}</h1>
      <FormErrors form={form} />
      <form method="post" action={action} enctype="multipart/form-data" class="editor" data-editor novalidate>
        <CsrfField />
        <input type="hidden" name="kind" value={kind} />
        {/* Enter in a text field presses the first submit button: make that the harmless Preview. */}
        <button type="submit" name="action" value="preview" class="visually-hidden" tabIndex={-1} aria-hidden="true">Preview</button>
        <div class="editor__main">
          <Field form={form} name="title" label="Title" required maxLength={200} inputClass="editor__title" />
          <Field form={form} name="slug" label="Slug" maxLength={80}
            hint={<>The address: {v.form.values.slug ? <code>/{v.form.values.slug}</code> : <code>/your-title-here</code>}. Leave empty to make one from the title. Lowercase letters, digits and hyphens.</>} />
          <Field form={form} name="excerpt" label="Excerpt" multiline rows={3} maxLength={400}
            hint="One or two sentences for lists, feeds and search results." />
          <Field form={form} name="body" label="Body (Markdown)" multiline rows={22} inputClass="editor__body"
            hint={<>Cite studies as <code>[@pmid:23960389]</code> or <code>[@pmid:1; @doi:10.…]</code>. A YouTube link alone on a line becomes a video that loads only when played; add <code>&amp;t=34m</code> to start part-way.</>} />
          <div class="editor__preview-actions">
            <button type="submit" name="action" value="preview" class="btn btn--secondary" data-preview-button>Preview</button>
            <span class="meta" data-preview-status aria-live="polite"></span>
          </div>

          <fieldset class="editor__box editor__upload" data-upload>
            <legend>Add an image to the body</legend>
            <div class="field">
              <label for="f-image_file">Image file (JPEG, PNG or WebP, up to 8 MB)</label>
              <input type="file" id="f-image_file" name="image_file" accept="image/jpeg,image/png,image/webp"
                aria-describedby={form.errors.image_file ? 'f-image_file-error' : undefined} aria-invalid={form.errors.image_file ? 'true' : undefined} />
              {form.errors.image_file ? <p class="field__error" id="f-image_file-error">{form.errors.image_file}</p> : null}
            </div>
            <Field form={form} name="image_alt" label="Description (alt text)" maxLength={300} hint="What the image shows, for people who cannot see it. Required." />
            <Field form={form} name="image_caption" label="Caption" maxLength={300} hint="Optional; shown under the image." />
            <button type="submit" name="action" value="upload" class="btn btn--secondary" data-upload-button>Upload image</button>
            <p class="meta" data-upload-status aria-live="polite"></p>
            {v.snippet ? (
              <div class="snippet" data-snippet>
                <label for="f-snippet">Uploaded. Copy this line into the body where the image should appear:</label>
                <input id="f-snippet" type="text" readOnly value={v.snippet} class="snippet__input" />
              </div>
            ) : null}
          </fieldset>

          <section class="editor__preview" aria-labelledby="preview-heading" data-preview-pane hidden={!v.preview}>
            <h2 id="preview-heading">Preview</h2>
            <div data-preview-messages>
              {v.preview?.messages.length ? (
                <ul class="form-errors">{v.preview.messages.map((m) => <li>{m}</li>)}</ul>
              ) : null}
            </div>
            <div class="prose editor__preview-body" data-preview-body>
              {v.preview ? <><RawHtml html={v.preview.html} /><References citations={v.preview.citations} /></> : null}
            </div>
          </section>
        </div>

        <aside class="editor__side" aria-label="Publishing options">
          <fieldset class="editor__box">
            <legend>Publish</legend>
            <StatusLine mode={mode} />
            {mode.kind === 'edit' ? (
              <p class="meta"><a href={`/${mode.slug}`}>{mode.visible ? 'View the live page' : 'Preview as readers will see it'}</a></p>
            ) : null}
            <div class="editor__buttons">
              {mode.kind === 'new' || mode.status === 'draft' ? (
                <>
                  <button type="submit" name="action" value="draft" class="btn btn--secondary">Save draft</button>
                  <button type="submit" name="action" value="publish" class="btn btn--primary">Publish</button>
                </>
              ) : mode.status === 'published' ? (
                <>
                  <button type="submit" name="action" value="publish" class="btn btn--primary">Update</button>
                  <button type="submit" name="action" value="unpublish" class="btn btn--secondary">Unpublish</button>
                </>
              ) : (
                <>
                  <button type="submit" name="action" value="publish" class="btn btn--primary">Publish now</button>
                  <button type="submit" name="action" value="unpublish" class="btn btn--secondary">Back to draft</button>
                </>
              )}
            </div>
            <div class="editor__schedule">
              <Field form={form} name="publish_at" label={`Publish at (${siteTimeZone().replace(/_/g, ' ')} time)`} type="datetime-local" hint="Pick a future time, then press Schedule." />
              <button type="submit" name="action" value="schedule" class="btn btn--secondary">{mode.kind === 'edit' && mode.status === 'scheduled' ? 'Reschedule' : 'Schedule'}</button>
            </div>
          </fieldset>

          <fieldset class="editor__box">
            <legend>Featured image</legend>
            {featured ? <Picture media={featured} alt={featured.alt} sizes="18rem" class="editor__thumb" /> : null}
            <div class={`field${form.errors.featured_media_id ? ' field--error' : ''}`}>
              <label for="f-featured_media_id">Choose an uploaded image</label>
              <select id="f-featured_media_id" name="featured_media_id" aria-describedby={form.errors.featured_media_id ? 'f-featured_media_id-error' : undefined}>
                <option value="">No featured image</option>
                {v.media.map((m) => (
                  <option value={String(m.id)} selected={String(m.id) === form.values.featured_media_id}>{m.alt || m.originalName || `Image ${m.id}`}</option>
                ))}
              </select>
              {form.errors.featured_media_id ? <p class="field__error" id="f-featured_media_id-error">{form.errors.featured_media_id}</p> : null}
            </div>
            <div class={`field${form.errors.featured_file ? ' field--error' : ''}`}>
              <label for="f-featured_file">Or upload a new one</label>
              <input type="file" id="f-featured_file" name="featured_file" accept="image/jpeg,image/png,image/webp"
                aria-describedby={form.errors.featured_file ? 'f-featured_file-error' : undefined} />
              {form.errors.featured_file ? <p class="field__error" id="f-featured_file-error">{form.errors.featured_file}</p> : null}
            </div>
            <Field form={form} name="featured_alt" label="Description of the new image" maxLength={300} hint="Required with an upload." />
          </fieldset>

          {kind === 'post' ? (
            <fieldset class="editor__box">
              <legend>Categories</legend>
              {v.categories.length ? v.categories.map((c) => (
                <div class="field field--check">
                  <input type="checkbox" id={`f-cat-${c.id}`} name="categories" value={String(c.id)} checked={v.selectedCategories.includes(String(c.id))} />
                  <label for={`f-cat-${c.id}`}>{c.name}</label>
                </div>
              )) : <p class="muted">No categories yet.</p>}
            </fieldset>
          ) : null}

          {kind === 'post' ? (
            <fieldset class="editor__box">
              <legend>Tags</legend>
              <div class="editor__tags">
                {v.tags.map((t) => (
                  <div class="field field--check">
                    <input type="checkbox" id={`f-tag-${t.id}`} name="tags" value={String(t.id)} checked={v.selectedTags.includes(String(t.id))} />
                    <label for={`f-tag-${t.id}`}>{t.name}</label>
                  </div>
                ))}
              </div>
              <Field form={form} name="new_tags" label="New tags" hint="Separate with commas." maxLength={500} />
            </fieldset>
          ) : null}

          <fieldset class="editor__box">
            <legend>Medical review</legend>
            <Field form={form} name="reviewed_by" label="Medically reviewed by" maxLength={120} hint="Name and credentials, e.g. Dr Jane Doe, MD (dermatology)." />
            <Field form={form} name="reviewed_at" label="Last reviewed on" type="date" />
          </fieldset>

          {kind === 'post' ? (
            <fieldset class="editor__box">
              <legend>Discussion</legend>
              <Checkbox form={form} name="comments_enabled" label="Allow comments" />
            </fieldset>
          ) : null}
          {kind === 'post' ? (
            <fieldset class="editor__box">
              <legend>Home page</legend>
              <Checkbox form={form} name="sticky" label="Keep at the top of the home page" />
            </fieldset>
          ) : null}
        </aside>
      </form>
    </Layout>
  )
}

function StatusLine({ mode }: { mode: EditorView['mode'] }) {
  if (mode.kind === 'new') return <p class="editor__status">Not saved yet.</p>
  if (mode.status === 'published' && mode.publishedAt) return <p class="editor__status"><span class="status status--published">Published</span> {formatDateTime(mode.publishedAt)}</p>
  if (mode.status === 'scheduled' && mode.publishedAt) return <p class="editor__status"><span class="status status--scheduled">Scheduled</span> for {formatDateTime(mode.publishedAt)}</p>
  return <p class="editor__status"><span class="status status--draft">Draft</span> Readers cannot see it.</p>
}
