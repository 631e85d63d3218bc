import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repo root: the first parent holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repo root (pnpm-workspace.yaml)');
    dir = up;
  }
  return dir;
}

/** Shared market data lives next to the repo (../shared/data); it is never copied in. */
export function sharedData(rel: string): string | undefined {
  const p = resolve(repoRoot(), '../shared/data', rel);
  return existsSync(p) ? p : undefined;
}

/** Resolve when `cond` holds, polling; reject after `ms` with `what` in the message. */
export async function waitFor(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const KEY = 'test-key';
export const SECRET = 'test-secret-0123456789';

/** Await `p`, failing with `what` in the message after `ms`. */
export async function within<T>(p: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
