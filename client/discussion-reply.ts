/**
 * With JavaScript, "Reply" moves the one comment form under the comment being
 * answered, sets its hidden parent field and offers "Cancel reply". Without
 * it, the same links load ?replytocom=… and the server renders the form there.
 */
export function enhanceCommentReplies() {
  const respond = document.getElementById('respond')
  const home = document.getElementById('respond-home')
  if (!respond || !home) return
  const parentField = respond.querySelector<HTMLInputElement>('[data-parent-field]')
  const title = respond.querySelector<HTMLElement>('[data-reply-title]')
  const cancel = respond.querySelector<HTMLElement>('[data-cancel-reply]')
  const cancelLink = cancel?.querySelector<HTMLAnchorElement>('a')
  const textarea = respond.querySelector<HTMLTextAreaElement>('textarea[name="comment"]')
  if (!parentField || !title || !cancel || !cancelLink) return

  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest<HTMLAnchorElement>('a[data-reply-to]')
    const card = link?.closest('article')
    if (!link || !card) return
    event.preventDefault()
    card.after(respond)
    parentField.value = link.dataset.replyTo ?? ''
    title.textContent = `Replying to ${link.dataset.replyName ?? 'this comment'}`
    cancel.hidden = false
    textarea?.focus()
  })

  cancelLink.addEventListener('click', (event) => {
    event.preventDefault()
    home.querySelector('.comments__top-level')?.remove()
    home.append(respond)
    parentField.value = ''
    title.textContent = title.dataset.default ?? 'Leave a Reply'
    cancel.hidden = true
    textarea?.focus()
  })
}
