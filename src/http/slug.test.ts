import { test } from 'node:test'
import assert from 'node:assert/strict'
import { slugify } from './slug.js'

test('slugify folds accents, joins words with single hyphens and trims both ends', () => {
  assert.equal(slugify('  Crème Brûlée & Co.  '), 'creme-brulee-co')
  assert.equal(slugify('Minoxidil: 5% vs 2%?'), 'minoxidil-5-vs-2')
  assert.equal(slugify('日本語'), '')
  assert.equal(slugify('Hair care & Diet'), 'hair-care-diet')
  assert.equal(slugify('  Ménière’s —  notes '), 'meniere-s-notes')
  assert.equal(slugify('***'), '')
})

test('slugify cuts at maxLength and never ends on a hyphen', () => {
  assert.equal(slugify('abcd efgh', 5), 'abcd')
  assert.equal(slugify('a'.repeat(100)).length, 80)
  assert.equal(slugify('hair loss in women', 10), 'hair-loss')
})
