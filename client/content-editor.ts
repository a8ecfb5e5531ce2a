// The staff editor (content/views/admin/EditorPage.tsx), enhanced: a live
// preview rendered by the server's own renderer, a slug that follows the
// title until edited, and image uploads inserted at the cursor. Without this
// script the Preview and Upload buttons submit the form instead.

const PREVIEW_DELAY_MS = 600

export function enhanceEditor() {
  const form = document.querySelector<HTMLFormElement>('form[data-editor]')
  if (!form) return
  const token = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? ''
  const body = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]')
  const pane = form.querySelector<HTMLElement>('[data-preview-pane]')
  const paneBody = form.querySelector<HTMLElement>('[data-preview-body]')
  const paneMessages = form.querySelector<HTMLElement>('[data-preview-messages]')
  const previewStatus = form.querySelector<HTMLElement>('[data-preview-status]')
  if (!body || !pane || !paneBody || !paneMessages) return

  // Slug follows the title while it is empty or still the title's slug.
  const title = form.querySelector<HTMLInputElement>('input[name="title"]')
  const slug = form.querySelector<HTMLInputElement>('input[name="slug"]')
  if (title && slug) {
    let follows = slug.value === '' || slug.value === slugify(title.value)
    slug.addEventListener('input', () => { follows = slug.value === '' })
    title.addEventListener('input', () => { if (follows) slug.value = slugify(title.value) })
  }

  let timer: number | undefined
  let sequence = 0
  const refresh = async () => {
    const mine = ++sequence
    if (previewStatus) previewStatus.textContent = 'Updating preview…'
    try {
      const res = await fetch('/admin/articles/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': token, accept: 'application/json' },
        body: new URLSearchParams({ body: body.value }).toString(),
        credentials: 'same-origin',
      })
      if (!res.ok) throw new Error(String(res.status))
      const data = (await res.json()) as { html: string; messages: string[] }
      if (mine !== sequence) return
      // The HTML is the server's sanitized rendering, the same bytes a reader gets.
      paneBody.innerHTML = data.html
      paneMessages.replaceChildren()
      if (data.messages.length) {
        const list = document.createElement('ul')
        list.className = 'form-errors'
        for (const m of data.messages) {
          const li = document.createElement('li')
          li.textContent = m
          list.append(li)
        }
        paneMessages.append(list)
      }
      pane.hidden = false
      if (previewStatus) previewStatus.textContent = data.messages.length ? 'Preview updated: see the problems listed.' : 'Preview updated.'
    } catch {
      if (previewStatus) previewStatus.textContent = 'The preview could not be updated. Use the Preview button.'
    }
  }
  body.addEventListener('input', () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(refresh, PREVIEW_DELAY_MS)
  })
  form.querySelector<HTMLButtonElement>('[data-preview-button]')?.addEventListener('click', (event) => {
    event.preventDefault()
    void refresh()
  })
  if (body.value.trim()) void refresh()

  // Upload: send just the image, then put its Markdown where the cursor was.
  const uploadButton = form.querySelector<HTMLButtonElement>('[data-upload-button]')
  const uploadStatus = form.querySelector<HTMLElement>('[data-upload-status]')
  uploadButton?.addEventListener('click', async (event) => {
    event.preventDefault()
    const file = form.querySelector<HTMLInputElement>('input[name="image_file"]')
    const alt = form.querySelector<HTMLInputElement>('input[name="image_alt"]')
    const caption = form.querySelector<HTMLInputElement>('input[name="image_caption"]')
    const say = (text: string) => { if (uploadStatus) uploadStatus.textContent = text }
    if (!file?.files?.length) return say('Choose an image file first.')
    if (!alt?.value.trim()) { alt?.focus(); return say('Describe the image (alt text) first.') }
    const data = new FormData()
    data.append('alt', alt.value)
    data.append('caption', caption?.value ?? '')
    data.append('image_file', file.files[0])
    say('Uploading…')
    uploadButton.disabled = true
    try {
      const res = await fetch('/admin/media', { method: 'POST', body: data, headers: { 'x-csrf-token': token, accept: 'application/json' }, credentials: 'same-origin' })
      const json = (await res.json().catch(() => ({}))) as { snippet?: string; error?: string }
      if (!res.ok || !json.snippet) return say(json.error ?? 'The upload failed. Try again.')
      insertAtCursor(body, `\n\n${json.snippet}\n\n`)
      file.value = ''
      alt.value = ''
      if (caption) caption.value = ''
      say('Uploaded and inserted into the body.')
      void refresh()
    } catch {
      say('The upload failed. Check your connection and try again.')
    } finally {
      uploadButton.disabled = false
    }
  })
}

function insertAtCursor(area: HTMLTextAreaElement, text: string) {
  const start = area.selectionStart ?? area.value.length
  const end = area.selectionEnd ?? start
  area.setRangeText(text, start, end, 'end')
  area.focus()
}

function slugify(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80)
}
