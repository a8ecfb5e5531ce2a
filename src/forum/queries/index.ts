// All of the forum's SQL, by subject; the rest of the forum imports it from here.
export * from './categories.js'
export * from './topics.js'
export * from './reads.js'
export * from './stories.js'
export * from './photos.js'
export * from './counts.js'
export * from './flags.js'
