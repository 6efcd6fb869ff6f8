import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  DEPENDENCY_PATCHES,
  type DependencyPatch,
  missingDependencyPatches,
  patchState,
  warnOfMissingDependencyPatches,
} from './dependency-patches.ts';

const sample: DependencyPatch = {
  name: 'sample',
  file: () => '',
  original: 'get: () => lazy',
  changed: 'value: eager',
};

describe('changes to installed dependencies', () => {
  it('are made in the installed files (npm ci runs them as postinstall)', () => {
    for (const patch of DEPENDENCY_PATCHES)
      expect(patchState(readFileSync(patch.file(), 'utf8'), patch)).toBe('changed');
    expect(missingDependencyPatches()).toEqual([]);
  });

  it('replace the original text once, and leave a changed file as it is', () => {
    const once = applyPatch('before get: () => lazy after', sample);
    expect(once).toBe('before value: eager after');
    expect(applyPatch(once, sample)).toBe(once);
  });

  it('refuse a file that holds neither text, or either text twice', () => {
    expect(() => applyPatch('an upgraded file', sample)).toThrow(/neither the expected text nor the change/);
    expect(patchState('get: () => lazy; get: () => lazy', sample)).toBe('unknown');
    expect(patchState('value: eager; get: () => lazy', sample)).toBe('unknown');
  });

  it('keep replacement text as written ($ patterns are not expanded)', () => {
    const dollar = { ...sample, changed: "value: '$&'" };
    expect(applyPatch('get: () => lazy', dollar)).toBe("value: '$&'");
  });
});

describe('the start of a Passi installed without them', () => {
  it('says which change is missing, once each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passi-patches-'));
    try {
      const file = join(dir, 'installed.js');
      writeFileSync(file, 'before get: () => lazy after');
      const lines: { fields: Record<string, unknown>; message: string }[] = [];
      const log = {
        warn: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }),
      };
      warnOfMissingDependencyPatches(log, [{ ...sample, file: () => file }]);
      expect(lines).toEqual([
        {
          fields: { change: 'sample', installed: 'original' },
          message: expect.stringMatching(/--ignore-scripts/),
        },
      ]);
      lines.length = 0;
      writeFileSync(file, 'before value: eager after');
      warnOfMissingDependencyPatches(log, [{ ...sample, file: () => file }]);
      expect(lines).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
