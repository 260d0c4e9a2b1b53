/**
 * A progress line for long runs: "Embedding [#####-----] 120/400 chunks · 35.2/s · ETA 8s".
 * On a terminal it redraws one line; elsewhere (CI, pipes) it prints a line every tenth.
 */
export function progressBar(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastTenth = -1;
  return (done: number, total: number): void => {
    if (total === 0) return;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
    const width = 24;
    const filled = Math.round((done / total) * width);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${unit} · ${rate.toFixed(1)}/s · ETA ${eta}s`;
    if (stream.isTTY) {
      stream.write(`\r${line}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      stream.write(`${line}\n`);
    }
  };
}
