import type { Logger } from '../ports/index.js';

/** One JSON object per line on stderr, so logs stay machine-readable and stdout stays for program output. */
export class JsonLogger implements Logger {
  constructor(
    private readonly service: string,
    private readonly minLevel: 'error' | 'warn' | 'info' = 'info',
  ) {}
  private write(level: string, message: string, fields?: Record<string, unknown>) {
    process.stderr.write(
      JSON.stringify({ ts: new Date().toISOString(), level, service: this.service, message, ...fields }) +
        '\n',
    );
  }
  info(message: string, fields?: Record<string, unknown>) {
    if (this.minLevel === 'info') this.write('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>) {
    if (this.minLevel !== 'error') this.write('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>) {
    this.write('error', message, fields);
  }
}

export class SilentLogger implements Logger {
  readonly lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  info(message: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'error', message, fields });
  }
}
