// Runs `molml screen` (the bundled CLI, dist/cli.js) in a child process, so that the screen never runs on the
// extension host's thread and a cancelled run leaves a folder the next run resumes. Progress comes from the CLI's
// one line per finished chunk on stderr.
import { spawn } from 'node:child_process';

/** `<file>.screen` beside the library (`.gz` dropped first: lib.smi.gz gives lib.smi.screen). */
export function defaultScreenFolder(file: string): string {
  return file.replace(/\.gz$/i, '') + '.screen';
}

export interface ScreenRunProgress {
  done: number;
  total: number;
  refused: number;
}

/** The CLI's progress line: `shard 0/1: 150,000 of 1,000,000 rows done, 12 refused`. */
export function parseProgressLine(line: string): ScreenRunProgress | undefined {
  const m = /([\d,]+) of ([\d,]+) rows done, ([\d,]+) refused/.exec(line);
  if (!m) return undefined;
  const n = (s: string) => Number(s.replace(/,/g, ''));
  return { done: n(m[1]), total: n(m[2]), refused: n(m[3]) };
}

/** Rows per second since the run's first progress line and the seconds left at that rate (undefined: not known). */
export class RateMeter {
  private first?: { done: number; t: number };
  rate?: number;

  update(p: ScreenRunProgress, now = Date.now()): { rate?: number; secondsLeft?: number } {
    if (!this.first) {
      // The first line may be where a resumed run starts: rates count from it.
      this.first = { done: p.done, t: now };
      return {};
    }
    const seconds = (now - this.first.t) / 1000;
    if (seconds <= 0 || p.done <= this.first.done) return {};
    this.rate = (p.done - this.first.done) / seconds;
    return { rate: this.rate, secondsLeft: Math.max(0, (p.total - p.done) / this.rate) };
  }
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export interface ScreenRunOptions {
  cli: string;
  args: string[];
  signal: AbortSignal;
  onProgress: (p: ScreenRunProgress) => void;
  onLine?: (line: string) => void;
}

export interface ScreenRunResult {
  code: number | null;
  cancelled: boolean;
  /** The last lines the CLI wrote to stderr (its error, when it failed). */
  tail: string[];
}

export function runScreenCli(o: ScreenRunOptions): Promise<ScreenRunResult> {
  return new Promise(resolve => {
    // In a desktop VS Code process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it a plain Node.
    const child = spawn(process.execPath, [o.cli, 'screen', ...o.args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    const tail: string[] = [];
    let pending = '';
    let cancelled = false;
    const onAbort = () => {
      cancelled = true;
      child.kill('SIGTERM');
    };
    o.signal.addEventListener('abort', onAbort, { once: true });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        o.onLine?.(line);
        tail.push(line);
        if (tail.length > 20) tail.shift();
        const p = parseProgressLine(line);
        if (p) o.onProgress(p);
      }
    });
    const finish = (code: number | null) => {
      o.signal.removeEventListener('abort', onAbort);
      if (pending.trim()) tail.push(pending.trim());
      resolve({ code, cancelled, tail });
    };
    child.on('error', e => {
      tail.push(e.message);
      finish(null);
    });
    child.on('close', code => finish(code));
  });
}
