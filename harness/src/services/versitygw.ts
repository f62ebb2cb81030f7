import { accessSync, constants } from 'node:fs';
import { onPath } from './child-process.ts';

// The suite's own S3-compatible store is versitygw (Apache-2.0) with its posix backend: one static Go binary that
// starts in well under a second and implements the conditional PUTs (If-None-Match: *, If-Match: <etag>) that buzz's
// git object-store probe requires, atomically. Local mode runs it as a child process, containers mode copies it into
// an image; either way the binary comes from the Go module proxy.

export const VERSITYGW_MODULE = 'github.com/versity/versitygw/cmd/versitygw';
export const VERSITYGW_VERSION = 'v1.8.0';
export const INSTALL_VERSITYGW = `install it with \`CGO_ENABLED=0 go install ${VERSITYGW_MODULE}@${VERSITYGW_VERSION}\` (static, so it also runs in an image) and put $(go env GOPATH)/bin on PATH, or set BUZZ_COMPAT_VERSITYGW to the binary`;

/** Stores the suite starts itself use buzz's development credentials (crates/buzz-relay config defaults). */
export const SUITE_STORE_CREDENTIALS = { accessKey: 'buzz_dev', secretKey: 'buzz_dev_secret' } as const;

/** The port versitygw listens on inside its container. */
export const VERSITYGW_CONTAINER_PORT = 7070;

export type VersitygwLookup = { readonly path: string } | { readonly missing: string };

/** BUZZ_COMPAT_VERSITYGW if set, else `versitygw` on PATH; `missing` says what to do. */
export function findVersitygw(env: NodeJS.ProcessEnv = process.env): VersitygwLookup {
  const override = env.BUZZ_COMPAT_VERSITYGW;
  if (override) {
    try {
      accessSync(override, constants.X_OK);
      return { path: override };
    } catch {
      return { missing: `BUZZ_COMPAT_VERSITYGW=${override} is not an executable file; ${INSTALL_VERSITYGW}` };
    }
  }
  const path = onPath('versitygw', env);
  return path ? { path } : { missing: `versitygw is not on PATH; ${INSTALL_VERSITYGW}` };
}

/** The root account goes in through the environment, which versitygw reads, so no secret shows in `ps`. */
export function versitygwEnv(credentials: { readonly accessKey: string; readonly secretKey: string }) {
  return { ROOT_ACCESS_KEY: credentials.accessKey, ROOT_SECRET_KEY: credentials.secretKey };
}

/** Listen address and data directory; `--quiet` keeps per-request lines out of the captured output. */
export function versitygwArgs(listen: string, dataDir: string): string[] {
  return ['--port', listen, '--quiet', 'posix', dataDir];
}
