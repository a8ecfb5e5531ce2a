import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Actor } from '../accounts/index.js'
import { isVisible, mayAnswer, mayAnswerFromQueue, mayComment } from './policy.js'
import type { PostStatus } from './tables.js'

// Who may see and do what in the engine, as tables: actor × resource → allowed.

const user = (role: 'member' | 'moderator', emailConfirmed = true): Actor => ({
  kind: 'user', sessionId: 's', user: { id: 7, name: 'N', email: 'n@example.com', role, slug: 'n', emailConfirmed },
})
const actors: Record<string, Actor> = {
  guest: { kind: 'anonymous' }, unconfirmed: user('member', false), member: user('member'), moderator: user('moderator'),
}

test('who sees a post: approved to all, held to its author’s browser and staff, spam and trash to no reader', () => {
  const viewers = { stranger: { key: 'other', staff: false }, noCookie: { key: null, staff: false }, author: { key: 'mine', staff: false }, staff: { key: null, staff: true } }
  const table: [PostStatus, Record<keyof typeof viewers, boolean>][] = [
    ['approved', { stranger: true, noCookie: true, author: true, staff: true }],
    ['pending', { stranger: false, noCookie: false, author: true, staff: true }],
    ['spam', { stranger: false, noCookie: false, author: false, staff: false }],
    ['trash', { stranger: false, noCookie: false, author: false, staff: false }],
  ]
  for (const [status, expected] of table) {
    for (const [who, viewer] of Object.entries(viewers)) {
      assert.equal(isVisible({ status, author_key: 'mine' }, viewer), expected[who as keyof typeof viewers], `${who} sees a ${status} post`)
    }
  }
})

test('who may comment: anyone on an open article, except a member who has not confirmed their address', () => {
  const table: [string, boolean, string | null][] = [
    ['guest', true, null], ['member', true, null], ['moderator', true, null], ['unconfirmed', true, 'confirm-email'],
    ['guest', false, 'closed'], ['member', false, 'closed'], ['moderator', false, 'closed'], ['unconfirmed', false, 'confirm-email'],
  ]
  for (const [who, open, expected] of table) {
    assert.equal(mayComment(actors[who], { commentsEnabled: open })?.kind ?? null, expected, `${who} on a ${open ? 'open' : 'closed'} article`)
  }
})

test('a comment answers only a post of its own thread that the commenter can see', () => {
  const viewer = { key: 'mine', staff: false }
  const thread = { id: 1 }
  assert.equal(mayAnswer({ thread_id: 1, status: 'approved', author_key: 'x' }, thread, viewer), true)
  assert.equal(mayAnswer({ thread_id: 2, status: 'approved', author_key: 'x' }, thread, viewer), false)
  assert.equal(mayAnswer({ thread_id: 1, status: 'pending', author_key: 'mine' }, thread, viewer), true)
  assert.equal(mayAnswer({ thread_id: 1, status: 'pending', author_key: 'x' }, thread, viewer), false)
  assert.equal(mayAnswer({ thread_id: 1, status: 'trash', author_key: 'mine' }, thread, viewer), false)
})

test('staff answer from the queue only live or held article comments', () => {
  const table: [PostStatus, 'comments' | 'topic', boolean][] = [
    ['approved', 'comments', true], ['pending', 'comments', true], ['spam', 'comments', false], ['trash', 'comments', false],
    ['approved', 'topic', false], ['pending', 'topic', false],
  ]
  for (const [status, kind, expected] of table) assert.equal(mayAnswerFromQueue({ status }, { kind }), expected, `${status} in ${kind}`)
})
