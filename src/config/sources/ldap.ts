// Schema of a `type: ldap` identity source: LDAP or Active Directory, bind-and-search or direct bind.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type LoadContext, duration, filePath, secret } from '../primitives.ts';
import { sourceBase } from './common.ts';

export const LDAP_GROUP_STRATEGIES = ['memberOf', 'search', 'ad-in-chain', 'recursive'] as const;
export const LDAP_MEMBER_ATTRIBUTES = ['member', 'uniqueMember', 'memberUid'] as const;
export const TLS_VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const;

const ATTRIBUTE_NAME = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/;
const attributeName = () => z.string().regex(ATTRIBUTE_NAME, 'expected an LDAP attribute name (letters, digits and -, starting with a letter) or an OID');

/** A distinguished name written in the file; checked loosely here (the server checks it fully). */
const dn = () => z.string().min(1, 'must not be empty').regex(/^[^=,]+=.+/, "expected a DN such as 'ou=people,dc=corp,dc=example'");

/** A filter template: balanced parentheses, `{username}` where the (escaped) username goes. */
function filterTemplate(options: { needsUsername: boolean }) {
  return z.string().min(1).superRefine((value, issue) => {
    if (!value.startsWith('(') || !value.endsWith(')') || !balanced(value)) {
      issue.addIssue({ code: 'custom', message: "expected an LDAP filter in parentheses, such as '(uid={username})'", input: value });
    }
    const placeholders: string[] = value.match(/\{[^}]*\}/g) ?? [];
    for (const placeholder of placeholders) {
      if (placeholder !== '{username}') issue.addIssue({ code: 'custom', message: `unknown placeholder ${placeholder}; allowed: {username}`, input: value });
    }
    if (options.needsUsername && !placeholders.includes('{username}')) {
      issue.addIssue({ code: 'custom', message: "must contain {username}, e.g. '(sAMAccountName={username})'", input: value });
    }
  });
}

function balanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function ldapUrl() {
  return z.string().superRefine((value, issue) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      issue.addIssue({ code: 'custom', message: 'expected ldap://host[:port] or ldaps://host[:port]', input: value });
      return;
    }
    if (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') {
      issue.addIssue({ code: 'custom', message: `scheme '${url.protocol}' is not allowed; allowed: ldap:// or ldaps://`, input: value });
    } else if (!url.hostname || (url.pathname !== '' && url.pathname !== '/') || url.search || url.username) {
      issue.addIssue({ code: 'custom', message: 'expected ldap://host[:port] or ldaps://host[:port] with nothing after the port', input: value });
    }
  });
}

