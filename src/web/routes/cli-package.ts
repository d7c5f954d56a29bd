// GET /cli/roleport-cli.tgz: the installable roleport command, for
// `npm install -g <publicUrl>/cli/roleport-cli.tgz`. Public: it holds no secret.
import { servedCliPackage } from '../../cli-package/index.ts';
import { RoleportError } from '../../errors.ts';
import type { RouteModule } from '../../broker/index.ts';

export const CLI_PACKAGE_PATH = '/cli/roleport-cli.tgz';

export const cliPackageRoutes: RouteModule = {
  name: 'cli-package',
  mount(router, ctx) {
    router.get(CLI_PACKAGE_PATH, async (_req, res) => {
      let file: string;
      try {
        file = await servedCliPackage();
      } catch (error) {
        ctx.logger.error({ err: error }, 'the CLI package could not be built');
        throw new RoleportError({ status: 503, code: 'cli_package_unavailable', message: 'the roleport command package is not available on this Roleport; ask its administrator', cause: error });
      }
      // Each start may build a new one: tools must ask again rather than keep an old copy.
      res.set('Cache-Control', 'no-cache');
      res.type('application/gzip');
      res.sendFile(file, (error) => {
        if (error && !res.headersSent) ctx.logger.error({ err: error }, 'the CLI package could not be sent');
      });
    });
  },
};
