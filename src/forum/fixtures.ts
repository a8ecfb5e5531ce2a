import type { LightMyRequestResponse } from 'fastify'
import type { Dialect } from '../db/database.js'
import { iso } from '../clock.js'
import { testApp, type Agent, type StorageKind, type TestApp } from '../test/harness.js'
import type { GuestPolicy } from './tables.js'
import { insertCategory } from './queries/index.js'

export interface ForumTestApp extends TestApp {
  category(opts?: { policy?: GuestPolicy; hold?: boolean }): Promise<{ id: number; slug: string }>
  /** Opens the new-topic form, waits like a person, posts it. */
  startTopic(agent: Agent, slug: string, fields: Record<string, string>, opts?: { waitMs?: number }): Promise<LightMyRequestResponse>
  /** Opens the topic page (or the given URL), waits, posts the reply form. */
  reply(agent: Agent, topicPath: string, fields: Record<string, string>, opts?: { formUrl?: string }): Promise<LightMyRequestResponse>
}

let seq = 0

export async function forumTestApp(dialect: Dialect, opts: { env?: Record<string, string>; storage?: StorageKind } = {}): Promise<ForumTestApp> {
  const t = await testApp(dialect, { env: opts.env, storage: opts.storage })
  return Object.assign(t, {
    async category(o: { policy?: GuestPolicy; hold?: boolean } = {}) {
      const slug = `cat-${++seq}-${Math.random().toString(36).slice(2, 6)}`
      const id = await insertCategory(t.deps.db, { slug, name: `Category ${seq}`, description: 'A place to compare notes.', position: seq, guestPolicy: o.policy ?? 'topics', holdFirstGuestPosts: o.hold ?? true }, iso(t.clock.now()))
      return { id, slug }
    },
    async startTopic(agent: Agent, slug: string, fields: Record<string, string>, o: { waitMs?: number } = {}) {
      const form = await agent.get(`/forum/c/${slug}/new`)
      if (form.statusCode !== 200) return form
      t.clock.advance(o.waitMs ?? 5_000)
      return agent.post(`/forum/c/${slug}/new`, { stamp: hidden(form.body, 'stamp'), address: '', ...fields })
    },
    async reply(agent: Agent, topicPath: string, fields: Record<string, string>, o: { formUrl?: string } = {}) {
      const page = await agent.get(o.formUrl ?? topicPath)
      t.clock.advance(5_000)
      const shortId = topicPath.split('/')[3]
      const replyTo = /name="reply_to" value="([^"]*)"/.exec(page.body)?.[1] ?? ''
      return agent.post(`/forum/t/${shortId}/reply`, { stamp: hidden(page.body, 'stamp'), address: '', reply_to: replyTo, ...fields })
    },
  })
}

export function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)
  if (!m) throw new Error(`no ${name} field on the page`)
  return m[1].replace(/&amp;/g, '&')
}
