// Results cache keyed by the model input (canonical SMILES, or the text as written when the model does not
// canonicalise). One cache per model identity (id, version, sha256 of the ONNX): a retrained file never serves
// stale vectors. Memory: LRU. Disk: one append-only JSONL file per model identity, float32 as base64.
import fs from 'node:fs';
import path from 'node:path';
import type { LruCache } from '../../common/lru';

/** Embedding followed by the raw task outputs (in manifest task order). */
export type CachedVector = Float32Array;

export interface ResultCache {
  get(key: string): CachedVector | undefined;
  setMany(entries: [string, CachedVector][]): void;
}

export interface ModelIdentity {
  id: string;
  version: string;
  sha256: string;
}

/** File name for a model identity: safe characters only, the hash shortened. */
export function cacheFileName(identity: ModelIdentity): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(identity.id)}@${safe(identity.version)}-${identity.sha256.slice(0, 16)}.jsonl`;
}

export class DiskCache implements ResultCache {
  readonly file: string;
  private entries: Map<string, CachedVector> | undefined;
  hits = 0;

  constructor(directory: string, identity: ModelIdentity) {
    this.file = path.join(directory, cacheFileName(identity));
  }

  private load(): Map<string, CachedVector> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return this.entries;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const { k, v } = JSON.parse(line) as { k: string; v: string };
        const bytes = Buffer.from(v, 'base64');
        // A torn last line (crash mid-write) is skipped, never trusted.
        if (typeof k === 'string' && bytes.length % 4 === 0)
          this.entries.set(k, new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
      } catch {
        /* torn line */
      }
    }
    return this.entries;
  }

  /** Reads the file again on next use (other threads, e.g. parallel shards, have appended to it). */
  forget(): void {
    this.entries = undefined;
  }

  get(key: string): CachedVector | undefined {
    const v = this.load().get(key);
    if (v) this.hits++;
    return v;
  }

  setMany(entries: [string, CachedVector][]): void {
    const map = this.load();
    const fresh = entries.filter(([k]) => !map.has(k));
    if (!fresh.length) return;
    const lines =
      fresh
        .map(([k, v]) => JSON.stringify({ k, v: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') }))
        .join('\n') + '\n';
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.appendFileSync(this.file, lines);
    for (const [k, v] of fresh) map.set(k, v);
  }
}

/** Memory first, then disk; a disk hit is promoted to memory. */
export class LayeredCache implements ResultCache {
  constructor(
    private readonly memory: LruCache<string, CachedVector>,
    private readonly disk?: DiskCache,
  ) {}
  get(key: string): CachedVector | undefined {
    const m = this.memory.get(key);
    if (m) return m;
    const d = this.disk?.get(key);
    if (d) this.memory.set(key, d);
    return d;
  }
  setMany(entries: [string, CachedVector][]): void {
    for (const [k, v] of entries) this.memory.set(k, v);
    this.disk?.setMany(entries);
  }
}
