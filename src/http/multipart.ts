import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import multipart, { type MultipartFile } from '@fastify/multipart'
import { MAX_UPLOAD_BYTES } from './image-screen.js'

// Multipart forms (uploads) are read part by part, and refused as early as
// possible, so a forged or oversized request costs next to nothing:
// 1. the declared Content-Length against the route's limit: 413 before a byte
//    is read (411 when there is none; browsers always send it for forms);
// 2. the CSRF token, before any file's bytes are read: from the x-csrf-token
//    header (scripts) or the `_csrf` field, which forms put first. A file
//    part ahead of a valid token is refused with 403, unread;
// 3. each file is read into memory up to the route's fileSize: a larger one
//    arrives truncated (file.truncated), so the form can say so and keep what
//    was typed; more files than the route takes is 413. A route with
//    `saveTo` (exports of hundreds of MB) has each file streamed to that
//    folder under a name the server makes instead: the entry's `savedAs`.
// Malformed bodies (no boundary, cut short, an aborted upload) are bad input:
// 400, logged at info, never a 500.
//
// Routes see the body as before: req.body holds { type: 'field', value } and
// { type: 'file', filename, toBuffer(), file: { truncated } } entries.

export interface UploadLimits {
  /** Non-empty files the route takes in one request. */
  files: number
  /** Bytes per file; a larger file arrives truncated. */
  fileSize: number
  /**
   * A folder: files are streamed there (never held in memory) under a random
   * name, given as the entry's `savedAs`; the route owns the file from then
   * on. A request refused while reading leaves none behind.
   */
  saveTo?: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What this route accepts in a multipart body; without it, form fields only. */
    upload?: UploadLimits
  }
}

/** A route without `config.upload`: multipart form fields, no files. */
export const NO_UPLOADS: UploadLimits = { files: 0, fileSize: 0 }

/** Up to n images, each at most the size the image screen accepts. */
export const imageUploads = (files: number): UploadLimits => ({ files, fileSize: MAX_UPLOAD_BYTES })

// The form fields around the files: the same 1 MB as a urlencoded body
// (app.ts bodyLimit), with room for each part's headers.
const FIELD_BYTES = 1024 * 1024
const PART_OVERHEAD_BYTES = 1024
const MAX_FIELDS = 60
const MAX_FIELD_SIZE = 200_000
// An empty file input is still sent as a file part with no name and no bytes.
// Forms hold a few of them (photo slots); they are not uploads.
const MAX_EMPTY_FILE_PARTS = 10

/** The largest body a route with these limits can need. */
export function maxMultipartBytes(limits: UploadLimits): number {
  return FIELD_BYTES + (MAX_FIELDS + MAX_EMPTY_FILE_PARTS) * PART_OVERHEAD_BYTES + limits.files * (limits.fileSize + PART_OVERHEAD_BYTES)
}

class RefusedBody extends Error {
  constructor(readonly statusCode: number, message: string, readonly code?: string) { super(message) }
}

/** Registers the multipart parser and the checks above; call once, after the CSRF plugin. */
export async function registerMultipart(app: FastifyInstance) {
  // Without attachFieldsToBody the plugin only marks the request: nothing is
  // read until the hook below asks for parts.
  await app.register(multipart, { throwFileSizeLimit: false })

  app.addHook('preValidation', async (req, reply) => {
    if (!req.isMultipart()) return
    try {
      req.body = await readMultipart(app, req, reply, req.routeOptions.config?.upload ?? NO_UPLOADS)
    } catch (err) {
      // The rest of the body stays unread: close the connection after the
      // answer rather than drain what the client is still sending.
      reply.header('connection', 'close')
      throw asClientError(req, err)
    }
  })
}

