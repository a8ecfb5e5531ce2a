/**
 * The one slug maker: accents folded to ASCII, lower case, anything else
 * between words becomes one hyphen, cut to `maxLength` without a trailing
 * hyphen. '' when nothing is left (the caller picks a fallback).
 */
export function slugify(text: string, maxLength = 80): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, maxLength).replace(/-+$/, '')
}
