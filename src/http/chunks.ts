import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'

// A page of 190 KB is mostly one kept piece (an article's comment list, a
// shared page's bytes). Copying it into one page-sized Buffer per view made
// external memory that drove V8's collections: about three quarters of a
// cached article view's CPU. Such a page is sent as its chunks instead.

/** A stream handing over every chunk at its first read; the socket may still take them in several writes. */
function chunksStream(chunks: readonly Buffer[]): Readable {
  let done = false
  return new Readable({
    read() {
      if (done) return
      done = true
      for (const c of chunks) this.push(c)
      this.push(null)
    },
  })
}

/** Sends a body: text, bytes, or chunks (uncopied, with their length). */
export function sendBody(reply: FastifyReply, body: string | Buffer | readonly Buffer[]): FastifyReply {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return reply.send(body)
  return sendChunks(reply, body)
}

/** Sends a body made of chunks, uncopied, with its length. */
export function sendChunks(reply: FastifyReply, chunks: readonly Buffer[]): FastifyReply {
  let length = 0
  for (const c of chunks) length += c.length
  return reply.header('content-length', length).send(chunksStream(chunks))
}
