import type { FastifyReply, FastifyRequest } from 'fastify'
import { NotFound } from '../http/errors.js'
import { StorageError, type Storage } from './storage.js'

/**
 * Answers a GET with a stored file streamed from storage, or a HEAD with its
 * size alone; a missing key is a 404. A store that fails (S3 down) is a 503
 * for this request, logged, rather than a 500 page: the file is not lost.
 */
export async function sendStored(req: FastifyRequest, reply: FastifyReply, storage: Storage, key: string, headers: Record<string, string>): Promise<FastifyReply> {
  let found
  try {
    found = req.method === 'HEAD' ? await storage.stat(key) : await storage.get(key)
  } catch (e) {
    if (!(e instanceof StorageError)) throw e
    req.log.error({ err: e }, 'a stored file could not be read')
    return reply.code(503).header('retry-after', '30').header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('This file cannot be read just now. Try again in a minute.')
  }
  if (!found) throw new NotFound()
  reply.headers(headers).header('content-length', found.size)
  return 'body' in found ? reply.send(found.body) : reply.send()
}
