import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig, ConfigError } from './config.js'
import { createDeps, closeDeps } from './boot.js'
import { openDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { describeDemoSeed, seedDemo } from './seed.js'
import { createUser } from './accounts/index.js'
import { MIN_PASSWORD_LENGTH } from './accounts/index.js'
import { runImportCommand } from './importer/index.js'
import { runCopyCommand } from './db/copy-to-postgres-command.js'

const USAGE = `Usage: npm run crown -- <command>

Commands:
  migrate                         bring the database schema up to date
  seed-demo                       add the demo articles, people and comments
  create-admin --email E --name N [--password P]
                                  create an administrator (password from CROWN_PASSWORD or --password)
  backup <file>                   copy the SQLite database to <file> while the site runs
  import-wordpress <export.xml> [--uploads DIR] [--dry-run]
                                  import a WordPress export (Tools → Export → All content): posts, pages,
                                  authors, categories, tags, comments, bbPress forums; old links answer with 301
  import-disqus <export.xml> [--dry-run]
                                  import a Disqus export's comments onto the articles they were about
  copy-to-postgres <url>          copy this SQLite site (DATABASE_URL) into the empty PostgreSQL database at
                                  <url>, then compare the row counts of every table
`

async function main(argv: string[]) {
  const [command, ...rest] = argv
  const config = loadConfig()
  switch (command) {
    case 'migrate': {
      const database = openDatabase(config.databaseUrl)
      const ran = await migrateToLatest(database.db)
      console.log(ran.length ? `Applied ${ran.length} migration(s):\n  ${ran.join('\n  ')}` : 'The database is up to date.')
      await database.close()
      return 0
    }
    case 'seed-demo': {
      const deps = await createDeps(config)
      console.log(describeDemoSeed(await seedDemo(deps)))
      await closeDeps(deps)
      return 0
    }
    case 'create-admin': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } } })
      const password = values.password ?? process.env.CROWN_PASSWORD ?? ''
      if (!values.email || !values.name) return fail('create-admin needs --email and --name.')
      if (password.length < MIN_PASSWORD_LENGTH) return fail(`The password needs at least ${MIN_PASSWORD_LENGTH} characters (--password or CROWN_PASSWORD).`)
      const deps = await createDeps(config)
      const result = await createUser(deps, { email: values.email, name: values.name, password, role: 'admin' })
      await closeDeps(deps)
      if (result.kind === 'email-taken') return fail(`An account with ${values.email} already exists.`)
      console.log(`Administrator ${values.email} created.`)
      return 0
    }
    case 'backup': {
      const target = rest[0]
      if (!target) return fail('backup needs a target file, e.g. npm run crown -- backup backups/crown.sqlite')
      const database = openDatabase(config.databaseUrl)
      if (!database.sqlite) {
        await database.close()
        return fail('backup copies a SQLite database; for PostgreSQL use pg_dump.')
      }
      fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true })
      // SQLite's online backup copies pages in steps, so the site keeps serving.
      const line = (done: number, total: number) =>
        process.stdout.write(`\rBacking up: ${done}/${total} pages (${Math.round((done / Math.max(total, 1)) * 100)}%)`)
      const result = await database.sqlite.backup(target, {
        progress({ totalPages, remainingPages }) {
          line(totalPages - remainingPages, totalPages)
          return 200
        },
      })
      line(result.totalPages, result.totalPages)
      process.stdout.write('\n')
      console.log(`Backup written to ${path.resolve(target)}`)
      await database.close()
      return 0
    }
    case 'import-wordpress':
    case 'import-disqus': {
      const kind = command === 'import-wordpress' ? 'wordpress' : 'disqus'
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { uploads: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } })
      if (positionals.length !== 1) return fail(`${command} needs one export file, e.g. npm run crown -- ${command} ${kind === 'wordpress' ? 'rootwise.WordPress.2026-12-01.xml' : 'rootwise-disqus.xml'}`)
      if (kind === 'disqus' && values.uploads !== undefined) return fail('import-disqus takes no --uploads: Disqus exports hold no images.')
      const deps = await createDeps(config)
      try {
        return await runImportCommand(deps, kind, { file: positionals[0]!, uploads: values.uploads, dryRun: values['dry-run'] ?? false }, {
          out: (l) => console.log(l), err: (l) => console.error(l), tty: Boolean(process.stderr.isTTY),
        })
      } finally {
        await closeDeps(deps)
      }
    }
    case 'copy-to-postgres': {
      if (rest.length > 1) return fail('copy-to-postgres takes one URL, e.g. npm run crown -- copy-to-postgres postgres://crown@127.0.0.1:5432/crown')
      return runCopyCommand(config.databaseUrl, rest[0], {
        out: (l) => console.log(l), err: (l) => console.error(l), tty: Boolean(process.stderr.isTTY),
      })
    }
    default:
      console.log(USAGE)
      return command ? 1 : 0
  }
}

function fail(message: string) {
  console.error(message)
  return 1
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
})
