import { z } from 'zod'
import type { Db } from '../db/database.js'
import { insertStoryRow } from './queries/index.js'

// Success stories: the structured fields beside the story (the opening
// post). Everything is self-reported; the card says so every time.

export const STORY_CATEGORY_SLUG = 'success-stories'

export const TREATMENTS = {
  massage: 'Scalp massage',
  microneedling: 'Microneedling',
  minoxidil: 'Minoxidil',
  finasteride: 'Finasteride',
  dutasteride: 'Dutasteride',
  other: 'Other',
} as const
export type TreatmentKind = keyof typeof TREATMENTS
export const TREATMENT_KINDS = Object.keys(TREATMENTS) as TreatmentKind[]

export const NEEDLE_MM = ['0.25', '0.5', '0.75', '1.0', '1.5', '2.0'] as const
export const MINOXIDIL_STRENGTHS = ['2%', '5%'] as const
export const MINOXIDIL_FORMS = ['foam', 'solution'] as const

/** The 7-point self-rated scale (DOMAIN.md: Kaufman 1998 labels). */
export const CHANGE_LABELS: Record<number, string> = {
  [-3]: 'greatly decreased', [-2]: 'moderately decreased', [-1]: 'slightly decreased', 0: 'no change',
  1: 'slightly increased', 2: 'moderately increased', 3: 'greatly increased',
}
export const changeText = (n: number) => `${n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0'} ${CHANGE_LABELS[n]}`

export const STAGES: { value: string; label: string }[] = [
  ...['I', 'II', 'IIa', 'III', 'III vertex', 'IIIa', 'IV', 'IVa', 'V', 'Va', 'VI', 'VII'].map((s) => ({ value: `nh-${s.replace(' ', '-')}`, label: `Norwood–Hamilton ${s}` })),
  ...['I', 'II', 'III'].map((s) => ({ value: `ludwig-${s}`, label: `Ludwig ${s}` })),
]
export const stageLabel = (v: string | null) => (v ? `${STAGES.find((s) => s.value === v)?.label ?? v} (self-assessed)` : null)

export type StoryTreatment =
  | { kind: 'massage'; minutesPerDay: number }
  | { kind: 'microneedling'; needleMm: (typeof NEEDLE_MM)[number]; intervalDays: number }
  | { kind: 'minoxidil'; strength: (typeof MINOXIDIL_STRENGTHS)[number]; form: (typeof MINOXIDIL_FORMS)[number] }
  | { kind: 'finasteride' } | { kind: 'dutasteride' }
  | { kind: 'other'; text: string }

export interface StoryFields { treatments: StoryTreatment[]; months: number; change: number; stage: string | null }

export const OTHER_MAX_CHARS = 60

/** One short reader-facing phrase per treatment, for the card and the list. */
export function treatmentText(t: StoryTreatment): string {
  switch (t.kind) {
    case 'massage': return `Scalp massage, ${t.minutesPerDay} min a day`
    case 'microneedling': return `Microneedling, ${t.needleMm} mm every ${t.intervalDays === 1 ? 'day' : `${t.intervalDays} days`}`
    case 'minoxidil': return `Minoxidil ${t.strength} ${t.form}`
    case 'other': return t.text
    default: return TREATMENTS[t.kind]
  }
}

const intIn = (min: number, max: number, message: string) => z.string().trim().min(1, message).regex(/^\d+$/, message).transform(Number).pipe(z.number().int().min(min, message).max(max, message))

/**
 * Validates the story part of the new-topic form (flat strings, as a browser
 * sends them; the treatment checkboxes arrive joined by commas). Each
 * treatment's own parameters are required only when it is ticked.
 */
