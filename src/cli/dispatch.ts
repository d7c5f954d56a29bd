// One command line, many commands: `<program> <command> [options]`, its usage, --help, --version,
// and a suggestion for a misspelt command. Shared by the employee's roleport and the server's commands.
import type { ParseArgsOptionsConfig } from 'node:util';
import { didYouMean } from './suggest.ts';

export type Command = {
  summary: string;
  run: (args: string[]) => Promise<number>;
  /** The command's options, for shell completion (--url and --help are everyone's). */
  options?: ParseArgsOptionsConfig;
};

export type Program = { name: string; commands: Record<string, Command>; version?: string; footer?: string };

export function programUsage(program: Program): string {
  const width = Math.max(...Object.keys(program.commands).map((name) => name.length)) + 2;
  const lines = Object.entries(program.commands).map(([name, command]) => `  ${name.padEnd(width)}${command.summary}`);
  return `usage: ${program.name} <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun '${program.name} <command> --help' for a command's options.${program.footer ? `\n${program.footer}` : ''}\n`;
}

/** Runs the command named first in `argv`; resolves to the exit code. */
export async function runProgram(program: Program, argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(programUsage(program));
    return name ? 0 : 2;
  }
  if (program.version && (name === '--version' || name === '-v' || name === 'version')) {
    process.stdout.write(`${program.name} ${program.version}\n`);
    return 0;
  }
  const command = Object.hasOwn(program.commands, name) ? program.commands[name] : undefined;
  if (!command) {
    process.stderr.write(`${program.name}: unknown command '${name}'${didYouMean(name, Object.keys(program.commands))}\n\n${programUsage(program)}`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    process.stderr.write(`${program.name} ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
