import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyPatch, type DependencyPatch, PATCHES, patchState } from './patch-dependencies.ts';

const sample: DependencyPatch = {
  name: 'sample',
  file: () => '',
  original: 'get: () => lazy',
  changed: 'value: eager',
};

describe('changes to installed dependencies', () => {
  it('are made in the installed files (npm ci runs them as postinstall)', () => {
    for (const patch of PATCHES)
      expect(patchState(readFileSync(patch.file(), 'utf8'), patch)).toBe('changed');
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
