// `roleport completion bash|zsh|fish`: a completion script for the shell, written from the command
// table itself, so every command and option completes; role names come from `roleport roles --keys`.
import { CREDENTIAL_FORMATS } from '../aws/credential-formats.ts';
import type { Command } from './dispatch.ts';
import { didYouMean } from './suggest.ts';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

const USAGE = `usage: roleport completion bash|zsh|fish

Prints a completion script for the shell. Load it from your shell's startup file:

  bash:  eval "$(roleport completion bash)"        (in ~/.bashrc)
  zsh:   eval "$(roleport completion zsh)"         (in ~/.zshrc, after compinit)
  fish:  roleport completion fish > ~/.config/fish/completions/roleport.fish
`;

/** Values an option takes, completed as words; --role asks Roleport. */
const FORMATS = Object.keys(CREDENTIAL_FORMATS);

type Table = Record<string, Command>;

const optionsOf = (command: Command) => ['url', 'help', ...Object.keys(command.options ?? {})].map((name) => `--${name}`);
const single = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
const fishQuote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

function bash(table: Table): string {
  const names = [...Object.keys(table), 'help'].join(' ');
  const cases = Object.entries(table).map(([name, command]) => `    ${name}) opts=${single(optionsOf(command).join(' '))} ;;`).join('\n');
  return `# roleport completion for bash: eval "$(roleport completion bash)"
_roleport() {
  local cur prev opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W ${single(names)} -- "$cur") )
    return 0
  fi
  case "$prev" in
    --role) COMPREPLY=( $(compgen -W "$(roleport roles --keys 2>/dev/null)" -- "$cur") ); return 0 ;;
    --format) COMPREPLY=( $(compgen -W ${single(FORMATS.join(' '))} -- "$cur") ); return 0 ;;
  esac
  if [ "\${COMP_WORDS[1]}" = completion ]; then
    COMPREPLY=( $(compgen -W ${single(SHELLS.join(' '))} -- "$cur") )
    return 0
  fi
  opts=''
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  return 0
}
complete -o default -F _roleport roleport
`;
}

function zsh(table: Table): string {
  const described = Object.entries(table).map(([name, command]) => `    ${single(`${name}:${command.summary}`)}`).join('\n');
  const cases = Object.entries(table).map(([name, command]) => `    ${name}) compadd -- ${optionsOf(command).join(' ')} ;;`).join('\n');
  return `#compdef roleport
# roleport completion for zsh: eval "$(roleport completion zsh)" after compinit
_roleport() {
  local -a commands roles
  commands=(
${described}
  )
  if (( CURRENT == 2 )); then
    _describe 'roleport command' commands
    return
  fi
  case "\${words[CURRENT-1]}" in
    --role) roles=(\${(f)"$(roleport roles --keys 2>/dev/null)"}); compadd -a roles; return ;;
    --format) compadd -- ${FORMATS.join(' ')}; return ;;
  esac
  case "\${words[2]}" in
    completion) compadd -- ${SHELLS.join(' ')} ;;
${cases}
  esac
}
if (( $+functions[compdef] )); then
  compdef _roleport roleport
fi
`;
}

function fish(table: Table): string {
  const lines = ['# roleport completion for fish: roleport completion fish > ~/.config/fish/completions/roleport.fish', 'complete -c roleport -f'];
  for (const [name, command] of Object.entries(table)) {
    lines.push(`complete -c roleport -n __fish_use_subcommand -a ${name} -d ${fishQuote(command.summary)}`);
    for (const option of optionsOf(command)) {
      const long = option.slice(2);
      const values = long === 'role' ? " -r -a '(roleport roles --keys 2>/dev/null)'" : long === 'format' ? ` -r -a ${fishQuote(FORMATS.join(' '))}` : '';
      lines.push(`complete -c roleport -n ${fishQuote(`__fish_seen_subcommand_from ${name}`)} -l ${long}${values}`);
    }
  }
  lines.push(`complete -c roleport -n '__fish_seen_subcommand_from completion' -a ${fishQuote(SHELLS.join(' '))}`);
  return `${lines.join('\n')}\n`;
}

const SCRIPTS: Record<Shell, (table: Table) => string> = { bash, zsh, fish };

export function completionScript(shell: Shell, table: Table): string {
  return SCRIPTS[shell](table);
}

/** The completion command for `table`, the command table it completes. */
export function completionCommand(table: () => Table): Command {
  return {
    summary: 'print a completion script for bash, zsh or fish',
    async run(args) {
      const [shell, ...rest] = args;
      if (shell === '--help' || shell === '-h') {
        process.stdout.write(USAGE);
        return 0;
      }
      if (!shell || rest.length > 0 || !(SHELLS as readonly string[]).includes(shell)) {
        process.stderr.write(`roleport completion: ${shell ? `'${shell}' is not one of bash, zsh, fish${didYouMean(shell, SHELLS)}` : 'say which shell'}\n\n${USAGE}`);
        return 2;
      }
      process.stdout.write(completionScript(shell as Shell, table()));
      return 0;
    },
  };
}
