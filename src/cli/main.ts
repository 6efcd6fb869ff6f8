import { parseArgs } from 'node:util';
import { isPassiError, ValidationError } from '../core/errors.ts';
import { COMMANDS, type CommandName, commandHelp, mainHelp } from './commands.ts';

/** `passi <command>`: returns the exit code. Errors print one clear message, not a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(mainHelp());
    return command ? 0 : 2;
  }
  if (!(command in COMMANDS)) {
    console.error(`passi: unknown command '${command}'\n\n${mainHelp()}`);
    return 2;
  }
  const name = command as CommandName;
  let args: ReturnType<typeof parse>;
  try {
    args = parse(rest);
  } catch (e) {
    console.error(`passi ${name}: ${e instanceof Error ? e.message : String(e)}\n\n${commandHelp(name)}`);
    return 2;
  }
  if (args.values.help) {
    console.log(commandHelp(name));
    return 0;
  }
  try {
    const { run } = await import('./run-command.ts');
    return await run(name, args);
  } catch (e) {
    if (e instanceof ValidationError) console.error(`passi ${name}: ${e.message}`);
    else if (isPassiError(e)) console.error(`passi ${name}: ${e.message} [${e.code}]`);
    else console.error(`passi ${name}: unexpected error:`, e);
    return 1;
  }
}

function parse(rest: string[]) {
  return parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      config: { type: 'string' },
      'dry-run': { type: 'boolean' },
      out: { type: 'string' },
      'from-file': { type: 'string' },
      full: { type: 'boolean' },
    },
  });
}
