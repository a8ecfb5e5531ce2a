import path from 'node:path'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import fastifyStatic from '@fastify/static'
import compress from '@fastify/compress'
import { h } from 'preact'
import type { Deps } from './deps.js'
import { render } from './http/render.js'
import { takeFlash } from './http/flash.js'
import { clientAssets } from './http/assets.js'
import { registerCookiePolicy } from './http/cookies.js'
import { registerReadRouting } from './http/read-routing.js'
import { registerMultipart } from './http/multipart.js'
import { registerIpLimits } from './http/ip-limits.js'
import { registerSecurityHeaders } from './http/security-headers.js'
import { bumpSiteVersion, changesSiteVersion, perReader, registerFiller } from './http/page-cache.js'
import { ErrorPage } from './views/ErrorPage.js'
import type { ViewContext } from './views/context.js'
import { registerAccounts, anonymous, isStaff, isBackOffice, hasRole, needsEmailConfirmation, ROLES } from './accounts/index.js'
import { registerContent, renderNotFound, findCommentSubject, renderArticlePage } from './content/index.js'
import { registerDiscussion, pendingCommentCount, forgetMember, type DiscussionHooks } from './discussion/index.js'
import { registerForum, forumGuestHoldsName } from './forum/index.js'
import { registerAdmin } from './admin/index.js'
import { registerSearch } from './search/index.js'
import { registerShop, productCardsHtml, shopSitemapPaths } from './shop/index.js'
import { registerRedirects, answerRedirect } from './redirects/index.js'
import { registerImporter } from './importer/index.js'
import { loggerOptions, requestIds } from './logging.js'

export interface RouteEntry { method: string; url: string; roles?: string[] }

declare module 'fastify' {
  interface FastifyInstance { routeTable: RouteEntry[] }
}

export const PUBLIC_DIR = path.resolve(import.meta.dirname, '..', 'public')

export interface BuildOptions {
  /** Module tests may stand in for content's article page at this seam. */
  discussionHooks?: DiscussionHooks
  /** Tests read the log as JSON lines from here (at config.logLevel). */
  logStream?: { write(line: string): void }
}

/**
 * Builds the whole site on the given dependencies: platform plugins first,
 * then the feature modules. main.ts listens on it; tests inject into it.
 */
