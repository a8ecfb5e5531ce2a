import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { ErrorPage } from '../views/ErrorPage.js'

export async function registerContent(app: FastifyInstance, deps: Deps) {
  void app; void deps
}

export async function renderNotFound(deps: Deps, req: FastifyRequest, reply: FastifyReply) {
  void deps
  return render(req, reply, h(ErrorPage, { status: 404, title: 'Page not found', message: 'We could not find that page.' }), 404)
}
