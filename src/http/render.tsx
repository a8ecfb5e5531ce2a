import type { FastifyReply, FastifyRequest } from 'fastify'
import type { JSX } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { ViewCtx, type ViewContext } from '../views/context.js'
import { renderWithParts } from '../views/html.js'
import { sendBody } from './chunks.js'

/** A rendered page: text, or already encoded, in chunks, when it holds long lists (views/html.ts outOfLine). */
export type PageHtml = string | Buffer | readonly Buffer[]

declare module 'fastify' {
  interface FastifyRequest {
    /** Built by app.ts per request; render() hands it to every view. */
    viewContext(reply: FastifyReply): Promise<ViewContext>
  }
}

/** Renders a full page (with its layout inside `node`) as the reply. */
export async function render(req: FastifyRequest, reply: FastifyReply, node: JSX.Element, status?: number) {
  return sendHtml(reply, await renderToHtml(req, reply, node), status)
}

/** Renders a full page (for the shared page cache). */
export async function renderToHtml(req: FastifyRequest, reply: FastifyReply, node: JSX.Element): Promise<PageHtml> {
  const ctx = await req.viewContext(reply)
  return renderWithParts(() => '<!doctype html>' + renderToString(<ViewCtx.Provider value={ctx}>{node}</ViewCtx.Provider>))
}

export function sendHtml(reply: FastifyReply, html: PageHtml, status?: number) {
  if (status) reply.code(status)
  reply.type('text/html; charset=utf-8')
  return sendBody(reply, html)
}

/** Renders a fragment with a ViewContext (for caching pieces of a page). */
export function renderFragment(ctx: ViewContext, node: JSX.Element): string {
  return renderToString(<ViewCtx.Provider value={ctx}>{node}</ViewCtx.Provider>)
}
