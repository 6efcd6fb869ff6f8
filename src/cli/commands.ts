/** Help texts of `passi` and its commands. */
export const COMMANDS = {
  start: {
    usage: 'passi start [--config FILE]',
    summary:
      'Start the Passi server (migrates the store, creates keys, seeds demo data on an empty registry).',
  },
  migrate: { usage: 'passi migrate [--config FILE]', summary: 'Apply pending store migrations and exit.' },
  import: {
    usage: 'passi import FILE.yaml [--dry-run] [--config FILE]',
    summary:
      'Create or update registry entries from a YAML document (docs/registry.md). --dry-run shows the diff only.',
  },
  export: {
    usage: 'passi export [--out FILE] [--config FILE]',
    summary: 'Write the registry as a YAML document (secrets omitted).',
  },
  keys: {
    usage: 'passi keys [--config FILE]',
    summary: 'List signing and encryption keys (creates them if none exist).',
  },
  integrations: {
    usage: 'passi integrations [--config FILE]',
    summary:
      'List integrations with the values each school enters at its registry (ACS, redirect URIs) and warnings for expiring metadata, certificates and secrets.',
  },
  orgdata: {
    usage: 'passi orgdata refresh [--from-file FILE | --full] [--config FILE]',
    summary:
      'Refresh organisation data (schools, education providers) from the OPH organisation service (change feed since the last refresh; --full reloads the whole hierarchy incl. closed ones) or a recorded file.',
  },
  operator: {
    usage: 'passi operator invite EMAIL [--config FILE]',
    summary:
      'Invite an operator to the management portal: prints a single-use link valid for 72 hours (also e-mailed; docs/portal.md).',
  },
} as const;

export type CommandName = keyof typeof COMMANDS;

export function mainHelp(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(58)} ${c.summary}`);
  return [
    'Passi — education identity broker (MPASSid-compatible SAML IdP and OpenID Connect OP)',
    '',
    'Usage: passi <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Every command takes --help. Configuration: docs/configuration.md (PASSI_* environment variables or --config FILE).',
  ].join('\n');
}

export function commandHelp(name: CommandName): string {
  const c = COMMANDS[name];
  return `Usage: ${c.usage}\n\n${c.summary}\n\nConfiguration: docs/configuration.md (PASSI_* environment variables or --config FILE).`;
}
