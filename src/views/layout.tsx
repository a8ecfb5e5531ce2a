import type { ComponentChildren } from 'preact'
import { useView } from './context.js'
import { JsonLd, html, sanitized, templateNode, trustSanitized, type TemplateValue } from './html.js'
import { CsrfField } from './components.js'

export interface PageMeta {
  title: string
  /** When false, the site title is not appended (home page). */
  suffix?: boolean
  description?: string
  canonical?: string
  image?: string
  type?: 'website' | 'article'
  jsonLd?: unknown
  feeds?: { title: string; href: string; type?: 'rss' | 'atom' }[]
  noindex?: boolean
  publishedTime?: string
  modifiedTime?: string
}

// The frame around every page, drawn on every view: a template (views/html.ts)
// rather than some sixty JSX elements, the same to the byte as preact writes
// them; the parts that depend on who is asking stay components.
const NAV: { href: string; label: string; current: (path: string) => boolean }[] = [
  { href: '/', label: 'Articles', current: (p) => p === '/' },
  { href: '/category/scalp-massage', label: 'Scalp massage', current: (p) => p.startsWith('/category/scalp-massage') },
  { href: '/category/microneedling', label: 'Microneedling', current: (p) => p.startsWith('/category/microneedling') },
  { href: '/category/minoxidil', label: 'Minoxidil', current: (p) => p.startsWith('/category/minoxidil') },
  { href: '/forum', label: 'Forum', current: (p) => p.startsWith('/forum') },
  { href: '/shop', label: 'Shop', current: (p) => p === '/shop' || p.startsWith('/shop/c/') || p.startsWith('/shop/p/') },
  { href: '/shop/cart', label: 'Cart', current: (p) => p === '/shop/cart' },
  { href: '/about', label: 'About', current: (p) => p === '/about' },
]

/** A meta tag when it has content. */
const metaTag = (attr: 'name' | 'property', key: string, content: string | undefined) =>
  content ? html`<meta ${sanitized(trustSanitized(attr))}="${key}" content="${content}"/>` : null

export function Layout({ meta, children, wide }: { meta: PageMeta; children: ComponentChildren; wide?: boolean }) {
  const v = useView()
  const fullTitle = meta.suffix === false ? meta.title : `${meta.title} · ${v.site.title}`
  const canonical = meta.canonical ? absolute(v.site.url, meta.canonical) : undefined
  const image = meta.image ? absolute(v.site.url, meta.image) : undefined
  return templateNode(html`<html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>${fullTitle}</title>${
    metaTag('name', 'description', meta.description)}${
    meta.noindex ? html`<meta name="robots" content="noindex"/>` : null}${
    canonical ? html`<link rel="canonical" href="${canonical}"/>` : null
  }<meta property="og:site_name" content="${v.site.title}"/><meta property="og:title" content="${meta.title}"/><meta property="og:type" content="${meta.type ?? 'website'}"/>${
    metaTag('property', 'og:url', canonical)}${
    metaTag('property', 'og:description', meta.description)}${
    metaTag('property', 'og:image', image)}${
    metaTag('property', 'article:published_time', meta.publishedTime)}${
    metaTag('property', 'article:modified_time', meta.modifiedTime)
  }<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}"/><meta name="twitter:title" content="${meta.title}"/>${
    metaTag('name', 'twitter:description', meta.description)}${
    metaTag('name', 'twitter:image', image)
  }<link rel="alternate" type="application/rss+xml" title="${`${v.site.title} (RSS)`}" href="/feed.xml"/><link rel="alternate" type="application/atom+xml" title="${`${v.site.title} (Atom)`}" href="/atom.xml"/>${
    (meta.feeds ?? []).map((f) => html`<link rel="alternate" type="${f.type === 'atom' ? 'application/atom+xml' : 'application/rss+xml'}" title="${f.title}" href="${f.href}"/>`)
  }<link rel="stylesheet" href="${v.assets.css}"/><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"/><script src="${v.assets.js}" defer></script>${
    meta.jsonLd ? <JsonLd data={meta.jsonLd} /> : null
  }</head><body><a class="skip-link" href="#main">Skip to content</a>${
    v.access.staff ? <StaffBar /> : null
  }<header class="site-header"><div class="container site-header__inner"><a class="brand" href="/"><span class="brand__mark" aria-hidden="true">◆</span><span class="brand__name">${v.site.title}</span></a><nav class="site-nav" aria-label="Main">${
    NAV.map((n) => (n.current(v.path) ? html`<a href="${n.href}" aria-current="page">${n.label}</a>` : html`<a href="${n.href}">${n.label}</a>`))
  }</nav><form class="site-search" role="search" aria-label="Site" method="get" action="/search"><label class="visually-hidden" for="site-search-q">Search the site</label><input id="site-search-q" class="site-search__input" type="search" name="q" placeholder="Search" autocomplete="off" maxlength="200"/><button class="btn btn--secondary btn--small site-search__button">Search</button></form>${
    <AccountArea />
  }</div></header>${
    v.access.mustConfirmEmail ? <ConfirmNotice /> : null}${
    v.flash ? html`<div class="container"><p class="flash" role="status">${v.flash}</p></div>` : null
  }<main id="main" class="${`container${wide ? ' container--wide' : ''}`}" tabindex="-1">${children as TemplateValue}</main><footer class="site-footer"><div class="container site-footer__inner"><p class="site-footer__disclaimer">${v.site.title} publishes general information about hair loss, not medical advice. Talk to a doctor or pharmacist before starting or stopping a treatment.</p><nav class="site-footer__nav" aria-label="Footer"><a href="/about">About</a><a href="/editorial-policy">Editorial policy</a><a href="/privacy">Privacy</a><a href="/feed.xml">RSS</a></nav></div></footer></body></html>`)
}

