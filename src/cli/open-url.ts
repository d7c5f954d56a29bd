// Opens a URL in the person's browser: xdg-open, open (macOS) or start (Windows), detached.
import { spawn } from 'node:child_process';

export function openInBrowser(url: string): Promise<void> {
  // Only web pages: a file: or other scheme from an answer is never handed to the desktop.
  if (!/^https?:\/\//i.test(url)) return Promise.reject(new Error(`not opening '${url.slice(0, 80)}': not an http(s) URL`));
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  return new Promise((resolve, reject) => {
    // The URL is one argument, never parsed by a shell.
    const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
    child.once('error', (error) => reject(new Error(`could not start ${command}: ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
