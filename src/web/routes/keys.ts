// Temporary keys: GET /keys/<account>/<role> offers a button; its POST issues keys and shows them in
// every format; POST .../download sends one format as a file. Pages with keys are never cached.
import type { Request } from 'express';
import type { Role } from '../../access/index.ts';
import {
  CREDENTIAL_FORMATS,
  type CredentialFormat,
  type IssuedCredentials,
  formatCredentials,
  isCredentialFormat,
  type FormatOptions,
  isoExpiration,
  profileNameFor,
  roleRegion,
} from '../../aws/index.ts';
import type { AwsConfig } from '../../config/index.ts';
import { formatDuration } from '../../config/index.ts';
import { CLI_PACKAGE_PATH } from './cli-package.ts';
import { RoleportError, badRequest } from '../../errors.ts';
import { browserCaller, issueCredentialsAudited, readDurationSeconds, requireEntitlement, requireSignIn, type RouteModule } from '../../broker/index.ts';

/** Where `npm install -g` usually puts the command; `roleport configure` writes the real path instead. */
const SUGGESTED_CLI_PATH = '/usr/local/bin/roleport';

const DURATION_CHOICES = [900, 3600, 4 * 3600, 8 * 3600, 12 * 3600, 36 * 3600];

/** The durations offered for a role: common ones up to its maximum, and the maximum itself. */
export function durationChoices(maxDuration: number): { seconds: number; label: string }[] {
  const choices = new Set(DURATION_CHOICES.filter((seconds) => seconds < maxDuration));
  choices.add(maxDuration);
  return [...choices].sort((a, b) => a - b).map((seconds) => ({ seconds, label: formatDuration(seconds) }));
}

function params(req: Request): { account: string; role: string } {
  const p = req.params as Record<string, string | undefined>;
  return { account: p.account ?? '', role: p.role ?? '' };
}

function keysPath(role: Role): string {
  return `/keys/${encodeURIComponent(role.account.name)}/${encodeURIComponent(role.name)}`;
}

type FormatView = { id: CredentialFormat; label: string; filename: string; text?: string; problem?: string };

/** How the role's keys are written: its profile name, its region, the sandbox's STS for demo keys. */
function formatOptionsFor(role: Role, aws: AwsConfig, sandboxStsUrl: string | undefined): FormatOptions {
  return { profile: profileNameFor(role.key), roleKey: role.key, sandboxStsUrl, region: roleRegion(aws, role) };
}

function renderFormats(credentials: Pick<IssuedCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiration'>, options: FormatOptions): FormatView[] {
  return (Object.keys(CREDENTIAL_FORMATS) as CredentialFormat[]).map((id) => {
    const { label, filename } = CREDENTIAL_FORMATS[id];
    try {
      return { id, label, filename, text: formatCredentials(credentials, id, options) };
    } catch (error) {
      return { id, label, filename, problem: (error as Error).message };
    }
  });
}

function field(body: Record<string, unknown> | undefined, name: string, pattern: RegExp): string {
  const value = body?.[name];
  if (typeof value !== 'string' || !pattern.test(value)) throw badRequest(`the download form's ${name} is missing or not valid; issue the keys again`);
  return value;
}

export const keysRoutes: RouteModule = {
  name: 'keys',
  mount(router, ctx) {
    router.get('/keys/:account/:role', requireSignIn, (req, res) => {
      const { account, role } = params(req);
      const entitlement = requireEntitlement(req, ctx, account, role);
      res.set('Cache-Control', 'no-store');
      res.render('keys', {
        title: `Keys for ${entitlement.role.key}`,
        role: entitlement.role,
        action: keysPath(entitlement.role),
        durations: durationChoices(entitlement.role.maxDuration),
        sandboxStsUrl: ctx.issuer.sandboxStsUrl,
      });
    });

    router.post('/keys/:account/:role', requireSignIn, async (req, res) => {
      const { account, role } = params(req);
      const entitlement = requireEntitlement(req, ctx, account, role);
      const durationSeconds = readDurationSeconds(req.body?.duration);
      const credentials = await issueCredentialsAudited(ctx, browserCaller(req, ctx), entitlement, durationSeconds);
      const sandboxStsUrl = credentials.sandbox ? credentials.stsEndpoint : undefined;
      const region = roleRegion(ctx.config.aws, entitlement.role);
      const minutes = Math.max(0, Math.round((credentials.expiration.getTime() - ctx.clock().getTime()) / 60000));
      res.set('Cache-Control', 'no-store');
      res.set('Referrer-Policy', 'no-referrer');
      res.render('keys-issued', {
        title: `Keys for ${entitlement.role.key}`,
        role: entitlement.role,
        credentials,
        expiration: isoExpiration(credentials.expiration),
        expiresIn: minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`,
        region,
        formats: renderFormats(credentials, formatOptionsFor(entitlement.role, ctx.config.aws, sandboxStsUrl)),
        sandboxStsUrl,
        downloadAction: `${keysPath(entitlement.role)}/download`,
        selfRenewing: { url: ctx.publicUrl, installUrl: `${ctx.publicUrl}${CLI_PACKAGE_PATH}`, command: SUGGESTED_CLI_PATH },
        renewProfile: [
          `[profile ${profileNameFor(entitlement.role.key)}]`,
          `credential_process = ${SUGGESTED_CLI_PATH} credential-process --url ${ctx.publicUrl} --role ${entitlement.role.key}`,
          `region = ${region}`,
        ].join('\n'),
      });
    });

    // Sends one format as a file. The keys come back in the POST body from the page that shows
    // them: nothing is stored, nothing is in a URL, and no second STS call is made.
    router.post('/keys/:account/:role/download', requireSignIn, (req, res) => {
      const { account, role } = params(req);
      const entitlement = requireEntitlement(req, ctx, account, role);
      const body = req.body as Record<string, unknown> | undefined;
      const format = body?.format;
      if (!isCredentialFormat(format)) throw badRequest(`choose a format: ${Object.keys(CREDENTIAL_FORMATS).join(', ')}`);
      const credentials = {
        accessKeyId: field(body, 'accessKeyId', /^[A-Z0-9]{16,128}$/),
        secretAccessKey: field(body, 'secretAccessKey', /^[\x21-\x7e]{1,1024}$/),
        sessionToken: field(body, 'sessionToken', /^[\x21-\x7e]{1,16384}$/),
        expiration: new Date(field(body, 'expiration', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)),
      };
      if (Number.isNaN(credentials.expiration.getTime())) throw badRequest("the download form's expiration is not a valid time; issue the keys again");
      const sandboxStsUrl = ctx.issuer.sandboxStsUrl;
      let text: string;
      try {
        text = formatCredentials(credentials, format, formatOptionsFor(entitlement.role, ctx.config.aws, sandboxStsUrl));
      } catch (error) {
        throw new RoleportError({ status: 400, code: 'format_refused', message: (error as Error).message, cause: error });
      }
      const { filename } = CREDENTIAL_FORMATS[format];
      res.set('Cache-Control', 'no-store');
      res.set('Content-Disposition', `attachment; filename="${profileNameFor(entitlement.role.key)}-${filename.replace(/^aws-/, '')}"`);
      res.type(format === 'credential-process' ? 'application/json' : 'text/plain');
      res.send(text);
    });
  },
};
