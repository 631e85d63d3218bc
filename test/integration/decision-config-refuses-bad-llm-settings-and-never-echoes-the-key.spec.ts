import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cluster.js';

function run(env: Record<string, string>) {
  return spawnSync(process.execPath, [join(ROOT, 'apps', 'decision', 'dist', 'main.js')], {
    env: { ...process.env, NODE_OPTIONS: '', OPENAI_API_KEY: '', OPENAI_API_KEY_FILE: '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('the decision service validates its model settings at start', () => {
  it('exits with EX_CONFIG naming each bad LLM variable', () => {
    const r = run({ LLM_TIMEOUT_MS: 'soon', OPENAI_BASE_URL: 'api.openai.com', LLM_MAX_RATE: '9' });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('decision: invalid configuration');
    expect(r.stderr).toMatch(/LLM_TIMEOUT_MS: .*"soon"/);
    expect(r.stderr).toMatch(/OPENAI_BASE_URL: must be an http\(s\) URL/);
    expect(r.stderr).toMatch(/LLM_MAX_RATE: must be at most 4/);
  });

  it('refuses a key given both directly and as a file, without printing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tranche-key-'));
    try {
      const file = join(dir, 'key');
      writeFileSync(file, 'sk-from-file-0000000000\n');
      const r = run({ OPENAI_API_KEY: 'sk-direct-1111111111', OPENAI_API_KEY_FILE: file });
      expect(r.status).toBe(78);
      expect(r.stderr).toMatch(/OPENAI_API_KEY: set either OPENAI_API_KEY or OPENAI_API_KEY_FILE, not both/);
      expect(r.stderr + r.stdout).not.toMatch(/sk-direct|sk-from-file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
