import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  formatCalendarDate, formatDate, formatDateTime, fromLocalInputValue, isTimeZone, plural, serverTimeZone, setSiteTimeZone, siteTimeZone, timeZoneChoices, toLocalInputValue,
} from './format.js'

const INSTANTS = [
  '2026-05-14T08:57:00.000Z', '2026-11-25T00:05:00.000Z', '2026-01-01T12:00:00.000Z', '2025-12-31T23:59:59.000Z', '2026-07-04T13:09:00.000Z',
  // Either side of Europe's and North America's 2026 clock changes.
  '2026-03-29T00:59:00.000Z', '2026-03-29T01:00:00.000Z', '2026-10-25T00:59:00.000Z', '2026-10-25T01:00:00.000Z', '2026-03-08T07:00:00.000Z', '2026-11-01T05:59:00.000Z',
]

test('dates read as US English in the site zone, agreeing with Intl in every kind of zone', () => {
  // Whole hours, half hours, 45 minutes, and Lord Howe's half-hour daylight saving.
  for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Kiritimati']) {
    setSiteTimeZone(zone)
    const intl = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: zone, timeZoneName: 'short' })
    const day = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: zone })
    for (const iso of INSTANTS) {
      assert.equal(formatDateTime(iso), intl.format(new Date(iso)), `${zone} ${iso}`)
      assert.equal(formatDate(iso), day.format(new Date(iso)), `${zone} ${iso}`)
    }
  }
  setSiteTimeZone('UTC')
  assert.equal(formatDate('2026-11-25T23:59:00.000Z'), 'November 25, 2026')
  assert.equal(formatDateTime('2026-11-25T15:07:00.000Z'), 'November 25, 2026 at 3:07 PM UTC')
  setSiteTimeZone('Pacific/Kiritimati')
  assert.equal(formatDate('2026-11-25T23:59:00.000Z'), 'November 26, 2026', 'UTC+14 is a day ahead')
})

test('a calendar day (a review date) is the same day in every zone', () => {
  setSiteTimeZone('America/Los_Angeles')
  assert.equal(formatCalendarDate('2026-11-25T00:00:00.000Z'), 'November 25, 2026')
  assert.equal(formatCalendarDate('2026-02-01'), 'February 1, 2026')
})

test('a publish time typed in Berlin means Berlin time, summer and winter', () => {
  setSiteTimeZone('Europe/Berlin')
  assert.equal(fromLocalInputValue('2026-07-01T09:00'), '2026-07-01T07:00:00.000Z', 'CEST is UTC+2')
  assert.equal(fromLocalInputValue('2026-12-01T09:00'), '2026-12-01T08:00:00.000Z', 'CET is UTC+1')
  assert.equal(fromLocalInputValue('2026-12-01T09:00:30'), '2026-12-01T08:00:30.000Z')
  assert.equal(toLocalInputValue('2026-07-01T07:00:00.000Z'), '2026-07-01T09:00')
  assert.equal(toLocalInputValue('2026-12-01T08:00:00.000Z'), '2026-12-01T09:00')
  setSiteTimeZone('America/New_York')
  assert.equal(fromLocalInputValue('2026-07-01T09:00'), '2026-07-01T13:00:00.000Z')
  assert.equal(fromLocalInputValue('2026-12-01T09:00'), '2026-12-01T14:00:00.000Z')
})

test('clock changes: a skipped time moves past the gap, a repeated one means the first', () => {
  setSiteTimeZone('Europe/Berlin')
  // 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 never happens.
  assert.equal(fromLocalInputValue('2026-03-29T02:30'), '2026-03-29T01:30:00.000Z')
  assert.equal(toLocalInputValue('2026-03-29T01:30:00.000Z'), '2026-03-29T03:30')
  assert.equal(fromLocalInputValue('2026-03-29T01:59'), '2026-03-29T00:59:00.000Z')
  assert.equal(fromLocalInputValue('2026-03-29T03:00'), '2026-03-29T01:00:00.000Z')
  // 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
  assert.equal(fromLocalInputValue('2026-10-25T02:30'), '2026-10-25T00:30:00.000Z')
  assert.equal(fromLocalInputValue('2026-10-25T03:30'), '2026-10-25T02:30:00.000Z')
  // Every reading outside the gap survives the round trip.
  for (let ms = Date.parse('2026-10-24T20:00:00Z'); ms < Date.parse('2026-10-26T04:00:00Z'); ms += 15 * 60_000) {
    const iso = new Date(ms).toISOString()
    const back = fromLocalInputValue(toLocalInputValue(iso))!
    assert.equal(toLocalInputValue(back), toLocalInputValue(iso), iso)
  }
})

test('nonsense is no date', () => {
  setSiteTimeZone('UTC')
  for (const v of ['', '2026-02-30T09:00', '2026-13-01T09:00', '2026-01-01T24:00', '2026-01-01T10:60', '2026-01-01 09:00', 'tomorrow']) {
    assert.equal(fromLocalInputValue(v), null, v)
  }
})

test('zones: IANA names, UTC and the server’s own are choices; anything else is refused', () => {
  assert.ok(isTimeZone('Europe/Berlin'))
  assert.ok(isTimeZone('UTC'))
  assert.ok(isTimeZone(serverTimeZone()))
  assert.equal(timeZoneChoices()[0], 'UTC')
  for (const bad of ['Mars/Olympus', 'europe/berlin', '', '+02:00']) assert.equal(isTimeZone(bad), false, bad)
  setSiteTimeZone('Asia/Tokyo')
  assert.throws(() => setSiteTimeZone('Mars/Olympus'))
  assert.equal(siteTimeZone(), 'Asia/Tokyo', 'a refused zone leaves the current one')
})

test('plural picks the word and groups thousands', () => {
  assert.equal(plural(1, 'comment', 'comments'), '1 comment')
  assert.equal(plural(1200, 'comment', 'comments'), '1,200 comments')
})
