import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './parse-args.ts';

describe('parseArgs', () => {
  it('defaults: the reference relay, profile buzz, every clause, no report files', () => {
    expect(parseArgs(['run'])).toEqual({
      command: 'run',
      relay: null,
      profile: 'buzz',
      only: [],
      reports: [],
      outDir: 'reports',
      updateGoldens: false,
      expectFail: null,
    });
  });

  it('reads every option, repeated or comma-separated, with a space or =', () => {
    expect(
      parseArgs([
        'run',
        '--relay',
        'my.json',
        '--profile=otel-spec',
        '--only',
        'metrics.*,spans.req',
        '--only=§3.2',
        '--report',
        'junit',
        '--report=json,md,junit',
        '--out',
        'out',
        '--update-goldens',
        '--expect-fail',
        'known-failures.txt',
      ]),
    ).toEqual({
      command: 'run',
      relay: 'my.json',
      profile: 'otel-spec',
      only: ['metrics.*', 'spans.req', '§3.2'],
      reports: ['junit', 'json', 'md'],
      outDir: 'out',
      updateGoldens: true,
      expectFail: 'known-failures.txt',
    });
  });

  it('help with --help, -h, help or no arguments', () => {
    for (const argv of [['--help'], ['-h'], ['help'], [], ['run', '--help']]) {
      expect(parseArgs(argv)).toEqual({ command: 'help' });
    }
  });

  it('list, list --json and --version', () => {
    expect(parseArgs(['list'])).toEqual({ command: 'list', json: false });
    expect(parseArgs(['list', '--json'])).toEqual({ command: 'list', json: true });
    for (const argv of [['--version'], ['-v'], ['version']]) expect(parseArgs(argv)).toEqual({ command: 'version' });
  });

  it.each([
    [['check'], 'unknown command "check"'],
    [['run', 'adapter.json'], 'unexpected argument adapter.json'],
    [['list', '--yaml'], 'unknown option --yaml'],
    [['run', '--expect-fail'], '--expect-fail needs a value'],
    [['run', '--relay'], '--relay needs a value'],
    [['run', '--relay', '--profile', 'buzz'], '--relay needs a value'],
    [['run', '--profile', 'spec'], '--profile spec: expected buzz or otel-spec'],
    [['run', '--report', 'html'], '--report html: expected one of junit, json, md'],
    [['run', '--verbose'], 'unknown option --verbose'],
    [['run', '--update-goldens=yes'], '--update-goldens takes no value'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
