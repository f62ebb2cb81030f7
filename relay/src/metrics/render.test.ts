import { describe, expect, it } from 'vitest';
import { escapeLabelValue, renderLabelText } from './render.ts';

// Cases worked out from metrics-exporter-prometheus 0.18 `sanitize_label_value` (shown as raw characters).
describe('escapeLabelValue', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['"', '\\"'],
    ['\n', '\\n'],
    ['a\\b', 'a\\\\b'],
    ['\\', '\\\\'],
    ['a\\\\b', 'a\\\\b'],
    ['\\\\\\', '\\\\\\\\'],
    ['\\"', '\\"'],
    ['\\\n', '\\n\\\\'],
    ['\\n', '\\\\n'],
    ['tab\there', 'tab\there'],
    ['ünï', 'ünï'],
  ])('§2.1 %j is written as %j', (raw, written) => {
    expect(escapeLabelValue(raw)).toBe(written);
  });
});

describe('renderLabelText', () => {
  it('§2.1 joins name="value" pairs with commas in the given order', () => {
    expect(renderLabelText(['code', 'caller', 'action'], ['200', 'a"b', '/'])).toBe(
      'code="200",caller="a\\"b",action="/"',
    );
  });

  it('§2.1 is empty without labels', () => {
    expect(renderLabelText([], [])).toBe('');
  });
});
