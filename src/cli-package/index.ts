// The installable roleport command as a package: built from src/cli, served by Roleport.
export { CLI_PACKAGE_FILE, DEFAULT_CLI_PACKAGE_DIR, buildCliPackage } from './build.ts';
export { servedCliPackage } from './served-package.ts';
