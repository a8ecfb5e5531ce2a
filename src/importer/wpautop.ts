// A port of WordPress's wpautop() (wp-includes/formatting.php, 6.x): classic
// posts are stored without <p> tags, and WordPress adds them on every page
// view, so an imported classic body gets them here, rule for rule, before it
// is converted to Markdown. Block-editor bodies already hold their <p> tags
// and must not go through this (WordPress skips it for them too).

const ALL_BLOCKS = '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)'

/** Paragraphs for text whose blank lines separate them; single newlines become <br />, not inside <pre> or block tags. */
export function wpautop(input: string): string {
  if (input.trim() === '') return ''
  let text = `${input}\n`

  // <pre> keeps its newlines: set aside whole, put back at the end.
  const preTags = new Map<string, string>()
  if (text.includes('<pre')) {
    const parts = text.split('</pre>')
    const last = parts.pop() ?? ''
    text = ''
    for (const part of parts) {
      const start = part.indexOf('<pre')
      if (start === -1) {
        text += part
        continue
      }
      const name = `<pre wp-pre-tag-${preTags.size}></pre>`
      preTags.set(name, `${part.slice(start)}</pre>`)
      text += part.slice(0, start) + name
    }
    text += last
  }

  text = text.replace(/<br\s*\/?>\s*<br\s*\/?>/g, '\n\n')
  text = text.replace(new RegExp(`(<${ALL_BLOCKS}[\\s/>])`, 'g'), '\n\n$1')
  text = text.replace(new RegExp(`(</${ALL_BLOCKS}>)`, 'g'), '$1\n\n')
  text = text.replace(/(<hr\s*?\/?>)/g, '$1\n\n')
  text = text.replace(/\r\n|\r/g, '\n')
  // A newline inside a tag (between attributes) is no line break.
  text = text.replace(/<!--[\s\S]*?-->|<[^>]*>/g, (tag) => tag.replace(/\n/g, ' <!-- wpnl --> '))

  if (text.includes('<option')) {
    text = text.replace(/\s*<option/g, '<option').replace(/<\/option>\s*/g, '</option>')
  }
  if (text.includes('</object>')) {
    text = text.replace(/(<object[^>]*>)\s*/g, '$1').replace(/\s*<\/object>/g, '</object>')
    text = text.replace(/\s*(<\/?(?:param|embed)[^>]*>)\s*/g, '$1')
  }
  if (text.includes('<source') || text.includes('<track')) {
    text = text.replace(/([<[](?:audio|video)[^>\]]*[>\]])\s*/g, '$1')
    text = text.replace(/\s*([<[]\/(?:audio|video)[>\]])/g, '$1')
    text = text.replace(/\s*(<(?:source|track)[^>]*>)\s*/g, '$1')
  }
  if (text.includes('<figcaption')) {
    text = text.replace(/\s*(<figcaption[^>]*>)/g, '$1').replace(/<\/figcaption>\s*/g, '</figcaption>')
  }

  text = text.replace(/\n\n+/g, '\n\n')
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p !== '')
  text = paragraphs.map((p) => `<p>${p.replace(/^\n+|\n+$/g, '')}</p>\n`).join('')

  text = text.replace(/<p>\s*<\/p>/g, '')
  text = text.replace(/<p>([^<]+)<\/(div|address|form)>/g, '<p>$1</p></$2>')
  text = text.replace(new RegExp(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`, 'g'), '$1')
  text = text.replace(/<p>(<li.+?)<\/p>/g, '$1')
  text = text.replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>')
  text = text.replaceAll('</blockquote></p>', '</p></blockquote>')
  text = text.replace(new RegExp(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)`, 'g'), '$1')
  text = text.replace(new RegExp(`(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`, 'g'), '$1')

  // Newlines inside scripts, styles, SVG and MathML are code, not line breaks.
  text = text.replace(/<(script|style|svg|math).*?<\/\1>/gs, (m) => m.replace(/\n/g, '<WPPreserveNewline />'))
  text = text.replace(/<br>|<br\/>/g, '<br />')
  text = text.replace(/(?<!<br \/>)\s*\n/g, '<br />\n')
  text = text.replaceAll('<WPPreserveNewline />', '\n')

  text = text.replace(new RegExp(`(</?${ALL_BLOCKS}[^>]*>)\\s*<br />`, 'g'), '$1')
  text = text.replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/g, '$1')
  text = text.replace(/\n<\/p>$/, '</p>')

  for (const [name, pre] of preTags) text = text.replace(name, () => pre)
  if (text.includes('<!-- wpnl -->')) text = text.replaceAll(' <!-- wpnl --> ', '\n').replaceAll('<!-- wpnl -->', '\n')
  return text
}
