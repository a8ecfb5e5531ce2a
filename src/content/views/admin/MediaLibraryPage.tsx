import { Layout } from '../../../views/layout.js'
import { CsrfField, Pagination } from '../../../views/components.js'
import { formatDate } from '../../../views/format.js'
import type { FormState } from '../../../http/forms.js'
import type { LibraryItem, MediaUse } from '../../media-library.js'
import { Picture } from '../parts.js'

export interface MediaLibraryView {
  items: LibraryItem[]
  page: number
  pages: number
  total: number
  /** The item whose form failed, with what was typed and why. */
  failed?: { id: number; form: FormState }
}

const STATUS_LABEL = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published' }

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function howUsed(u: MediaUse): string {
  const where = [u.featured ? 'featured image' : '', u.inBody ? 'in the text' : ''].filter(Boolean).join(' and ')
  return u.kind === 'page' ? `page, ${where}` : where
}

export const libraryHref = (page: number) => (page === 1 ? '/admin/media' : `/admin/media?page=${page}`)

export function MediaLibraryPage(v: MediaLibraryView) {
  return (
    <Layout meta={{ title: 'Media library', noindex: true }} wide>
      <div class="admin-head">
        <h1>Media library</h1>
        <p class="actions"><a class="btn btn--secondary" href="/admin/articles/new">New article</a></p>
      </div>
      <p class="muted">
        {v.total === 1 ? '1 image' : `${v.total.toLocaleString('en-US')} images`}, newest first. Upload images in the article editor.
        A description shows wherever the image is a featured image, and is offered when it is inserted again; text already in an article keeps its own.
      </p>
      {v.failed ? (
        <div class="form-errors" role="alert" tabIndex={-1} data-focus>
          <p><strong>The description was not saved.</strong></p>
          <ul>{Object.values(v.failed.form.errors).map((e) => <li><a href={`#media-${v.failed!.id}`}>{e}</a></li>)}</ul>
        </div>
      ) : null}
      {v.items.length === 0 ? <p class="card">No images yet. Upload one from the editor’s “Insert an image” box or as a featured image.</p> : (
        <ul class="media-library">
          {v.items.map((item) => <MediaItem item={item} page={v.page} form={v.failed?.id === item.id ? v.failed.form : undefined} />)}
        </ul>
      )}
      <Pagination page={v.page} pages={v.pages} href={libraryHref} />
    </Layout>
  )
}

function MediaItem({ item, page, form }: { item: LibraryItem; page: number; form?: FormState }) {
  const id = `media-${item.id}`
  const alt = form ? form.values.alt ?? '' : item.alt
  const caption = form ? form.values.caption ?? '' : item.caption
  const altError = form?.errors.alt
  const captionError = form?.errors.caption
  return (
    <li class="media-item" id={id}>
      <div class="media-item__thumb">
        <Picture media={item.media} alt="" sizes="(min-width: 44rem) 12rem, 100vw" />
      </div>
      <div class="media-item__main">
        <h2 class="media-item__name">{item.originalName || 'Untitled upload'}</h2>
        <p class="media-item__meta">
          {item.media.width.toLocaleString('en-US')} × {item.media.height.toLocaleString('en-US')} pixels
          {' · '}{fileSize(item.bytes)} in {item.files === 1 ? '1 file' : `${item.files} files`}
          {' · '}uploaded <time datetime={item.uploadedAt}>{formatDate(item.uploadedAt)}</time>{item.uploadedBy ? <> by {item.uploadedBy}</> : null}
        </p>
        <div class="media-item__uses">
          <p class="media-item__label">Used in</p>
          {item.uses.length ? (
            <ul>
              {item.uses.map((u) => (
                <li>
                  <a href={`/admin/articles/${u.articleId}/edit`}>{u.title}</a>
                  <span class="muted"> ({howUsed(u)})</span> <span class={`status status--${u.status}`}>{STATUS_LABEL[u.status]}</span>
                </li>
              ))}
            </ul>
          ) : <p class="muted">Not shown in any article or page.</p>}
        </div>
        <form method="post" action={`/admin/media/${item.id}`} class="media-item__form" novalidate>
          <CsrfField />
          <input type="hidden" name="page" value={String(page)} />
          <div class={`field${altError ? ' field--error' : ''}`}>
            <label for={`${id}-alt`}>Description (alt text)<span class="required" aria-hidden="true"> *</span></label>
            <textarea id={`${id}-alt`} name="alt" rows={2} maxLength={300} required
              aria-invalid={altError ? 'true' : undefined} aria-describedby={altError ? `${id}-alt-error` : undefined}>{alt}</textarea>
            {altError ? <p class="field__error" id={`${id}-alt-error`}>{altError}</p> : null}
          </div>
          <div class={`field${captionError ? ' field--error' : ''}`}>
            <label for={`${id}-caption`}>Caption</label>
            <input id={`${id}-caption`} name="caption" value={caption} maxLength={300}
              aria-invalid={captionError ? 'true' : undefined} aria-describedby={captionError ? `${id}-caption-error` : undefined} />
            {captionError ? <p class="field__error" id={`${id}-caption-error`}>{captionError}</p> : null}
          </div>
          <button class="btn btn--secondary btn--small">Save description</button>
        </form>
      </div>
    </li>
  )
}
