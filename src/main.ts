// Roleport's entry point. Node's compile cache comes first, so a start reads the compiled (and
// type-stripped) modules from disk instead of compiling them again; then the server itself.
// NODE_COMPILE_CACHE, when set, names the folder; else node_modules/.cache. A folder that cannot be
// written (a read-only install) only means no cache.
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

enableCompileCache(process.env.NODE_COMPILE_CACHE || fileURLToPath(new URL('../node_modules/.cache/roleport-compile', import.meta.url)));
await import('./start.ts');