async function readMultipart(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, limits: UploadLimits) {
  const declared = req.headers['content-length']
  if (declared === undefined || !/^\d+$/.test(declared)) throw new RefusedBody(411, 'A form with files needs a Content-Length.')
  if (Number(declared) > maxMultipartBytes(limits)) throw new RefusedBody(413, 'The form is larger than this page accepts.')

  const body: Record<string, unknown> = {}
  req.body = body
  // A script sends the token as a header: check it before anything is read.
  let verified = req.headers['x-csrf-token'] !== undefined && tokenIsValid(app, req, reply)
  let files = 0
  let emptyFiles = 0
  const saved: string[] = []
  const parts = req.parts({
    limits: {
      fields: MAX_FIELDS, fieldSize: MAX_FIELD_SIZE, fileSize: limits.fileSize,
      files: limits.files + MAX_EMPTY_FILE_PARTS, parts: MAX_FIELDS + limits.files + MAX_EMPTY_FILE_PARTS,
    },
  })
  try {
    for await (const part of parts) await readPart(part)
  } catch (err) {
    for (const file of saved) fs.rmSync(file, { force: true })
    throw err
  }
  return body

  async function readPart(part: Awaited<ReturnType<typeof parts.next>>['value']) {
    if (part.type === 'field') {
      add(body, part.fieldname, { type: 'field', fieldname: part.fieldname, mimetype: part.mimetype, encoding: part.encoding, value: part.value, valueTruncated: part.valueTruncated })
      return
    }
    if (!part.filename) {
      // An empty file input; one that carries bytes is not empty.
      if (++emptyFiles > MAX_EMPTY_FILE_PARTS) throw tooManyFiles()
      if (await carriesData(part)) throw new RefusedBody(400, 'A file part with no file name carries data.')
      add(body, part.fieldname, fileEntry(part, Buffer.alloc(0)))
      return
    }
    verified ||= tokenIsValid(app, req, reply)
    if (!verified) throw new RefusedBody(403, 'Invalid csrf token', 'FST_CSRF_INVALID_TOKEN')
    if (++files > limits.files) throw tooManyFiles()
    if (!limits.saveTo) {
      add(body, part.fieldname, fileEntry(part, await readFile(part)))
      return
    }
    fs.mkdirSync(limits.saveTo, { recursive: true })
    const savedAs = path.join(limits.saveTo, `${crypto.randomBytes(16).toString('hex')}.upload`)
    saved.push(savedAs)
    await pipeline(part.file, fs.createWriteStream(savedAs, { flags: 'wx' }))
    add(body, part.fieldname, { ...fileEntry(part, Buffer.alloc(0)), toBuffer: () => fs.promises.readFile(savedAs), savedAs, size: fs.statSync(savedAs).size })
  }
}

const tooManyFiles = () => new RefusedBody(413, 'The form holds more files than this page accepts.')

/**
 * Asks the CSRF plugin about the fields read so far (or the header), without
 * letting it answer: a refusal here is thrown, and the route's own
 * csrfProtection checks the whole body again later.
 */
function tokenIsValid(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply): boolean {
  let valid = false
  const probe = Object.create(reply) as FastifyReply
  probe.send = () => probe
  app.csrfProtection.call(app, req, probe, () => { valid = true })
  return valid
}

/** Reads a file part; busboy stops at the route's fileSize, drops the rest and marks it truncated. */
async function readFile(part: MultipartFile): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of part.file as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/** Whether a part holds any byte; stops reading at the first. */
async function carriesData(part: MultipartFile): Promise<boolean> {
  for await (const chunk of part.file as AsyncIterable<Buffer>) if (chunk.length) return true
  return false
}

function fileEntry(part: MultipartFile, data: Buffer) {
  const truncated = part.file.truncated
  return {
    type: 'file' as const, fieldname: part.fieldname, filename: part.filename, encoding: part.encoding, mimetype: part.mimetype,
    file: { truncated }, toBuffer: async () => data,
  }
}

function add(body: Record<string, unknown>, name: string, entry: object) {
  // A field named __proto__ or constructor never reaches a route (the parser
  // refuses those names too).
  if (name in Object.prototype) throw new RefusedBody(400, 'A form field has a reserved name.')
  const had = body[name]
  body[name] = had === undefined ? entry : Array.isArray(had) ? [...had, entry] : [had, entry]
}

/** Every failure while reading a multipart body is the client's: a 4xx, logged at info without a stack. */
function asClientError(req: FastifyRequest, err: unknown): Error {
  const e = err as Error & { statusCode?: number; code?: string }
  const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 400
  req.log.info({ status, reason: e.message, code: e.code }, 'multipart body refused')
  if (e instanceof RefusedBody && e.statusCode === status) return e
  return new RefusedBody(status, status === 400 ? 'The form data could not be read.' : e.message, e.code)
}