export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const { config } = deps
  const app = Fastify({
    logger: opts.logStream ? { level: config.logLevel, stream: opts.logStream } : config.logLevel === 'silent' ? false : loggerOptions(config),
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
    genReqId: requestIds(),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // Node closes a request whose headers and body take longer than this in
    // all (a slow-body client holds a socket and a parser otherwise); it is
    // long enough for the largest upload on a slow phone connection.
    requestTimeout: config.requestTimeoutMs,
    // An idle keep-alive socket stays a little longer than a proxy in front
    // keeps its own (nginx and load balancers: 60 s), so the proxy never
    // reuses one just closed; any socket silent for longer is closed.
    keepAliveTimeout: 65_000,
    connectionTimeout: 75_000,
    // A route parameter longer than this gets the router's bare JSON 414.
    // WordPress keeps slugs of up to 200 characters, percent-encoded, and its
    // old /%postname%/ links must reach the redirects lookup (the default is 100).
    routerOptions: { maxParamLength: 300 },
    // A path with broken percent-encoding (GET /%) cannot be routed; sent to
    // a route that refuses it, it gets the same hooks, headers and HTML error
    // page as any other 400, instead of the router's bare JSON.
    rewriteUrl: (req) => (req.url && !decodesCleanly(req.url) ? BAD_URL_PATH : req.url ?? '/'),
  })

  const https = config.siteUrl.startsWith('https://')
  registerSecurityHeaders(app, {
    options: {
      // No inline script or style anywhere: scripts and styles come from our
      // own files; the video facade frames youtube-nocookie only after a click.
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          frameSrc: ['https://www.youtube-nocookie.com'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      hsts: https ? { maxAge: 15552000 } : false,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    },
    // No page needs a camera, a microphone or where the reader is; the video
    // facade's frame keeps what a player needs (client/content-video.ts).
    permissionsPolicy: PERMISSIONS_POLICY,
  })
  await app.register(compress, { threshold: 2048 })
  await app.register(cookie, { secret: deps.secrets.cookie })
  registerReadRouting(app, deps)
  registerCookiePolicy(app, { https })
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'crown_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure: https },
    // Urlencoded bodies carry _csrf as a string, multipart ones as a { value } field.
    getToken: (req) => {
      const raw = (req.body as Record<string, unknown> | undefined)?._csrf
      return (typeof raw === 'string' ? raw : fieldValue(raw)) ?? (req.headers['x-csrf-token'] as string | undefined)
    },
  })
  await app.register(formbody)
  await registerMultipart(app)
  registerIpLimits(app, deps)
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
  })

  const assets = clientAssets(PUBLIC_DIR)
  const site = { title: config.siteTitle, url: config.siteUrl, tagline: 'Hair-loss treatments, read carefully' }

  app.decorateRequest('sharedRender', false)
  registerFiller('csrf', (_req, reply) => reply.generateCsrf())
  app.decorateRequest('viewContext', async function (this: FastifyRequest, reply: FastifyReply): Promise<ViewContext> {
    // A request refused before accounts has looked at it (a per-IP limit
    // runs first) is shown the anonymous page around its error.
    const actor = this.actor ?? anonymous
    return {
      site,
      path: this.url.split('?')[0],
      actor,
      access: {
        staff: isBackOffice(actor),
        moderation: isStaff(actor),
        shop: hasRole(actor, ...ROLES.shop),
        publishing: hasRole(actor, ...ROLES.publishing),
        admin: hasRole(actor, ...ROLES.admin),
        mustConfirmEmail: needsEmailConfirmation(actor),
      },
      csrfToken: memo(() => perReader(this, 'csrf', () => reply.generateCsrf())),
      flash: takeFlash(this, reply),
      staffBadges: { pendingComments: isStaff(actor) ? await pendingCommentCount(deps) : 0 },
      assets,
    }
  })

  app.addHook('onSend', async (req, reply, payload) => {
    // A successful state change makes every shared page stale: replace the
    // site version before the response leaves, so the next page view renders
    // afresh, in this process or any other. Routes that change nothing
    // readers see (sign-in, previews) opt out with config.readOnly, and a
    // request whose outcome was a no-op with keepSiteVersion(req).
    if (req.method === 'POST' && reply.statusCode < 400 && changesSiteVersion(req)) await bumpSiteVersion(deps.db)
    const type = String(reply.getHeader('content-type') ?? '')
    // Pages carry per-visitor CSRF tokens and flashes: never share them in
    // caches. Only sendShared marks a page public, when nothing on it is the
    // reader's own; a cookie set on the way out (written by @fastify/cookie's
    // onSend, which runs before this one) makes it the reader's after all.
    const cacheControl = reply.getHeader('cache-control')
    if (type.startsWith('text/html') && !cacheControl) reply.header('cache-control', 'private, no-cache')
    else if (reply.hasHeader('set-cookie') && String(cacheControl).includes('public')) reply.header('cache-control', 'private, no-cache')
    return payload
  })

  // An old address (the WordPress site's links) is answered with its 301 before the helpful 404.
  const notFound = async (req: FastifyRequest, reply: FastifyReply) => ((await answerRedirect(deps, req, reply)) ? reply : renderNotFound(deps, req, reply))
  app.setNotFoundHandler(notFound)

  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500
    if (status === 404) return notFound(req, reply)
    if (status >= 500) req.log.error({ err }, 'request failed')
    const page = describeError(status, err)
    if (status === 429 && !reply.getHeader('retry-after')) reply.header('retry-after', '60')
    return render(req, reply, h(ErrorPage, { status, ...page, requestId: status >= 500 ? req.id : undefined }), status)
  })

  // Every route, for the test that walks them all (admin/routes.test.ts).
  const routeTable: RouteEntry[] = []
  app.decorate('routeTable', routeTable)
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routeTable.push({ method: String(method), url: r.url ?? r.path, roles: r.config?.roles })
  })

  await registerAccounts(app, deps, {
    guestHoldsName: (req, name) => forumGuestHoldsName(deps, req, name),
    forgetMember: (trx, member) => forgetMember(trx, member),
  })
  await registerContent(app, deps, {
    // [[product:slug]] in an article: the shop's live cards (content cannot import the shop, which uses content's media).
    productCards: (req, slugs) => productCardsHtml(deps, slugs, { staff: isBackOffice(req.actor) }),
    moreSitemapPaths: () => shopSitemapPaths(deps),
  })
  await registerDiscussion(app, deps, opts.discussionHooks ?? {
    findCommentSubject: (slug) => findCommentSubject(deps, slug),
    renderArticlePage: (req, reply, slug, opts) => renderArticlePage(deps, req, reply, slug, opts),
  })
  await registerForum(app, deps)
  await registerAdmin(app, deps)
  await registerSearch(app, deps)
  await registerShop(app, deps)
  await registerRedirects(app, deps)
  await registerImporter(app, deps)

  // The pid only in tests: the cluster test checks that every worker answers.
  app.get('/healthz', async () => (deps.config.env === 'test' ? { ok: true, pid: process.pid } : { ok: true }))
  app.all(BAD_URL_PATH, { config: { readOnly: true } }, async () => { throw new BadUrl() })
  return app
}

