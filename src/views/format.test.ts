import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatDate, formatDateTime, plural } from './format.js'

test('dates read as US English in UTC, agreeing with Intl', () => {
  const intl = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' })
  for (const iso of ['2026-05-14T08:57:00.000Z', '2026-11-25T00:05:00.000Z', '2026-01-01T12:00:00.000Z', '2025-12-31T23:59:59.000Z', '2026-07-04T13:09:00.000Z']) {
    assert.equal(formatDateTime(iso), intl.format(new Date(iso)))
  }
  assert.equal(formatDate('2026-11-25T23:59:00.000Z'), 'November 25, 2026')
})

test('plural picks the word and groups thousands', () => {
  assert.equal(plural(1, 'comment', 'comments'), '1 comment')
  assert.equal(plural(1200, 'comment', 'comments'), '1,200 comments')
})
