import { Layout } from '../../views/layout.js'
import { CsrfField, FormErrors } from '../../views/components.js'
import { formatDateTime, timeZoneChoices } from '../../views/format.js'
import type { FormState } from '../../http/forms.js'

/** Zones grouped by region ("America/New_York" under America); UTC comes first, on its own. */
function zoneGroups(): { region: string; zones: string[] }[] {
  const groups = new Map<string, string[]>()
  for (const zone of timeZoneChoices()) {
    const region = zone === 'UTC' ? '' : zone.includes('/') ? zone.slice(0, zone.indexOf('/')) : 'Other'
    groups.set(region, [...(groups.get(region) ?? []), zone])
  }
  return [...groups].map(([region, zones]) => ({ region, zones }))
}

const label = (zone: string) => zone.replace(/_/g, ' ')

export function SettingsPage({ form, current, server, now }: { form: FormState; current: string; server: string; now: string }) {
  const chosen = form.values.time_zone ?? current
  const error = form.errors.time_zone
  return (
    <Layout meta={{ title: 'Settings', noindex: true }}>
      <h1>Settings</h1>
      <section class="card settings-section" aria-labelledby="time-zone">
        <h2 id="time-zone">Time zone</h2>
        <p>
          Every date on the site is shown in this zone, and the times editors type (an article’s publish time) are read in it.
          Feeds and sitemaps keep UTC, as feed readers expect.
        </p>
        <dl class="settings-facts">
          <div><dt>Site time now</dt><dd>{formatDateTime(now)}</dd></div>
          <div><dt>Server’s own zone</dt><dd>{label(server)}</dd></div>
        </dl>
        <FormErrors form={form} />
        <form method="post" action="/admin/settings" novalidate>
          <CsrfField />
          <div class={`field${error ? ' field--error' : ''}`}>
            <label for="f-time_zone">Time zone</label>
            <p class="field__hint" id="f-time_zone-hint">Choose the city whose clock your readers and editors go by; daylight saving follows it.</p>
            <select id="f-time_zone" name="time_zone" aria-describedby={`f-time_zone-hint${error ? ' f-time_zone-error' : ''}`} aria-invalid={error ? 'true' : undefined}>
              {zoneGroups().map((g) => !g.region
                ? <option value={g.zones[0]} selected={chosen === g.zones[0]}>{label(g.zones[0])}</option>
                : (
                  <optgroup label={g.region}>
                    {g.zones.map((z) => <option value={z} selected={chosen === z}>{label(z)}</option>)}
                  </optgroup>
                ))}
            </select>
            {error ? <p class="field__error" id="f-time_zone-error">{error}</p> : null}
          </div>
          <button class="btn btn--primary">Save settings</button>
        </form>
      </section>
    </Layout>
  )
}
