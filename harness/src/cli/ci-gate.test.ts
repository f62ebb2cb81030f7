import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The GitHub action and reusable workflow cannot run here; these checks keep them consistent with the CLI and
// free of the classic mistake of splicing inputs into shell text.

const REPO = resolve(import.meta.dirname, '../../..');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}

interface Action {
  readonly inputs: Record<string, { readonly required?: boolean }>;
  readonly runs: { readonly using: string; readonly steps: Step[] };
}

interface Workflow {
  readonly on: { readonly workflow_call: { readonly inputs: Record<string, unknown> } };
  readonly jobs: { readonly compat: { readonly steps: Step[] } };
}

async function yamlFile<T>(path: string): Promise<T> {
  return parse(await readFile(join(REPO, path), 'utf8')) as T;
}

/** A GitHub expression as it appears in the YAML. */
const expression = (name: string) => `\${{ ${name} }}`;

describe('CI gate', () => {
  it('the composite action takes adapter, profile, only and node-version, and runs the CLI with every report', async () => {
    const action = await yamlFile<Action>('.github/actions/buzz-compat/action.yml');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['adapter', 'profile', 'only', 'node-version']));
    expect(action.inputs.adapter?.required).toBe(true);
    expect(action.runs.using).toBe('composite');
    const steps = action.runs.steps;
    const run = steps.find((step) => step.run?.includes('harness/bin/buzz-compat.ts'));
    expect(run?.run).toContain('--report junit --report json --report md');
    expect(steps.some((step) => step.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
  });

  it('the reusable workflow is workflow_call and runs the composite action of the buzz-compat checkout', async () => {
    const workflow = await yamlFile<Workflow>('.github/workflows/compat-gate.yml');
    const inputs = workflow.on.workflow_call.inputs;
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['adapter', 'profile', 'only', 'build-command']));
    const steps = workflow.jobs.compat.steps;
    const checkout = steps.find((step) => step.with?.path === '.buzz-compat');
    expect(checkout?.uses).toMatch(/^actions\/checkout@/);
    expect(steps.find((step) => step.uses === './.buzz-compat/.github/actions/buzz-compat')?.with).toEqual({
      adapter: expression('inputs.adapter'),
      profile: expression('inputs.profile'),
      only: expression('inputs.only'),
      'node-version': expression('inputs.node-version'),
    });
  });

  it('no shell step splices an expression into its script: inputs reach scripts through env', async () => {
    const action = await yamlFile<Action>('.github/actions/buzz-compat/action.yml');
    const workflow = await yamlFile<Workflow>('.github/workflows/compat-gate.yml');
    const scripts = [...action.runs.steps, ...workflow.jobs.compat.steps].flatMap((step) =>
      step.run === undefined ? [] : [step.run],
    );
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    for (const script of scripts) expect(script).not.toContain(expression('').slice(0, 3));
  });
});
