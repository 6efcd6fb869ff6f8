/** Data model versions Passi can produce (docs/data-model.md). 1.4 is current. */
export const MODEL_VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4'] as const;
export type ModelVersion = (typeof MODEL_VERSIONS)[number];
export const CURRENT_MODEL_VERSION: ModelVersion = '1.4';

/** True when `version` includes a feature introduced in `since`. */
export function atLeast(version: ModelVersion, since: ModelVersion): boolean {
  return MODEL_VERSIONS.indexOf(version) >= MODEL_VERSIONS.indexOf(since);
}