function StaffBar() {
  const v = useView()
  if (v.actor.kind !== 'user') return null
  const pending = v.staffBadges.pendingComments
  return (
    <div class="staff-bar" role="region" aria-label="Staff tools">
      <div class="container staff-bar__inner">
        <nav aria-label="Staff">
          <a href="/admin">Dashboard</a>
          {v.access.publishing ? <a href="/admin/articles">Articles</a> : null}
          {v.access.publishing ? <a href="/admin/media">Media</a> : null}
          {v.access.publishing ? <a href="/admin/redirects">Redirects</a> : null}
          {v.access.moderation ? (
            <a href="/admin/comments">
              Comments{pending > 0 ? <span class="badge" aria-label={`${pending} pending`}>{pending}</span> : null}
            </a>
          ) : null}
          {v.access.shop ? <a href="/admin/shop/orders">Orders</a> : null}
          {v.access.shop ? <a href="/admin/shop/products">Products</a> : null}
          {v.access.admin ? <a href="/admin/staff">Staff</a> : null}
          {v.access.admin ? <a href="/admin/forum/categories">Forum categories</a> : null}
          {v.access.admin ? <a href="/admin/audit">Audit log</a> : null}
          {v.access.admin ? <a href="/admin/settings">Settings</a> : null}
          {v.access.admin ? <a href="/admin/import">Import</a> : null}
        </nav>
        <form method="post" action="/sign-out" class="inline-form">
          <CsrfField />
          <a class="staff-bar__who" href="/account">{v.actor.user.name}</a>
          <button class="btn btn--link">Sign out</button>
        </form>
      </div>
    </div>
  )
}

/**
 * Sign in (and, quietly, register) for visitors; name and sign-out for
 * members. Staff sign out from the staff bar above. Anonymous pages are shared
 * between readers (http/page-cache.ts), so this part must not vary among them.
 */
function AccountArea() {
  const v = useView()
  if (v.actor.kind === 'anonymous') {
    return (
      <nav class="account-nav" aria-label="Account">
        <a href="/sign-in" aria-current={v.path === '/sign-in' ? 'page' : undefined}>Sign in</a>
        <a href="/account/register" aria-current={v.path === '/account/register' ? 'page' : undefined}>Create account</a>
      </nav>
    )
  }
  if (v.access.staff) return null
  const user = v.actor.user
  return (
    <nav class="account-nav" aria-label="Account">
      <a href="/account" aria-current={v.path === '/account' ? 'page' : undefined}><span class="visually-hidden">Your account: </span>{user.name}</a>
      <form method="post" action="/sign-out" class="inline-form">
        <CsrfField />
        <button class="btn btn--link">Sign out</button>
      </form>
    </nav>
  )
}

/** Until a member opens the mailed link: what is missing, and a way to get a new link. */
function ConfirmNotice() {
  const v = useView()
  if (v.actor.kind !== 'user') return null
  return (
    <div class="container container--wide">
      <div class="notice confirm-notice" role="region" aria-label="Confirm your email address">
        <p>
          <strong>Please confirm your email address.</strong> We sent a link to {v.actor.user.email}. Until you open it you
          can read and manage your account, but not post.
        </p>
        <form method="post" action="/account/confirm/resend" class="inline-form">
          <CsrfField />
          <input type="hidden" name="back" value={v.path} />
          <button class="btn btn--secondary btn--small">Send the link again</button>
        </form>
      </div>
    </div>
  )
}

function absolute(base: string, href: string) {
  return /^https?:\/\//.test(href) ? href : `${base}${href.startsWith('/') ? '' : '/'}${href}`
}
