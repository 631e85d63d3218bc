import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest directory above the working directory holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = process.cwd();
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The shared Bybit ob500 archive sample (kept outside the repository, next to it). */
export const OB500_SAMPLE = resolve(
  repoRoot(),
  '../shared/data/bybit/bybit_linear_XRPUSDT_2024-12-01_ob500.data.zip',
);

export function sampleAvailable(): boolean {
  const ok = existsSync(OB500_SAMPLE);
  if (!ok) {
    console.warn(`Bybit archive sample not found at ${OB500_SAMPLE}: data-driven tests are skipped.`);
  }
  return ok;
}
