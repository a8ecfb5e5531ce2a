// The health-claims rule for shop copy (../shared/DOMAIN.md §5): product
// names, summaries and descriptions describe what a product is, how it is used
// and how to use it safely. They promise no outcome: no cure, no regrowth, no
// guarantee, no "clinically proven", no miracle, no before/after, no
// testimonials or success stories. The product editor refuses copy that does.

interface ClaimPattern { pattern: RegExp; label: string }

const CLAIMS: ClaimPattern[] = [
  { pattern: /\bcur(?:e|es|ed|ing|ative)\b/i, label: 'cure' },
  { pattern: /\bre-?grow(?:s|th|ing|n)?\b|\bgrows? (?:back|hair)\b|\bhair ?growth\b/i, label: 'regrowth' },
  { pattern: /\bguarantee(?:s|d)?\b/i, label: 'guaranteed' },
  { pattern: /\bclinically[\s-]+(?:proven|tested|shown)\b|\bproven to\b|\bscientifically proven\b/i, label: 'clinically proven' },
  { pattern: /\bmiracle\b|\bmiraculous\b/i, label: 'miracle' },
  // "before and after each use" (hygiene) is fine; before/after pictures are not.
  { pattern: /\bbefore\s*(?:\/|&|-and-|-)\s*after\b|\bbefore\s+and\s+after\s*(?::|photos?|pictures?|images?|results?|shots?|pics?)/i, label: 'before/after' },
  { pattern: /\btestimonials?\b|\bsuccess stor(?:y|ies)\b|\breviews? say\b/i, label: 'testimonials' },
  { pattern: /\b\d{1,3}\s?%\s+(?:of (?:users|men|women|people|customers|patients)|success|effective|more hair|thicker)\b/i, label: 'outcome statistics' },
  { pattern: /\bstop(?:s)? hair loss\b|\breverses? (?:hair loss|balding|baldness)\b|\bno side[\s-]effects?\b/i, label: 'outcome promise' },
]

/** The claim kinds the text makes, once each, in the order listed above. */
export function findClaims(text: string): string[] {
  return CLAIMS.filter((c) => c.pattern.test(text)).map((c) => c.label)
}

const FIELD_NAMES: Record<string, string> = { name: 'name', summary: 'summary', description: 'description' }

/**
 * A message per field whose copy makes a health claim, for the editor to show
 * beside it. Empty when the copy is clean.
 */
export function claimProblems(copy: { name?: string; summary?: string; description?: string }): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [field, text] of Object.entries(copy)) {
    if (!text) continue
    const found = findClaims(text)
    if (found.length) {
      out[field] = `The ${FIELD_NAMES[field] ?? field} makes a health claim (${found.map((f) => `“${f}”`).join(', ')}). ` +
        'Shop copy says what the product is, how it is used and how to use it safely; what the studies found belongs in the linked evidence article.'
    }
  }
  return out
}
