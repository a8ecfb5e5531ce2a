// Progressive enhancements only: every page works without this file.
import { enhanceForms } from './forms.js'

function ready(fn: () => void) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn)
  else fn()
}

ready(() => {
  enhanceForms()
})
