import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';

export interface SamplerChoice {
  sampler: Sampler;
  /** Set when the variables could not be honoured as given; the caller logs it once the logger is up. */
  warning: string | undefined;
}

const DEFAULT_NAME = 'parentbased_always_on';
const DEFAULT_RATIO = 1;
const KNOWN_NAMES = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

// Plain decimal notation only, as Rust's f64 parser reads it; Number() would also take '', ' ', '0x1' and 'Infinity'.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG as opentelemetry-rust's SDK reads them (the buzz relay leaves the
 * choice to it): names are matched exactly, an unknown name falls back to parentbased_always_on with a warning, a
 * ratio sampler whose argument is missing or not a number uses 1.0 with a warning. A ratio outside [0, 1] is clamped
 * by the sampler itself. An empty name counts as unset, as the OpenTelemetry specification asks.
 */
export function chooseSampler(name: string | undefined, arg: string | undefined): SamplerChoice {
  const chosen = name === undefined || name === '' ? DEFAULT_NAME : name;
  switch (chosen) {
    case 'always_on':
      return { sampler: new AlwaysOnSampler(), warning: undefined };
    case 'always_off':
      return { sampler: new AlwaysOffSampler(), warning: undefined };
    case 'traceidratio': {
      const { ratio, warning } = parseRatio(chosen, arg);
      return { sampler: new TraceIdRatioBasedSampler(ratio), warning };
    }
    case 'parentbased_always_on':
      return { sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }), warning: undefined };
    case 'parentbased_always_off':
      return { sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }), warning: undefined };
    case 'parentbased_traceidratio': {
      const { ratio, warning } = parseRatio(chosen, arg);
      return { sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }), warning };
    }
    default:
      return {
        sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
        warning:
          `OTEL_TRACES_SAMPLER=${JSON.stringify(chosen)} is not a known sampler; using ${DEFAULT_NAME}. ` +
          `Set it to one of: ${KNOWN_NAMES.join(', ')}.`,
      };
  }
}

function parseRatio(samplerName: string, arg: string | undefined): { ratio: number; warning: string | undefined } {
  if (arg !== undefined && DECIMAL.test(arg)) return { ratio: Number(arg), warning: undefined };
  const given = arg === undefined ? 'is not set' : `is ${JSON.stringify(arg)}, not a number`;
  return {
    ratio: DEFAULT_RATIO,
    warning:
      `OTEL_TRACES_SAMPLER=${samplerName} needs OTEL_TRACES_SAMPLER_ARG, a ratio from 0 to 1, but it ${given}; ` +
      'sampling every trace (ratio 1.0).',
  };
}
