// Parts of pages a process has made once and keeps between views (an
// article's comment list and its own section, a topic's page of posts), each
// under a key that names everything it shows. A store is bounded in bytes,
// least recently used dropped first; a part kept under a key no view asks for
// any more (its thread or content has moved on) just ages out.

export class KeptParts<V> {
  private parts = new Map<string, V>()
  private bytes = 0
  /** Parts kept so far (tests count the views that had to make one). */
  kept = 0

  constructor(private readonly maxBytes: number, private readonly sizeOf: (part: V) => number) {}

  /** The part kept under exactly this key, if any (now the most recently used). */
  get(key: string): V | undefined {
    const part = this.parts.get(key)
    if (part !== undefined) {
      // A Map iterates in insertion order: re-inserting keeps the least recently used first.
      this.parts.delete(key)
      this.parts.set(key, part)
    }
    return part
  }

  set(key: string, part: V) {
    const size = this.sizeOf(part)
    if (size > this.maxBytes) return
    const old = this.parts.get(key)
    if (old !== undefined) { this.bytes -= this.sizeOf(old); this.parts.delete(key) }
    this.parts.set(key, part)
    this.bytes += size
    this.kept++
    for (const [k, p] of this.parts) {
      if (this.bytes <= this.maxBytes) break
      this.parts.delete(k)
      this.bytes -= this.sizeOf(p)
    }
  }
}

/** One store per database handle: tests run several sites in one process, and a replica has its own. */
export function keptPartsPerHandle<V>(maxBytes: number, sizeOf: (part: V) => number) {
  const stores = new WeakMap<object, KeptParts<V>>()
  return {
    of(handle: object): KeptParts<V> {
      let store = stores.get(handle)
      if (!store) stores.set(handle, (store = new KeptParts(maxBytes, sizeOf)))
      return store
    },
    /** Drops what this process keeps for a handle. */
    forget(handle: object) {
      stores.delete(handle)
    },
  }
}
