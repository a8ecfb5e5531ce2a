import type Sharp from 'sharp'

// sharp (libvips and its thread pool) is about 26 MB resident once loaded, and
// a process that serves pages never needs it: only an upload, the demo seed
// and the render cache's key do. They load it here, on first use; the import
// is Node's, so every later call gets the same module at once. A broken
// install now fails the first image, not the boot.

let loading: Promise<typeof Sharp> | null = null

export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then((m) => m.default)
  return loading
}
