import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Actor } from '../accounts/index.js'
import { FORUM_LIMITS } from './limits.js'
import { mayChangePost, mayReply, maySeeTopic, mayStartTopic, photoSlots } from './policy.js'
import type { GuestPolicy } from './tables.js'

// Who may see and do what in the forum, as tables: actor × resource → allowed
// (or the refusal the use case returns).

const user = (id: number, role: 'member' | 'moderator', emailConfirmed = true): Actor => ({
  kind: 'user', sessionId: 's', user: { id, name: 'N', email: 'n@example.com', role, slug: 'n', emailConfirmed },
})
const actors: Record<string, Actor> = {
  guest: { kind: 'anonymous' }, unconfirmed: user(3, 'member', false), member: user(7, 'member'), moderator: user(9, 'moderator'),
}
const policies: GuestPolicy[] = ['topics', 'replies', 'read']

test('who may start a topic, by category guest policy', () => {
  const expected: Record<string, Record<GuestPolicy, string | null>> = {
    guest: { topics: null, replies: 'guests-may-not', read: 'guests-may-not' },
    unconfirmed: { topics: 'confirm-email', replies: 'confirm-email', read: 'confirm-email' },
    member: { topics: null, replies: null, read: null },
    moderator: { topics: null, replies: null, read: null },
  }
  for (const [who, actor] of Object.entries(actors)) {
    for (const policy of policies) {
      assert.equal(mayStartTopic(actor, { guest_policy: policy })?.kind ?? null, expected[who][policy], `${who} in a '${policy}' category`)
    }
  }
})

test('who may reply, by category guest policy and topic state', () => {
  const expected: Record<string, Record<GuestPolicy, [open: string | null, closed: string | null]>> = {
    guest: { topics: [null, 'closed'], replies: [null, 'closed'], read: ['guests-may-not', 'guests-may-not'] },
    unconfirmed: { topics: ['confirm-email', 'confirm-email'], replies: ['confirm-email', 'confirm-email'], read: ['confirm-email', 'confirm-email'] },
    member: { topics: [null, 'closed'], replies: [null, 'closed'], read: [null, 'closed'] },
    moderator: { topics: [null, null], replies: [null, null], read: [null, null] },
  }
  for (const [who, actor] of Object.entries(actors)) {
    for (const policy of policies) {
      for (const [i, status] of (['open', 'closed'] as const).entries()) {
        assert.equal(mayReply(actor, { guest_policy: policy }, { status })?.kind ?? null, expected[who][policy][i], `${who} in a ${status} topic of a '${policy}' category`)
      }
    }
  }
})

test('a held topic is seen by staff and by the browser that wrote its waiting opening post', () => {
  const opening = { status: 'pending' as const, author_key: 'mine' }
  const table: [listed: number, first: typeof opening | undefined, viewer: { key: string | null; staff: boolean }, seen: boolean][] = [
    [1, undefined, { key: null, staff: false }, true],
    [0, opening, { key: 'mine', staff: false }, true],
    [0, opening, { key: 'other', staff: false }, false],
    [0, opening, { key: null, staff: false }, false],
    [0, opening, { key: null, staff: true }, true],
    [0, { status: 'trash', author_key: 'mine' } as unknown as typeof opening, { key: 'mine', staff: false }, false],
  ]
  for (const [listed, first, viewer, seen] of table) assert.equal(maySeeTopic({ listed }, first, viewer), seen, JSON.stringify({ listed, first, viewer }))
})

test('who may change a post: its author within the edit window, staff at any time, nobody once it is spam or trash', () => {
  const now = new Date('2026-11-30T12:00:00Z')
  const fresh = new Date(now.getTime() - 60_000).toISOString()
  const old = new Date(now.getTime() - FORUM_LIMITS.editWindowMs - 1).toISOString()
  type Post = Parameters<typeof mayChangePost>[0]
  const guestPost = (created_at: string, status: Post['status'] = 'approved'): Post => ({ author_key: 'mine', author_user_id: null, created_at, status })
  const memberPost = (created_at: string): Post => ({ author_key: 'mine', author_user_id: 7, created_at, status: 'approved' })
  const table: [string, Post, { actor: Actor; key: string | null }, boolean][] = [
    ['guest author, fresh', guestPost(fresh), { actor: actors.guest, key: 'mine' }, true],
    ['guest author, held post', guestPost(fresh, 'pending'), { actor: actors.guest, key: 'mine' }, true],
    ['guest author, too late', guestPost(old), { actor: actors.guest, key: 'mine' }, false],
    ['another guest', guestPost(fresh), { actor: actors.guest, key: 'other' }, false],
    ['a member on the guest’s browser', guestPost(fresh), { actor: actors.member, key: 'mine' }, false],
    ['member author, fresh', memberPost(fresh), { actor: actors.member, key: 'other' }, true],
    ['member author, too late', memberPost(old), { actor: actors.member, key: null }, false],
    ['a guest on the member’s browser', memberPost(fresh), { actor: actors.guest, key: 'mine' }, false],
    ['staff, old post', memberPost(old), { actor: actors.moderator, key: null }, true],
    ['staff, spam', guestPost(fresh, 'spam'), { actor: actors.moderator, key: null }, false],
    ['guest author, trash', guestPost(fresh, 'trash'), { actor: actors.guest, key: 'mine' }, false],
  ]
  for (const [name, post, who, allowed] of table) assert.equal(mayChangePost(post, who, now), allowed, name)
})

test('photo slots: a guest one, a member four, a new success story four for anyone', () => {
  const table: [string, boolean, number][] = [['guest', false, 1], ['member', false, 4], ['moderator', false, 4], ['guest', true, 4], ['member', true, 4]]
  for (const [who, story, slots] of table) assert.equal(photoSlots(actors[who], story), slots, `${who}${story ? ' starting a story' : ''}`)
})
