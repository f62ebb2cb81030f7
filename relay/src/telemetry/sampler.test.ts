import { type Context, ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { type Sampler, SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { chooseSampler } from './sampler.ts';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_BASED_ALWAYS_ON =
  'ParentBased{root=AlwaysOnSampler, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, ' +
  'localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}';

function underSampledParent(): Context {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
  });
}

function decide(sampler: Sampler, parent: Context = ROOT_CONTEXT): SamplingDecision {
  return sampler.shouldSample(parent, TRACE_ID, 'ws.req', SpanKind.INTERNAL, {}, []).decision;
}

describe('chooseSampler', () => {
  it('§3.1 with no OTEL_TRACES_SAMPLER the sampler is parentbased_always_on and samples a root span', () => {
    const { sampler, warning } = chooseSampler(undefined, undefined);
    expect(sampler.toString()).toBe(PARENT_BASED_ALWAYS_ON);
    expect(decide(sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(warning).toBeUndefined();
  });

  it('§3.1 an empty OTEL_TRACES_SAMPLER counts as unset, without a warning', () => {
    expect(chooseSampler('', '0.5')).toMatchObject({ warning: undefined });
    expect(chooseSampler('', '0.5').sampler.toString()).toBe(PARENT_BASED_ALWAYS_ON);
  });

  it('§3.1 always_on and always_off decide alone, whatever the parent', () => {
    expect(decide(chooseSampler('always_on', undefined).sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(chooseSampler('always_off', undefined).sampler, underSampledParent())).toBe(
      SamplingDecision.NOT_RECORD,
    );
  });

  it('§3.1 parentbased_always_off drops a root span but follows a sampled parent', () => {
    const { sampler, warning } = chooseSampler('parentbased_always_off', undefined);
    expect(decide(sampler)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, underSampledParent())).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(warning).toBeUndefined();
  });

  it('§3.1 traceidratio and parentbased_traceidratio take their ratio from OTEL_TRACES_SAMPLER_ARG', () => {
    expect(chooseSampler('traceidratio', '0.25')).toMatchObject({ warning: undefined });
    expect(chooseSampler('traceidratio', '0.25').sampler.toString()).toBe('TraceIdRatioBased{0.25}');
    expect(chooseSampler('parentbased_traceidratio', '.5').sampler.toString()).toMatch(
      /^ParentBased\{root=TraceIdRatioBased\{0\.5\}, /,
    );
    expect(decide(chooseSampler('traceidratio', '0').sampler)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(chooseSampler('traceidratio', '1e0').sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('§3.1 a ratio sampler without OTEL_TRACES_SAMPLER_ARG samples everything and says so', () => {
    const { sampler, warning } = chooseSampler('traceidratio', undefined);
    expect(sampler.toString()).toBe('TraceIdRatioBased{1}');
    expect(warning).toMatch(/OTEL_TRACES_SAMPLER_ARG.*is not set.*ratio 1\.0/);
  });

  it.each(['', ' 0.5', 'half', '0x1', 'Infinity', 'NaN'])(
    '§3.1 a ratio argument %j that is not a decimal number falls back to 1.0 with a warning',
    (arg) => {
      const { sampler, warning } = chooseSampler('parentbased_traceidratio', arg);
      expect(sampler.toString()).toMatch(/^ParentBased\{root=TraceIdRatioBased\{1\}, /);
      expect(warning).toContain(`is ${JSON.stringify(arg)}, not a number`);
    },
  );

  it('§3.1 a ratio above 1 or below 0 is clamped by the sampler', () => {
    expect(chooseSampler('traceidratio', '2').sampler.toString()).toBe('TraceIdRatioBased{1}');
    expect(chooseSampler('traceidratio', '-1').sampler.toString()).toBe('TraceIdRatioBased{0}');
  });

  it('§3.1 an unknown sampler name falls back to parentbased_always_on with a warning naming the valid ones', () => {
    const { sampler, warning } = chooseSampler('Always_On', undefined);
    expect(sampler.toString()).toBe(PARENT_BASED_ALWAYS_ON);
    expect(warning).toMatch(/^OTEL_TRACES_SAMPLER="Always_On" is not a known sampler; using parentbased_always_on/);
    expect(warning).toContain('parentbased_traceidratio');
  });
});
