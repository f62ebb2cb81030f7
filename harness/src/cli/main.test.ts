import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT, main } from './main.ts';

function sink(onWrite: (text: string) => void): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      onWrite(String(chunk));
      done();
    },
  });
}

describe('main', () => {
  it('a bug of its own exits 3 with a stack and a plea to report it, never 1 (a verdict on the relay)', async () => {
    let stderr = '';
    const code = await main(['--help'], {
      stdout: sink(() => {
        throw new Error('the terminal went away');
      }),
      stderr: sink((text) => {
        stderr += text;
      }),
      env: {},
      cwd: '/',
    });
    expect(code).toBe(EXIT.internal);
    expect(stderr).toMatch(
      /^buzz-compat: internal error \(a bug in buzz-compat .*, not a verdict on the relay\); please report it/,
    );
    expect(stderr).toContain('Error: the terminal went away');
  });
});
