import sanitizeHtml from 'sanitize-html'

// Runs after our Markdown renderer, on every article body, before it is
// stored. The allowlist admits exactly what markdown.ts emits and nothing
// else: no iframes (the video facade is a link until clicked), no style, no
// on* handlers, no scripts, and images only from this site (relative URLs).

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'hr', 'br',
    'a', 'strong', 'em', 's', 'del', 'sup', 'sub', 'span',
    'table', 'thead', 'tbody', 'tr', 'th', 'td',
    'figure', 'figcaption', 'picture', 'source', 'img',
    // [[product:slug]]: an empty placeholder the shop's card replaces when the page is shown.
    'div',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'id', 'class', 'aria-label', 'data-video-facade', 'rel'],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading', 'decoding'],
    source: ['type', 'srcset', 'sizes'],
    figure: ['class', 'data-video-id', 'data-video-start'],
    sup: ['class'],
    span: ['class', 'aria-hidden'],
    ol: ['start'],
    th: ['scope'],
    div: ['data-product'],
  },
  allowedClasses: {
    a: ['cite__link', 'video-facade__link'],
    figure: ['figure', 'video-facade'],
    sup: ['cite'],
    span: ['cite__missing', 'video-facade__play', 'video-facade__label', 'video-facade__title', 'video-facade__note'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Images (and their srcsets) must be relative: served from /media here.
  allowedSchemesByTag: { img: [], source: [] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'srcset'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  selfClosing: ['img', 'br', 'hr', 'source'],
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    // Links off the site get rel=noopener; rel is never taken from the input.
    a: (tagName, attribs) => {
      const { rel: _ignored, ...rest } = attribs
      return { tagName, attribs: /^https?:\/\//i.test(rest.href ?? '') ? { ...rest, rel: 'noopener' } : rest }
    },
  },
}

/** Cleans HTML our renderer produced; anything outside the allowlist is dropped. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS)
}
