// Progressive enhancements only: every page works without this file.
import { enhanceForms } from './forms.js'
import { enhanceCommentReplies } from './discussion-reply.js'
import { enhanceVideoFacades } from './content-video.js'
import { enhanceEditor } from './content-editor.js'
import { followLegacyCommentAnchor } from './legacy-comment-anchor.js'
import { enhanceImportProgress } from './import-progress.js'

function ready(fn: () => void) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn)
  else fn()
}

ready(() => {
  enhanceForms()
  enhanceCommentReplies()
  enhanceVideoFacades()
  enhanceEditor()
  followLegacyCommentAnchor()
  enhanceImportProgress()
})
