import crypto from 'node:crypto'
import type { LoggerOptions } from 'pino'
import type { Config } from './config.js'

/**
 * pino options for the app's two loggers (deps.log and Fastify's request
 * log). LOG_FORMAT=pretty (the default on a terminal, and in `npm run dev`)
 * prints through pino-pretty, in a worker thread; JSON lines otherwise.
 */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'logFormat'>): LoggerOptions {
  const level = config.logLevel
  if (config.logFormat !== 'pretty' || level === 'silent') return { level }
  return { level, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
}

/**
 * Request ids, for the log and a 5xx page: a random prefix drawn once per
 * process, then a counter. Unique across a cluster's workers and restarts,
 * without drawing random bytes on every request.
 */
export function requestIds(): () => string {
  const prefix = crypto.randomBytes(4).toString('hex')
  let n = 0
  return () => `${prefix}-${(++n).toString(36)}`
}
