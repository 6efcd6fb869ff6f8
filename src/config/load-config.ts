import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ErrorCodes } from '../core/error-codes.ts';
import { ValidationError } from '../core/errors.ts';
import { configOptions, configSchema, type PassiConfig } from './config-schema.ts';

export interface ConfigSources {
  /** Path of an optional YAML file (`--config` / `PASSI_CONFIG`). */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Highest-precedence values (tests, CLI flags). */
  overrides?: Partial<Record<keyof PassiConfig, unknown>>;
}

/**
 * Loads configuration: defaults ← YAML file ← environment ← overrides. Fails fast with a
 * ValidationError naming every bad option by its env var and YAML key.
 */
export function loadConfig(sources: ConfigSources = {}): PassiConfig {
  const env = sources.env ?? process.env;
  const raw: Record<string, unknown> = {};
  const file = sources.file ?? env.PASSI_CONFIG;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ValidationError(
        ErrorCodes.CONFIG_INVALID,
        [{ path: file, message: `cannot read: ${String(e)}` }],
        'configuration',
      );
    }
    const doc: unknown = parseYaml(text);
    if (doc !== null && doc !== undefined) {
      if (typeof doc !== 'object' || Array.isArray(doc)) {
        throw new ValidationError(
          ErrorCodes.CONFIG_INVALID,
          [{ path: file, message: 'must be a YAML mapping' }],
          'configuration',
        );
      }
      Object.assign(raw, doc);
    }
  }
  for (const [key, option] of Object.entries(configOptions)) {
    const value = env[option.env];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  Object.assign(raw, sources.overrides ?? {});

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const option = (configOptions as Record<string, { env: string } | undefined>)[key];
      const name = option ? `${option.env} (${key})` : key || '(root)';
      return { path: name, message: issue.message };
    });
    throw new ValidationError(ErrorCodes.CONFIG_INVALID, issues, 'configuration');
  }
  const config = result.data;
  const problems = productionProblems(config);
  if (problems.length > 0) throw new ValidationError(ErrorCodes.CONFIG_INVALID, problems, 'configuration');
  return { ...config, publicUrl: config.publicUrl.replace(/\/+$/, '') };
}

/** Secure defaults (docs/operations.md "Security model"): production refuses development conveniences. */
function productionProblems(config: PassiConfig): { path: string; message: string }[] {
  if (config.mode !== 'production') return [];
  const problems: { path: string; message: string }[] = [];
  if (!config.secretKey)
    problems.push({ path: 'PASSI_SECRET_KEY (secretKey)', message: 'required in production mode' });
  if (!config.publicUrl.startsWith('https://')) {
    problems.push({ path: 'PASSI_PUBLIC_URL (publicUrl)', message: 'must be https:// in production mode' });
  }
  // Trusting every hop lets a client choose its own address (and so its rate-limit key) with a prefilled
  // X-Forwarded-For: production names its proxies (operations.md "Behind a reverse proxy").
  if (config.trustProxy === true) {
    problems.push({
      path: 'PASSI_TRUST_PROXY (trustProxy)',
      message:
        "`true` trusts every hop and is refused in production mode: set the hop count (e.g. 1) or the proxies' addresses (e.g. 10.0.0.0/8)",
    });
  }
  return problems;
}
