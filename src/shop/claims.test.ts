import { test } from 'node:test'
import assert from 'node:assert/strict'
import { claimProblems, findClaims } from './claims.js'

test('claim words are found, whatever their form', () => {
  const cases: [string, string[]][] = [
    ['Cures baldness in weeks', ['cure']],
    ['Regrow your hairline', ['regrowth']],
    ['Visible regrowth after a month', ['regrowth']],
    ['Results guaranteed or your money back', ['guaranteed']],
    ['Clinically proven formula', ['clinically proven']],
    ['A miracle for thinning hair', ['miracle']],
    ['See our before/after photos', ['before/after']],
    ['Before and after: Tom, 34', ['before/after']],
    ['Read the testimonials of happy buyers', ['testimonials']],
    ['87% of users saw results', ['outcome statistics']],
    ['Stops hair loss for good', ['outcome promise']],
    ['Guaranteed to cure hair loss', ['cure', 'guaranteed']],
  ]
  for (const [text, expected] of cases) assert.deepEqual(findClaims(text), expected, text)
})

test('plain, careful copy passes (no false alarms on look-alike words)', () => {
  for (const text of [
    'A hand-held roller with 540 titanium needles, 1.0 mm long.',
    'Clean it with 70% isopropyl alcohol before and after each use, and let it dry.',
    'Keep it secure in its case; procure a new head every 10 to 15 uses.',
    'Accurate dosing: 1 ml twice a day, as the label says.',
    'Minoxidil 5% topical foam. Read the label; ask a pharmacist.',
  ]) assert.deepEqual(findClaims(text), [], text)
})

test('claimProblems names the field and the claim, and says what to do instead', () => {
  const problems = claimProblems({ name: 'Derma roller', summary: 'Regrowth guaranteed', description: 'Plain text.' })
  assert.deepEqual(Object.keys(problems), ['summary'])
  assert.match(problems.summary, /The summary makes a health claim \(“regrowth”, “guaranteed”\)/)
  assert.match(problems.summary, /evidence article/)
  assert.deepEqual(claimProblems({ name: 'Scalp brush', summary: '', description: '' }), {})
})
