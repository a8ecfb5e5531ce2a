import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import net from 'node:net'
import { Readable } from 'node:stream'
import type { FastifyRequest } from 'fastify'
import { testApp, type Agent, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { formValues } from './forms.js'
import { maxMultipartBytes, type UploadLimits } from './multipart.js'

const MB = 1024 * 1024
const LIMITS: UploadLimits = { files: 2, fileSize: 1 * MB }

type Part = { name: string; value: string } | { name: string; filename: string; data: Buffer }

/** Multipart parts as a browser sends them, in the order given. */
function encode(parts: Part[], boundary = `----crown${crypto.randomBytes(6).toString('hex')}`) {
  const chunks: Buffer[] = []
  for (const p of parts) {
    if ('value' in p) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`))
    else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), p.data, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A request body that counts how much of it the server has pulled. */
function countingStream(body: Buffer) {
  let offset = 0
  const stream = new Readable({
    highWaterMark: 16 * 1024,
    read() {
      if (offset >= body.length) { this.push(null); return }
      const end = Math.min(body.length, offset + 16 * 1024)
      this.push(body.subarray(offset, end))
      offset = end
    },
  })
  return { stream, read: () => offset }
}

for (const dialect of testDialects()) {
  describe(`multipart bodies on ${dialect}`, () => {
    let t: TestApp
    const statuses: { url: string; status: number }[] = []
    const log: { level: number; msg: string; status?: number; err?: unknown; url?: string }[] = []
    const seen: { fields: Record<string, string>; files: { name: string; filename: string; size: number; truncated: boolean }[] }[] = []
    before(async () => {
      t = await testApp(dialect, {
        env: { LOG_LEVEL: 'info' },
        build: { logStream: { write: (line: string) => { log.push(JSON.parse(line)) } } },
        beforeReady: (app) => {
          // What the server answered, even to a client no longer there to read it.
          app.addHook('onResponse', async (req, reply) => { statuses.push({ url: req.url, status: reply.statusCode }) })
          app.addHook('onError', async (req, _reply, err) => { statuses.push({ url: req.url, status: (err as { statusCode?: number }).statusCode ?? 500 }) })
          // A stand-in upload route: what a route receives is the point here.
          app.post('/test/upload', { config: { upload: LIMITS }, preHandler: app.csrfProtection }, async (req: FastifyRequest) => {
            const files = []
            for (const [name, raw] of Object.entries(req.body as Record<string, unknown>)) {
              for (const p of [raw].flat() as { type: string; filename?: string; toBuffer?: () => Promise<Buffer>; file?: { truncated: boolean } }[]) {
                if (p.type === 'file' && p.filename) files.push({ name, filename: p.filename, size: (await p.toBuffer!()).length, truncated: Boolean(p.file?.truncated) })
              }
            }
            seen.push({ fields: formValues(req.body), files })
            return { ok: true }
          })
        },
      })
    })
    after(() => t.close())

    /** An agent holding a CSRF cookie and its token, from a page with a form. */
    async function withToken(): Promise<Agent> {
      const a = t.agent()
      await a.get('/sign-in')
      assert.ok(a.csrfToken)
      return a
    }
    const send = (a: Agent, body: Buffer | Readable, headers: Record<string, string>) =>
      a.request('POST', '/test/upload', body as Buffer, headers)

    test('a form with its token first reaches the route as fields and files; an oversize file arrives truncated', async () => {
      const a = await withToken()
      const mp = encode([
        { name: '_csrf', value: a.csrfToken! },
        { name: 'title', value: 'Hello' },
        { name: 'tag', value: 'a' }, { name: 'tag', value: 'b' },
        { name: 'photo', filename: 'small.bin', data: crypto.randomBytes(1000) },
        { name: 'empty', filename: '', data: Buffer.alloc(0) },
        { name: 'photo', filename: 'big.bin', data: crypto.randomBytes(LIMITS.fileSize + 5000) },
      ])
      const res = await send(a, mp.body, { 'content-type': mp.contentType })
      assert.equal(res.statusCode, 200, res.body)
      const got = seen.at(-1)!
      assert.equal(got.fields.title, 'Hello')
      assert.equal(got.fields.tag, 'a,b')
      assert.deepEqual(got.files, [
        { name: 'photo', filename: 'small.bin', size: 1000, truncated: false },
        { name: 'photo', filename: 'big.bin', size: LIMITS.fileSize, truncated: true },
      ])
    })

    test('a script may send the token as a header instead', async () => {
      const a = await withToken()
      const mp = encode([{ name: 'photo', filename: 'x.bin', data: crypto.randomBytes(100) }])
      assert.equal((await send(a, mp.body, { 'content-type': mp.contentType, 'x-csrf-token': a.csrfToken! })).statusCode, 200)
      assert.equal((await send(a, mp.body, { 'content-type': mp.contentType, 'x-csrf-token': 'forged' })).statusCode, 403)
    })

    test('a tokenless upload is refused before its file is read', async () => {
      const a = await withToken()
      const size = maxMultipartBytes(LIMITS) - 64 * 1024
      const mp = encode([{ name: 'title', value: 'no token' }, { name: 'photo', filename: 'x.bin', data: Buffer.alloc(size - 400, 7) }])
      const body = countingStream(mp.body)
      const before = seen.length
      const res = await send(a, body.stream, { 'content-type': mp.contentType, 'content-length': String(mp.body.length) })
      assert.equal(res.statusCode, 403)
      assert.match(res.body, /This form has expired/)
      assert.equal(res.headers.connection, 'close')
      assert.ok(body.read() < 256 * 1024, `read ${body.read()} of ${mp.body.length} bytes`)
      assert.equal(seen.length, before, 'the route never ran')
      // A token after the file comes too late, and a wrong one first is no better.
      const late = encode([{ name: 'photo', filename: 'x.bin', data: crypto.randomBytes(100) }, { name: '_csrf', value: a.csrfToken! }])
      assert.equal((await send(a, late.body, { 'content-type': late.contentType })).statusCode, 403)
      const wrong = encode([{ name: '_csrf', value: 'forged' }, { name: 'photo', filename: 'x.bin', data: crypto.randomBytes(100) }])
      assert.equal((await send(a, wrong.body, { 'content-type': wrong.contentType })).statusCode, 403)
    })

    test('a declared size over the route\'s limit is 413 before a byte is read; no declared size is 411', async () => {
      const a = await withToken()
      const mp = encode([{ name: '_csrf', value: a.csrfToken! }, { name: 'photo', filename: 'x.bin', data: Buffer.alloc(maxMultipartBytes(LIMITS), 1) }])
      const body = countingStream(mp.body)
      const res = await send(a, body.stream, { 'content-type': mp.contentType, 'content-length': String(mp.body.length) })
      assert.equal(res.statusCode, 413)
      assert.match(res.body, /That was too large/)
      // The stream offers its first chunk when it is created; nothing more was asked for.
      assert.ok(body.read() <= 16 * 1024, `read ${body.read()} bytes`)
      const chunked = await send(a, countingStream(encode([{ name: '_csrf', value: a.csrfToken! }]).body).stream, { 'content-type': mp.contentType })
      assert.equal(chunked.statusCode, 411)
    })

    test('more files than the route takes is 413; a route without upload config takes fields only', async () => {
      const a = await withToken()
      const three = encode([{ name: '_csrf', value: a.csrfToken! }, ...[1, 2, 3].map((i) => ({ name: `p${i}`, filename: `${i}.bin`, data: crypto.randomBytes(10) }))])
      assert.equal((await send(a, three.body, { 'content-type': three.contentType })).statusCode, 413)
      // /sign-in declares no uploads: its fields still arrive from a multipart form.
      const fields = encode([{ name: '_csrf', value: a.csrfToken! }, { name: 'email', value: 'nobody@example.com' }, { name: 'password', value: 'not it at all' }])
      const signIn = await a.request('POST', '/sign-in', fields.body, { 'content-type': fields.contentType })
      assert.equal(signIn.statusCode, 422)
      assert.match(signIn.body, /do not match an account/)
      const withFile = encode([{ name: '_csrf', value: a.csrfToken! }, { name: 'f', filename: 'f.bin', data: crypto.randomBytes(10) }])
      assert.equal((await a.request('POST', '/sign-in', withFile.body, { 'content-type': withFile.contentType })).statusCode, 413)
    })

    test('malformed multipart is a 400 page, never a 500', async () => {
      const a = await withToken()
      const ok = encode([{ name: '_csrf', value: a.csrfToken! }, { name: 'photo', filename: 'x.bin', data: crypto.randomBytes(50_000) }])
      const nameless = encode([{ name: 'photo', filename: '', data: crypto.randomBytes(5000) }, { name: '_csrf', value: a.csrfToken! }])
      const cases: [string, Buffer | Readable, Record<string, string>][] = [
        ['no boundary', ok.body, { 'content-type': 'multipart/form-data' }],
        ['garbage', Buffer.from('this is not multipart at all'), { 'content-type': ok.contentType }],
        ['cut short', ok.body.subarray(0, ok.body.length - 30_000), { 'content-type': ok.contentType }],
        ['a nameless file with data', nameless.body, { 'content-type': nameless.contentType }],
      ]
      log.length = 0
      for (const [what, body, headers] of cases) {
        const res = await send(a, body, headers)
        assert.equal(res.statusCode, 400, `${what}: ${res.statusCode}`)
        assert.match(String(res.headers['content-type']), /text\/html/, what)
        assert.match(res.body, /could not be handled/, what)
        assert.doesNotMatch(res.body, /request id/i, `${what}: not shown as a server error`)
      }
      assert.equal(log.filter((l) => l.msg === 'multipart body refused' && l.level === 30 && l.status === 400).length, cases.length, 'each logged once, at info')
      assert.deepEqual(log.filter((l) => l.level >= 40 || l.err !== undefined), [], 'no warning, no error, no stack')
    })

    test('a client that goes away mid-upload is a 400, not a 500', async () => {
      const a = await withToken()
      const mp = encode([{ name: '_csrf', value: a.csrfToken! }, { name: 'photo', filename: 'x.bin', data: crypto.randomBytes(200_000) }])
      const cookie = [...a.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
      statuses.length = 0
      log.length = 0
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' })
      try {
        const { port } = new URL(address)
        const socket = net.connect(Number(port), '127.0.0.1')
        await new Promise<void>((resolve) => socket.once('connect', resolve))
        socket.write(`POST /test/upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${mp.contentType}\r\nContent-Length: ${mp.body.length}\r\nCookie: ${cookie}\r\n\r\n`)
        socket.write(mp.body.subarray(0, 60_000))
        await new Promise((r) => setTimeout(r, 100))
        socket.destroy()
        const deadline = Date.now() + 5000
        while (!statuses.some((s) => s.url === '/test/upload') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
        assert.deepEqual(statuses.filter((s) => s.url === '/test/upload').map((s) => s.status), [400])
        assert.deepEqual(log.filter((l) => l.level >= 50), [], 'nothing logged as an error')
      } finally {
        await t.app.server.close()
      }
    })
  })
}
