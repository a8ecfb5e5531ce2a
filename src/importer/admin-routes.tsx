import fs from 'node:fs'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { Forbidden, NotFound } from '../http/errors.js'
import { emptyForm, parseForm, type FormState } from '../http/forms.js'
import { perIp } from '../http/ip-limits.js'
import { hasRole, ROLES } from '../accounts/index.js'
import {
  checkUploadStart, importRun, importRunsList, importsFolder, MAX_IMPORT_BYTES, startImport, takeImportToken, IMPORT_LIMIT,
} from './admin-import.js'
import { ImportFields, RunParam } from './schemas.js'
import { ImportPage, ImportRunPage } from './views/ImportPages.js'

// /admin/import (admins only: importing a site is the owner's act): the
// upload form and past runs, a run's page with its progress and report, and
// the JSON the page polls when scripts run.

class TooManyImports extends Error {
  readonly statusCode = 429
  constructor() { super('Too many imports') }
}

/** A multipart file entry as http/multipart.ts gives it for a route with `saveTo`. */
interface SavedFile { type: 'file'; filename: string; savedAs?: string; size?: number; file: { truncated: boolean } }

function savedFile(body: unknown): SavedFile | undefined {
  const f = body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined
  return f && typeof f === 'object' && (f as { type?: string }).type === 'file' ? f as SavedFile : undefined
}

export function importAdminRoutes(app: FastifyInstance, deps: Deps) {
  const adminOnly = { config: { roles: ROLES.admin } }
  // Uploads kept by a run; any other stored upload is removed once the answer is sent.
  const kept = new WeakSet<FastifyRequest>()

  const runOf = async (req: FastifyRequest) => {
    const p = RunParam.safeParse(req.params)
    const run = p.success ? await importRun(deps, p.data.id) : undefined
    if (!run) throw new NotFound()
    return run
  }
  const listPage = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) =>
    render(req, reply, <ImportPage runs={await importRunsList(deps)} form={form} maxBytes={MAX_IMPORT_BYTES} />, status)

  app.get('/admin/import', adminOnly, async (req, reply) => listPage(req, reply, emptyForm({ source: 'wordpress' })))

  app.post('/admin/import', {
    config: {
      roles: ROLES.admin,
      ...perIp(IMPORT_LIMIT.limit, IMPORT_LIMIT.windowMs / 60_000),
      upload: { files: 1, fileSize: MAX_IMPORT_BYTES, saveTo: importsFolder(deps) },
    },
    // The role and the account's allowance are checked before the body is
    // read: the upload is streamed to disk, and only an admin's may land there.
    onRequest: async (req, reply) => {
      if (req.actor.kind !== 'user') throw new Forbidden('Please sign in first.')
      if (!hasRole(req.actor, ...ROLES.admin)) throw new Forbidden('Your account does not have access to this page.')
      const token = await takeImportToken(deps, req.actor.user.id)
      if (!token.ok) {
        reply.header('retry-after', String(Math.ceil(token.retryAfterMs / 1000)))
        throw new TooManyImports()
      }
    },
    preHandler: app.csrfProtection,
    onResponse: async (req) => {
      const file = savedFile(req.body)
      if (file?.savedAs && !kept.has(req)) fs.rmSync(file.savedAs, { force: true })
    },
  }, async (req, reply) => {
    if (req.actor.kind !== 'user') throw new Forbidden()
    const form = parseForm(ImportFields, req.body)
    const file = savedFile(req.body)
    const refuse = (message: string) => listPage(req, reply, { values: form.state.values, errors: { ...form.state.errors, file: message } }, 422)
    if (!file?.savedAs || !file.filename) return refuse('Choose the export file to upload.')
    if (file.file.truncated) return refuse(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Import it from the command line: npm run crown -- import-wordpress <file>.`)
    const start = checkUploadStart(file.savedAs)
    if (!start.ok) return refuse(start.message)
    if (!form.ok) return listPage(req, reply, form.state, 422)
    const id = await startImport(deps, req.actor.user, {
      source: form.value.source, dryRun: form.value.dry_run === '1', fileName: file.filename, storedAs: file.savedAs, sizeBytes: file.size ?? 0,
    })
    kept.add(req)
    return flash(reply, `The import of “${file.filename}” has started.`).redirect(`/admin/import/${id}`, 303)
  })

  app.get('/admin/import/:id', adminOnly, async (req, reply) => render(req, reply, <ImportRunPage run={await runOf(req)} />))

  app.get('/admin/import/:id/status.json', adminOnly, async (req, reply) => {
    const run = await runOf(req)
    return reply.header('cache-control', 'no-store').send({
      status: run.status, bytes_done: run.bytesDone, size_bytes: run.sizeBytes, records_done: run.recordsDone,
    })
  })
}