function caFile(ctx: LoadContext) {
  return filePath(ctx).superRefine((path, issue) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      issue.addIssue({ code: 'custom', message: `cannot read the CA file: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
      return;
    }
    if (!text.includes('-----BEGIN CERTIFICATE-----')) issue.addIssue({ code: 'custom', message: 'the CA file holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)' });
  });
}

export function ldapSourceSchema(ctx: LoadContext) {
  return z
    .strictObject({
      ...sourceBase,
      type: z.literal('ldap'),
      /** Tried in order; a server that just failed is tried last for a little while. */
      urls: z.array(ldapUrl(), { error: 'expected a list of ldap:// or ldaps:// URLs' }).superRefine((list, issue) => {
        if (list.length === 0) issue.addIssue({ code: 'custom', message: 'list at least one ldap:// or ldaps:// URL' });
      }),
      /** Upgrade ldap:// connections with the StartTLS operation before anything else is sent. */
      startTls: z.boolean().default(false),
      tls: z
        .strictObject({
          /** PEM file of the CA(s) that sign the directory's certificate; default: Node's trusted roots. */
          ca: caFile(ctx).optional(),
          minVersion: z.enum(TLS_VERSIONS).default('TLSv1.2'),
          /** Name the certificate must carry, when the URL's host is not it. */
          servername: z.string().min(1).optional(),
          /** Turns off certificate checks. For a lab only: anyone on the path can read passwords. */
          insecureSkipVerify: z.boolean().default(false),
        })
        .default({ minVersion: 'TLSv1.2', insecureSkipVerify: false }),
      /** A service account that searches for users. Without it, Roleport binds as the user directly. */
      bind: z.strictObject({ dn: dn(), password: secret(ctx) }).optional(),
      users: z.strictObject({
        base: dn(),
        filter: filterTemplate({ needsUsername: true }).default('(uid={username})'),
        scope: z.enum(['sub', 'one']).default('sub'),
        /** Direct bind: the user's DN, e.g. 'uid={username},ou=people,dc=corp,dc=example' (value DN-escaped). */
        dnTemplate: z.string().includes('{username}', { message: "must contain {username}, e.g. 'uid={username},ou=people,dc=corp,dc=example'" }).optional(),
        /** Direct bind as username@upnSuffix (Active Directory). */
        upnSuffix: z.string().regex(/^[A-Za-z0-9.-]+$/, "expected a domain such as 'corp.example'").optional(),
      }),
      groups: z
        .strictObject({
          strategy: z.enum(LDAP_GROUP_STRATEGIES).default('memberOf'),
          /** Where group searches start; default: users.base. */
          base: dn().optional(),
          /** Which entries are groups, ANDed with the membership test. */
          filter: filterTemplate({ needsUsername: false }).default('(objectClass=*)'),
          memberAttribute: z.enum(LDAP_MEMBER_ATTRIBUTES).default('member'),
          nameAttribute: attributeName().default('cn'),
          as: z.enum(['name', 'dn']).default('name'),
          caseSensitive: z.boolean().default(false),
          /** Levels of nesting the recursive strategy follows (1 = direct groups only). */
          maxDepth: z.number().int().min(1).max(10).default(5),
        })
        .default({ strategy: 'memberOf', filter: '(objectClass=*)', memberAttribute: 'member', nameAttribute: 'cn', as: 'name', caseSensitive: false, maxDepth: 5 }),
      /**
       * Identity fields from LDAP attributes. username (default uid, or sAMAccountName with upnSuffix),
       * displayName (default displayName, then cn), email (default mail); any other key becomes an
       * Identity attribute, e.g. department: department.
       */
      attributes: z
        .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'expected a key of letters, digits and _'), attributeName())
        .default({}),
      activeDirectory: z
        .strictObject({
          /** Add the user's primary group (primaryGroupID, found by objectSid), which AD leaves out of member/memberOf. */
          primaryGroup: z.boolean().default(false),
        })
        .default({ primaryGroup: false }),
      timeouts: z
        .strictObject({
          connect: duration({ min: 1, max: 60 }).default(5),
          operation: duration({ min: 1, max: 120 }).default(10),
        })
        .default({ connect: 5, operation: 10 }),
      pool: z
        .strictObject({ size: z.number().int().min(1).max(20).default(2) })
        .default({ size: 2 }),
    })
    .superRefine((source, issue) => {
      const direct = [source.users.dnTemplate && 'users.dnTemplate', source.users.upnSuffix && 'users.upnSuffix'].filter(Boolean);
      if (source.bind && direct.length > 0) {
        issue.addIssue({ code: 'custom', path: ['users', source.users.dnTemplate ? 'dnTemplate' : 'upnSuffix'], message: 'direct bind keys are not allowed with `bind` (a service account searches for the user); keep one: bind, users.dnTemplate or users.upnSuffix' });
      }
      if (!source.bind && direct.length === 0) {
        issue.addIssue({ code: 'custom', path: ['bind'], message: 'say how Roleport finds users: `bind` (a service account that searches), or users.dnTemplate / users.upnSuffix (direct bind)' });
      }
      if (direct.length > 1) issue.addIssue({ code: 'custom', path: ['users', 'upnSuffix'], message: 'use users.dnTemplate or users.upnSuffix, not both' });
      source.urls.forEach((url, index) => {
        if (source.startTls && url.startsWith('ldaps:')) issue.addIssue({ code: 'custom', path: ['urls', index], message: 'startTls applies to ldap:// URLs; an ldaps:// URL is TLS from the start (use ldap:// with startTls, or ldaps:// without it)' });
      });
      if (source.groups.strategy === 'recursive' && source.groups.memberAttribute === 'memberUid') {
        issue.addIssue({ code: 'custom', path: ['groups', 'memberAttribute'], message: 'the recursive strategy follows group DNs; allowed with it: member | uniqueMember' });
      }
      if (source.groups.strategy === 'ad-in-chain' && source.groups.memberAttribute !== 'member') {
        issue.addIssue({ code: 'custom', path: ['groups', 'memberAttribute'], message: "the ad-in-chain strategy works on Active Directory's member attribute; allowed with it: member" });
      }
      const id = source.id;
      const secureUrls = source.urls.every((url) => url.startsWith('ldaps:')) || source.startTls;
      if (source.tls.insecureSkipVerify) {
        ctx.warnings.push(`identity '${id}': tls.insecureSkipVerify is on — the LDAP server's certificate is NOT checked, so anyone on the network path can pose as the directory and read every password. Use tls.ca instead.`);
      } else if (!secureUrls) {
        ctx.warnings.push(`identity '${id}': passwords go to the directory in clear text over ldap:// — use ldaps:// URLs or startTls: true.`);
      }
    });
}
export type LdapSourceConfig = z.infer<ReturnType<typeof ldapSourceSchema>>;