export const StoryForm = z.object({
  treatment: z.string().optional().default(''),
  massage_minutes: z.string().optional().default(''),
  needle_mm: z.string().optional().default(''),
  needle_interval: z.string().optional().default(''),
  minoxidil_strength: z.string().optional().default(''),
  minoxidil_form: z.string().optional().default(''),
  other_text: z.string().optional().default(''),
  months: z.string().optional().default(''),
  change: z.string().optional().default(''),
  stage: z.string().optional().default(''),
}).transform((f, ctx): StoryFields => {
  // Checked here, all at once, so every problem is reported in one go.
  const months = intIn(1, 240, 'Enter how many months you have used it, from 1 to 240.').safeParse(f.months)
  if (!months.success) ctx.addIssue({ code: 'custom', path: ['months'], message: months.error.issues[0].message })
  if (!/^-?[0-3]$/.test(f.change.trim())) ctx.addIssue({ code: 'custom', path: ['change'], message: 'Choose how your hair changed, from −3 to +3.' })
  if (f.stage !== '' && !STAGES.some((s) => s.value === f.stage)) ctx.addIssue({ code: 'custom', path: ['stage'], message: 'Choose a stage from the list, or leave it empty.' })
  const kinds = [...new Set(f.treatment.split(',').map((s) => s.trim()).filter(Boolean))]
  const treatments: StoryTreatment[] = []
  const issue = (path: string, message: string) => { ctx.addIssue({ code: 'custom', path: [path], message }); return z.NEVER }
  if (kinds.length === 0) issue('treatment', 'Tick at least one treatment you used.')
  for (const k of kinds) {
    if (!(TREATMENT_KINDS as string[]).includes(k)) { issue('treatment', 'Choose treatments from the list.'); continue }
    const kind = k as TreatmentKind
    if (kind === 'massage') {
      const m = Number(f.massage_minutes.trim())
      if (!/^\d+$/.test(f.massage_minutes.trim()) || m < 1 || m > 240) issue('massage_minutes', 'Enter the minutes of scalp massage a day, from 1 to 240.')
      else treatments.push({ kind, minutesPerDay: m })
    } else if (kind === 'microneedling') {
      const mm = NEEDLE_MM.find((x) => x === f.needle_mm)
      const every = Number(f.needle_interval.trim())
      if (!mm) issue('needle_mm', 'Choose the needle length you used.')
      if (!/^\d+$/.test(f.needle_interval.trim()) || every < 1 || every > 90) issue('needle_interval', 'Enter how many days apart your sessions were, from 1 to 90.')
      if (mm && every >= 1 && every <= 90) treatments.push({ kind, needleMm: mm, intervalDays: every })
    } else if (kind === 'minoxidil') {
      const strength = MINOXIDIL_STRENGTHS.find((x) => x === f.minoxidil_strength)
      const form = MINOXIDIL_FORMS.find((x) => x === f.minoxidil_form)
      if (!strength) issue('minoxidil_strength', 'Choose the minoxidil strength: 2% or 5%.')
      if (!form) issue('minoxidil_form', 'Choose foam or solution.')
      if (strength && form) treatments.push({ kind, strength, form })
    } else if (kind === 'other') {
      const text = f.other_text.trim()
      if (!text) issue('other_text', 'Name the other treatment in a few words.')
      else if (text.length > OTHER_MAX_CHARS) issue('other_text', `Keep the other treatment under ${OTHER_MAX_CHARS} characters.`)
      else treatments.push({ kind, text })
    } else treatments.push({ kind })
  }
  return { treatments, months: months.success ? months.data : 0, change: Number(f.change), stage: f.stage || null }
})

export const TreatmentFilter = z.object({ treatment: z.enum(TREATMENT_KINDS as [TreatmentKind, ...TreatmentKind[]]).optional().catch(undefined) })

// ---- storage ----

export async function insertStory(trx: Db, threadId: number, s: StoryFields, now: string) {
  await insertStoryRow(trx, {
    thread_id: threadId, treatments: JSON.stringify(s.treatments), treatment_keys: `,${s.treatments.map((t) => t.kind).join(',')},`,
    months: s.months, change: s.change, stage: s.stage, created_at: now,
  })
}

export interface StoryView { treatments: StoryTreatment[]; treatmentTexts: string[]; months: number; change: number; changeText: string; stage: string | null }

const view = (r: { treatments: string; months: number; change: number; stage: string | null }): StoryView => {
  const treatments = JSON.parse(r.treatments) as StoryTreatment[]
  return { treatments, treatmentTexts: treatments.map(treatmentText), months: r.months, change: r.change, changeText: changeText(r.change), stage: stageLabel(r.stage) }
}

/** A listed topic's story, from the columns a topic list joins in (undefined: not a story). */
export function storyOfRow(r: { story_treatments: string | null; story_months: number | null; story_change: number | null; story_stage: string | null }): StoryView | undefined {
  return r.story_treatments === null ? undefined : view({ treatments: r.story_treatments, months: r.story_months ?? 0, change: r.story_change ?? 0, stage: r.story_stage })
}
