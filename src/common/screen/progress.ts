// The screen's rate and time left: measured in the screen worker, shown in the editor's progress notification.

export interface RowsProgress {
  done: number;
  total: number;
}

/** Rows per second since the run's first report and the seconds left at that rate (undefined: not known). */
export class RateMeter {
  private first?: { done: number; t: number };
  rate?: number;

  update(p: RowsProgress, now = Date.now()): { rate?: number; secondsLeft?: number } {
    if (!this.first) {
      // The first report may be where a resumed run starts: rates count from it.
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
