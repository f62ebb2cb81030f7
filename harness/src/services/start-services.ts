import { chooseServicesMode } from './choose-mode.ts';
import { startContainerServices } from './containers.ts';
import { useExternalServices } from './external.ts';
import { startLocalServices } from './local.ts';
import type { StartedServices } from './types.ts';

export async function startServices(env: NodeJS.ProcessEnv = process.env): Promise<StartedServices> {
  const mode = await chooseServicesMode(env);
  switch (mode) {
    case 'external':
      return useExternalServices(env);
    case 'containers':
      return startContainerServices(env);
    case 'local':
      return startLocalServices(env);
  }
}
