// Whether the terminal table is painted. NO_COLOR (no-color.org) and FORCE_COLOR (force-color.org) decide when set,
// as in vitest, npm and Node itself; otherwise a terminal that Node says has colours gets them and a pipe or file
// gets plain text.

export interface ColorTarget {
  readonly isTTY?: boolean;
  readonly hasColors?: (env?: object) => boolean;
}

export function wantsColor(env: NodeJS.ProcessEnv, target: ColorTarget): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return target.isTTY === true && (target.hasColors?.(env) ?? false);
}
