// `roleport roles --url U`: the roles the signed-in person may use, as a table.
import { withUsage } from './cli-args.ts';
import { printable } from './http.ts';
import { fetchRoles } from './role-list.ts';
import { withToken } from './signed-in.ts';

const USAGE = `usage: roleport roles [--url URL] [--json | --keys]

Lists the AWS roles you may use, with their account id and longest session.

  --url URL   Roleport's address (default: $ROLEPORT_URL, else the last login's)
  --json      print Roleport's JSON instead of a table
  --keys      print only the roles' names, one a line (for shell completion)
`;

function hours(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return h && m ? `${h}h${m}m` : h ? `${h}h` : `${m}m`;
}

/** Columns padded to their widest cell; control characters from the server are dropped. */
export function table(rows: string[][]): string {
  const clean = rows.map((row) => row.map(printable));
  const widths = clean[0].map((_, column) => Math.max(...clean.map((row) => row[column].length)));
  return clean.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd()).join('\n') + '\n';
}

export const ROLES_OPTIONS = { json: { type: 'boolean' }, keys: { type: 'boolean' } } as const;

export async function runRoles(args: string[]): Promise<number> {
  return withUsage('roles', USAGE, args, ROLES_OPTIONS, async ({ url, values }) => {
    const roles = await withToken(url, (token) => fetchRoles(url, token));
    if (values.keys) {
      process.stdout.write(roles.map((role) => `${printable(role.key)}\n`).join(''));
      return 0;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(roles, null, 2)}\n`);
      return 0;
    }
    if (roles.length === 0) {
      process.stderr.write('You have no AWS roles here. Ask for access through your usual process.\n');
      return 0;
    }
    process.stdout.write(table([['ROLE', 'ACCOUNT ID', 'LONGEST', 'DESCRIPTION'], ...roles.map((r) => [r.key, r.account.id, hours(r.maxDuration), r.description ?? ''])]));
    return 0;
  });
}
