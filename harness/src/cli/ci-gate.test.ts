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
  it('the action at the repository root takes adapter, only, expect-fail and profile, and runs the CLI with every report', async () => {
    const action = await yamlFile<Action>('action.yml');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['adapter', 'only', 'expect-fail', 'profile', 'artifact-name', 'comment']),
    );
    expect(action.inputs.adapter?.required).toBe(true);
    expect(action.runs.using).toBe('composite');
    const steps = action.runs.steps;
    const run = steps.find((step) => step.run?.includes('bin/buzz-compat.js'));
    expect(run?.run).toContain('--report junit --report json --report md');
    expect(run?.run).toContain('--expect-fail "$INPUT_EXPECT_FAIL"');
    expect(steps.some((step) => step.run?.includes('apt-get install') && step.run.includes('prometheus'))).toBe(true);
  });

  it('the reports artifact is named per job and inputs, so matrix legs do not collide', async () => {
    const action = await yamlFile<Action>('action.yml');
    const upload = action.runs.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.name).toBe(expression('steps.run.outputs.artifact-name'));
    const run = action.runs.steps.find((step) => step.run?.includes('artifact-name='));
    expect(run?.run).toMatch(/INPUT_ARTIFACT_NAME:-buzz-compat-reports-\$GITHUB_JOB-\$key/);
  });

  it('the pull-request comment is found again by its marker and edited, and a token that cannot write skips it', async () => {
    const action = await yamlFile<Action>('action.yml');
    const comment = action.runs.steps.find((step) => step.name === 'Comment on the pull request');
    expect(comment?.env?.MARKER).toContain(expression('steps.run.outputs.artifact-name'));
    expect(comment?.run).toContain('-X PATCH');
    expect(comment?.run).toContain('-X POST');
    expect(comment?.run?.match(/::notice/g)).toHaveLength(3);
  });

  it('the reusable workflow is workflow_call and runs the action of the buzz-compat checkout', async () => {
    const workflow = await yamlFile<Workflow>('.github/workflows/compat-gate.yml');
    const inputs = workflow.on.workflow_call.inputs;
    expect(Object.keys(inputs)).toEqual(
      expect.arrayContaining(['adapter', 'profile', 'only', 'expect-fail', 'build-command']),
    );
    const steps = workflow.jobs.compat.steps;
    const checkout = steps.find((step) => step.with?.path === '.buzz-compat');
    expect(checkout?.uses).toMatch(/^actions\/checkout@/);
    expect(steps.find((step) => step.uses === './.buzz-compat')?.with).toEqual({
      adapter: expression('inputs.adapter'),
      only: expression('inputs.only'),
      'expect-fail': expression('inputs.expect-fail'),
      profile: expression('inputs.profile'),
      'node-version': expression('inputs.node-version'),
      comment: expression('inputs.comment'),
    });
  });

  it('no shell step splices an expression into its script: inputs reach scripts through env', async () => {
    const action = await yamlFile<Action>('action.yml');
    const workflow = await yamlFile<Workflow>('.github/workflows/compat-gate.yml');
    const scripts = [...action.runs.steps, ...workflow.jobs.compat.steps].flatMap((step) =>
      step.run === undefined ? [] : [step.run],
    );
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    for (const script of scripts) expect(script).not.toContain(expression('').slice(0, 3));
  });
});
