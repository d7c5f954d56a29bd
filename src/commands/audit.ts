// `roleport audit verify [--config FILE]`: walks the configured audit store's hash chain and names
// the first row altered or removed. Exit 0 when the trail is intact, 1 when it is not, 2 on usage.
import { parseArgs } from 'node:util';
import { openAuditStore } from '../audit/index.ts';
import { ConfigError, loadConfig } from '../config/index.ts';

const USAGE = `usage: roleport audit verify [--config FILE]

Checks the audit trail kept in the configured audit.store (sqlite or postgres): every row's hash
covers its contents and the row before, so a row changed or deleted after it was written is found.
After a retention cut the chain starts at the signed checkpoint (audit.checkpointKey checks it).

  --config FILE  the configuration file (default: ROLEPORT_CONFIG, then config/roleport.yaml)

Exit code: 0 intact, 1 altered or removed rows found, 2 the command could not run.
`;

export async function runAuditCommand(args: string[]): Promise<number> {
  let values: { config?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }));
  } catch (error) {
    process.stderr.write(`roleport audit: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'verify') {
    process.stderr.write(`roleport audit: expected 'verify'${positionals[0] ? `, found '${positionals[0]}'` : ''}\n\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    ({ config } = loadConfig({ path: values.config }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`roleport audit verify: the configuration has problems.\n${error.message}\n`);
    return 2;
  }
  let store;
  try {
    store = await openAuditStore(config.audit, config.timeouts.store * 1000);
  } catch (error) {
    // Not a verdict on the trail: the store could not be read.
    process.stderr.write(`roleport audit verify: cannot open the ${config.audit.store.type} audit store: ${(error as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  if (!store?.verify) {
    process.stderr.write("roleport audit verify: audit.store is 'log': the trail is in the log, and there is no stored chain to check\n");
    return 2;
  }
  try {
    const result = await store.verify(config.audit.checkpointKey?.value);
    if (!result.intact) {
      process.stdout.write(`audit trail NOT intact (${config.audit.store.type}): ${result.problem}\n`);
      return 1;
    }
    const from = result.checkpoint ? `from the signed checkpoint at row ${result.checkpoint.seq} (rows before ${result.checkpoint.cutBefore} removed by retention)` : 'from the first row';
    const unchained = result.unchained > 0 ? `; ${result.unchained} rows from before the chain carry no hash` : '';
    process.stdout.write(`audit trail intact (${config.audit.store.type}): ${result.rows} rows ${from}${result.head ? ` to row ${result.head.seq}, head hash ${result.head.hash}` : ''}${unchained}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