const BAD_URL_PATH = '/.bad-url'

class BadUrl extends Error {
  readonly statusCode = 400
  constructor() { super('The address is not a valid URL.') }
}

/** Whether the path (the query is parsed leniently elsewhere) is valid percent-encoding. */
function decodesCleanly(url: string): boolean {
  const q = url.indexOf('?')
  try {
    decodeURIComponent(q === -1 ? url : url.slice(0, q))
    return true
  } catch {
    return false
  }
}

const VIDEO_ORIGIN = '"https://www.youtube-nocookie.com"'
const PERMISSIONS_POLICY = [
  'accelerometer=()', 'camera=()', 'geolocation=()', 'gyroscope=()', 'magnetometer=()', 'microphone=()',
  'midi=()', 'payment=()', 'usb=()', 'browsing-topics=()', 'display-capture=()', 'serial=()', 'hid=()',
  `autoplay=(self ${VIDEO_ORIGIN})`, `encrypted-media=(self ${VIDEO_ORIGIN})`,
  `fullscreen=(self ${VIDEO_ORIGIN})`, `picture-in-picture=(self ${VIDEO_ORIGIN})`,
].join(', ')

function describeError(status: number, err: Error & { code?: string }): { title: string; message: string } {
  if (err.code?.startsWith('FST_CSRF')) {
    return { title: 'This form has expired', message: 'For your security, forms expire. Go back, reload the page and send it again; nothing was saved.' }
  }
  switch (status) {
    case 403: return { title: 'Not allowed', message: err.message || 'You do not have permission to do that.' }
    case 413: return { title: 'That was too large', message: 'The file or form you sent is larger than this site accepts.' }
    case 415: return { title: 'Unsupported form', message: 'The form was sent in a way this site does not accept.' }
    case 429: return { title: 'Slow down a little', message: 'You have sent several requests in a short time. Wait a minute, then try again.' }
    default:
      if (status >= 500) return { title: 'Something went wrong on our side', message: 'The error has been logged. Please try again in a moment.' }
      return { title: 'That request could not be handled', message: 'Please check the address or the form and try again.' }
  }
}

function fieldValue(raw: unknown): string | undefined {
  return raw && typeof raw === 'object' && 'value' in raw ? String((raw as { value: unknown }).value) : undefined
}

function memo<T>(fn: () => T): () => T {
  let done = false
  let value: T
  return () => {
    if (!done) { value = fn(); done = true }
    return value
  }
}
