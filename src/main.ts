import { loadConfig, ConfigError } from './config.js'
import { createDeps, closeDeps } from './boot.js'
import { buildApp } from './app.js'
import { registerJobHandlers } from './jobs/handlers.js'
import { seedDemoIfEmpty } from './seed.js'

// config → db → app → listen
async function main() {
  const config = loadConfig()
  const deps = await createDeps(config)
  if (config.seedDemo === 'auto') await seedDemoIfEmpty(deps)
  const app = await buildApp(deps)
  registerJobHandlers(deps)
  if (config.jobs) deps.jobs.start()
  await app.listen({ port: config.port, host: config.host })
  app.log.info(`Crown is serving ${config.siteUrl} (database: ${deps.database.dialect})`)

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info(`${signal}: finishing requests in flight, then stopping`)
    // Stop accepting, let requests in flight finish, then close the database.
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    await app.close()
    await closeDeps(deps)
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
})
