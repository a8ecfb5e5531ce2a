// An old link to a comment (a WordPress or Disqus site's page#comment-123)
// arrives here through a redirect, with its fragment kept. Crown's anchors
// are different, so when this page has no such anchor, ask the server where
// that imported comment lives now: it answers with the comment's own page.
export function followLegacyCommentAnchor() {
  const m = /^#comment-(\d{1,12})$/.exec(location.hash)
  if (!m || !document.getElementById('comments')) return
  if (document.getElementById(`comment-${m[1]}`)) return
  location.replace(`/comments/imported/${m[1]}`)
}
