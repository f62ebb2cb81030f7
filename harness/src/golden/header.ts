// Every golden file starts with one header line naming its scenario, the contract version it pins and the buzz
// source it was checked against (the relay built from that snapshot produces these bytes):
//   # buzz-compat golden: scenario=<name> contract=v2 buzz=sprout@9ee5aee
// For metrics goldens (.prom) that line is a `#` comment, which is NOT something the exporter may write
// (CONTRACT §2.1), so it is always split off before a golden body is compared; the body below it is the
// exact canonical, masked exposition.

export const CONTRACT_VERSION = 'v2';
/** block/sprout 9ee5aeebd912940fc09ed9707ff716b63bc28409 (2026-06-14), the buzz-* crates two weeks before PR #1398. */
export const BUZZ_SNAPSHOT = 'sprout@9ee5aee';
const PREFIX = '# buzz-compat golden:';
const HEADER = /^# buzz-compat golden: scenario=([a-z0-9][a-z0-9._-]*) contract=(v[0-9]+) buzz=(\S+)$/;
export const SCENARIO_NAME = /^[a-z0-9][a-z0-9._-]*$/;

export interface GoldenHeader {
  readonly scenario: string;
  readonly contract: string;
  /** The buzz snapshot the golden was checked against. */
  readonly buzz: string;
}

export function renderHeader(scenario: string): string {
  if (!SCENARIO_NAME.test(scenario)) {
    throw new Error(`scenario name ${JSON.stringify(scenario)} must be lowercase letters, digits, '.', '_' or '-'`);
  }
  return `${PREFIX} scenario=${scenario} contract=${CONTRACT_VERSION} buzz=${BUZZ_SNAPSHOT}`;
}

/** The full golden text: header line, then the body exactly. */
export function withHeader(scenario: string, body: string): string {
  return `${renderHeader(scenario)}\n${body}`;
}

/** Splits a golden's text into header and body; throws naming `path` when the header is missing or malformed. */
export function splitGolden(text: string, path: string): { header: GoldenHeader; body: string } {
  const newline = text.indexOf('\n');
  const first = newline === -1 ? text : text.slice(0, newline);
  const match = HEADER.exec(first);
  if (match === null) {
    throw new Error(
      `${path}: the first line must be "${PREFIX} scenario=<name> contract=${CONTRACT_VERSION} buzz=${BUZZ_SNAPSHOT}", found ${JSON.stringify(first)}; regenerate the golden with npm run golden:update`,
    );
  }
  return {
    header: { scenario: match[1] as string, contract: match[2] as string, buzz: match[3] as string },
    body: newline === -1 ? '' : text.slice(newline + 1),
  };
}
