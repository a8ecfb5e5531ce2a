import type { z } from 'zod'

/** What a form view needs: what the person typed, and a message per field. */
export interface FormState {
  values: Record<string, string>
  errors: Record<string, string>
}

export type FormResult<T> =
  | { ok: true; value: T; state: FormState }
  | { ok: false; state: FormState }

export const emptyForm = (values: Record<string, string> = {}): FormState => ({ values, errors: {} })

/**
 * Flattens a urlencoded or multipart body into strings (multipart fields
 * arrive as { value } objects; files are left to the route), then validates.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = formValues(body)
  const parsed = schema.safeParse(values)
  if (parsed.success) return { ok: true, value: parsed.data, state: { values, errors: {} } }
  const errors: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form'
    if (!errors[key]) errors[key] = issue.message
  }
  return { ok: false, state: { values, errors } }
}

export function formValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!body || typeof body !== 'object') return out
  for (const [k, raw] of Object.entries(body as Record<string, unknown>)) {
    const v = Array.isArray(raw) ? raw.map(fieldText).filter((s) => s !== undefined).join(',') : fieldText(raw)
    if (v !== undefined) out[k] = v
  }
  return out
}

function fieldText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw
  if (raw && typeof raw === 'object' && 'type' in raw && (raw as { type: string }).type === 'field') {
    const v = (raw as unknown as { value: unknown }).value
    return typeof v === 'string' ? v : String(v ?? '')
  }
  return undefined
}

/** Every value of a repeated field (checkbox groups, multi-selects). */
export function formList(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return []
  const raw = (body as Record<string, unknown>)[name]
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  return list.map(fieldText).filter((s): s is string => typeof s === 'string' && s !== '')
}
