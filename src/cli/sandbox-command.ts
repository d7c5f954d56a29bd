// `roleport sandbox --port N`: the sandbox alone on its own port. (Being built.)
export async function runSandboxCommand(_args: string[]): Promise<number> {
  process.stderr.write('roleport sandbox is not available yet\n');
  return 1;
}
