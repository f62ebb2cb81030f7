// A suite file that cannot load: the CLI must report it as a run error, not drop it silently.
import './does-not-exist.ts';
