import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import * as q from './queries.js'
import type { StudyInput } from './schemas.js'

export type SaveStudyOutcome = { kind: 'saved'; id: number } | { kind: 'invalid'; errors: Record<string, string> } | { kind: 'not-found' }

/**
 * Adds or edits a study articles can cite. A cited study keeps its key:
 * the articles' Markdown names it, so a new key would orphan their citations.
 */
export async function saveStudy(deps: Pick<Deps, 'db' | 'clock'>, id: number | undefined, input: StudyInput): Promise<SaveStudyOutcome> {
  const existing = id !== undefined ? await q.findStudyById(deps.db, id) : undefined
  if (id !== undefined && !existing) return { kind: 'not-found' }
  const owner = await q.studyKeyOwner(deps.db, input.key)
  if (owner !== undefined && owner !== id) return { kind: 'invalid', errors: { key: 'Another study already uses this key.' } }
  if (existing && existing.key !== input.key && (await q.citingArticleCount(deps.db, existing.id)) > 0) {
    return { kind: 'invalid', errors: { key: `Articles cite this study as [@${existing.key}], so its key cannot change.` } }
  }
  const values = {
    key: input.key,
    pmid: input.pmid || null,
    doi: input.doi || null,
    authors: input.authors,
    title: input.title,
    year: input.year,
    journal: input.journal,
    design: input.design,
    n: input.n ? Number(input.n) : null,
    url: input.url,
    note: input.note,
  }
  if (existing) {
    await q.updateStudy(deps.db, existing.id, values)
    return { kind: 'saved', id: existing.id }
  }
  return { kind: 'saved', id: await q.insertStudy(deps.db, { ...values, created_at: iso(deps.clock.now()) }) }
}
