import { h, type JSX } from 'preact'

/**
 * The one place raw HTML enters a page. Only HTML that Crown itself produced
 * from Markdown and passed through the sanitizer (content/markdown.ts,
 * discussion/markdown.ts) may be given here; the brand makes that visible in
 * types.
 */
export type SanitizedHtml = string & { readonly __sanitized: unique symbol }

export const trustSanitized = (html: string) => html as SanitizedHtml

export function RawHtml({ html, as = 'div', class: className, href, label }: { html: SanitizedHtml; as?: string; class?: string; href?: string; label?: string }): JSX.Element {
  return h(as, { class: className, href, 'aria-label': label, dangerouslySetInnerHTML: { __html: html } })
}

/**
 * Structured data for search engines. JSON is made safe inside <script> by
 * escaping every "<" (so no "</script>" or "<!--" can appear); browsers do not
 * execute this type, so the CSP is not weakened.
 */
export function JsonLd({ data }: { data: unknown }): JSX.Element {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
  return h('script', { type: 'application/ld+json', dangerouslySetInnerHTML: { __html: json } })
}
