/**
 * Build progress over tens of thousands of files: a redrawn one-line bar on a terminal, a plain
 * line every ~5% elsewhere (CI logs should not fill with carriage returns).
 */

export interface Progress {
  tick(done: number): void;
  end(done: number): void;
}

interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const number = new Intl.NumberFormat('en-US');

/** Starts progress output for `total` items: "parsed 12,000/60,335 files (20%) 3.1 s". */
export function createProgress(total: number, label = 'parsed', stream: ProgressStream = process.stderr, now = () => performance.now()): Progress {
  const started = now();
  const tty = Boolean(stream.isTTY);
  let lastPercent = -1;
  let lastDraw = 0;
  const line = (done: number): string => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    return `${label} ${number.format(done)}/${number.format(total)} files (${percent}%) ${((now() - started) / 1000).toFixed(1)} s`;
  };
  return {
    tick(done) {
      if (total === 0) return;
      if (tty) {
        const t = now();
        if (t - lastDraw < 100 && done < total) return; // redraw at most 10 times a second
        lastDraw = t;
        const width = 30;
        const filled = Math.round((done / total) * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(done)}\x1b[K`);
        return;
      }
      if (total < 2000) return; // a short run needs no progress lines, the summary says it all
      const step = Math.floor(((done / total) * 100) / 5) * 5;
      if (step > lastPercent && step < 100) {
        lastPercent = step;
        if (step > 0) stream.write(`${line(done)}\n`);
      }
    },
    end(done) {
      stream.write(`${tty ? '\r' : ''}${line(done)}${tty ? '\x1b[K' : ''}\n`);
    },
  };
}
