/** Focuses the error summary of a re-rendered form; asks before destructive actions. */
export function enhanceForms() {
  const summary = document.querySelector<HTMLElement>('[data-focus]')
  if (summary) summary.focus()

  document.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement
    const question = form.dataset.confirm
    if (question && !window.confirm(question)) event.preventDefault()
  })
}
