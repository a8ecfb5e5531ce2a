// Video facades (content/markdown.ts): a local box that loads nothing from
// YouTube until the reader presses play. Without this script the box is a
// plain link to the video at its start time.

export function enhanceVideoFacades() {
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.<HTMLAnchorElement>('a[data-video-facade]')
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const box = link.closest<HTMLElement>('[data-video-id]')
    const id = box?.dataset.videoId ?? ''
    const start = Number.parseInt(box?.dataset.videoStart ?? '0', 10) || 0
    if (!box || !/^[A-Za-z0-9_-]{11}$/.test(id)) return
    event.preventDefault()
    const frame = document.createElement('iframe')
    frame.src = `https://www.youtube-nocookie.com/embed/${id}?${start ? `start=${start}&` : ''}autoplay=1`
    frame.title = box.querySelector('.video-facade__title')?.textContent || 'YouTube video'
    frame.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen'
    frame.allowFullscreen = true
    frame.referrerPolicy = 'strict-origin-when-cross-origin'
    frame.className = 'video-facade__frame'
    box.classList.add('video-facade--playing')
    link.replaceWith(frame)
    frame.focus()
  })
}
