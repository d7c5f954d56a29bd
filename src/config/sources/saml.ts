// Schema of a `type: saml` identity source: Roleport as a SAML 2.0 service provider, and the landing
// place of an IdP's AWS application (`awsFederation: true`).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type LoadContext, duration, httpUrl, resolvePath, secret } from '../primitives.ts';
import { sourceBase } from './common.ts';

/** Where AWS's sign-in takes SAML responses: the Recipient AWS's own IdP applications use. */
export const AWS_SIGNIN_SAML_URL = 'https://signin.aws.amazon.com/saml';

/** Attributes read when the file names none; the first one present wins (groups: all of them). */
export const SAML_ATTRIBUTE_DEFAULTS = {
  username: ['uid', 'urn:oid:0.9.2342.19200300.100.1.1', 'nameID'],
  displayName: ['displayName', 'urn:oid:2.16.840.1.113730.3.1.241', 'cn', 'urn:oid:2.5.4.3'],
  email: ['mail', 'email', 'urn:oid:0.9.2342.19200300.100.1.3', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'],
  groups: ['groups', 'memberOf', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups'],
} as const;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A PEM certificate written inline, or a path to a PEM file (certificates are public: no secret reference). */
function certificate(ctx: LoadContext) {
  return z.string({ error: 'expected a PEM certificate or the path of a PEM file' }).min(1).transform((value, issue) => {
    let text = value;
    if (!value.includes('-----BEGIN')) {
      const path = resolvePath(ctx, value);
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        issue.addIssue({ code: 'custom', message: `cannot read certificate file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, input: value });
        return z.NEVER;
      }
    }
    const pems = text.match(PEM_CERTIFICATE) ?? [];
    if (pems.length !== 1) {
      issue.addIssue({ code: 'custom', message: `expected exactly one PEM certificate (-----BEGIN CERTIFICATE-----), found ${pems.length}`, input: value });
      return z.NEVER;
    }
    try {
      new X509Certificate(pems[0]);
    } catch {
      issue.addIssue({ code: 'custom', message: 'is not a readable X.509 certificate', input: value });
      return z.NEVER;
    }
    return pems[0];
  });
}

/** `idpMetadata`: an https/http URL fetched at run time, or a file read now. */
function idpMetadata(ctx: LoadContext) {
  return z.string({ error: 'expected the URL or the path of the IdP metadata' }).min(1).transform((value, issue) => {
    if (/^https?:\/\//i.test(value)) {
      try {
        new URL(value);
      } catch {
        issue.addIssue({ code: 'custom', message: 'expected an absolute http:// or https:// URL, or a file path', input: value });
        return z.NEVER;
      }
      return { url: value } as { url: string; path?: undefined; xml?: undefined };
    }
    const path = resolvePath(ctx, value);
    let xml: string;
    try {
      xml = readFileSync(path, 'utf8');
    } catch (error) {
      issue.addIssue({ code: 'custom', message: `cannot read IdP metadata file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, input: value });
      return z.NEVER;
    }
    if (!/EntityDescriptor/.test(xml) || !/X509Certificate/.test(xml)) {
      issue.addIssue({ code: 'custom', message: `IdP metadata file ${path} has no EntityDescriptor with a signing certificate`, input: value });
      return z.NEVER;
    }
    return { path, xml } as { url?: undefined; path: string; xml: string };
  });
}

/** One attribute name or several (the first present wins; for groups, the values of all of them). */
const attributeNames = () =>
  z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: 'expected an attribute name or a list of names' }).transform((v) => (Array.isArray(v) ? v : [v]));

export function samlSourceSchema(ctx: LoadContext) {
  return z
    .strictObject({
      ...sourceBase,
      type: z.literal('saml'),
      /** The IdP: its metadata (URL or file), or entryPoint + idpCertificates. */
      idpMetadata: idpMetadata(ctx).optional(),
      entryPoint: httpUrl().optional(),
      /** The IdP's single logout URL (HTTP-Redirect binding); from the metadata when it has one. */
      logoutUrl: httpUrl().optional(),
      /** The IdP's entity ID; when given (or read from metadata), the assertion's Issuer must equal it. */
      idpIssuer: z.string().min(1).optional(),
      idpCertificates: z.array(certificate(ctx)).min(1).optional(),
      /** Roleport's entity ID at this IdP; default `<publicUrl>/saml/<id>`, or `urn:amazon:webservices` for an AWS-federation source (the IdP's AWS application). */
      entityId: z.string().min(1).optional(),
      /** Roleport's signing key pair (AuthnRequests, LogoutRequests, metadata); `nextCertificate` is published ahead of a rotation. */
      signing: z
        .strictObject({
          privateKey: secret(ctx),
          certificate: certificate(ctx),
          nextCertificate: certificate(ctx).optional(),
        })
        .optional(),
      attributes: z
        .strictObject({
          username: attributeNames().optional(),
          displayName: attributeNames().optional(),
          email: attributeNames().optional(),
          groups: attributeNames().optional(),
        })
        .default({}),
      /** `name`: a group sent as a DN (cn=admins,ou=groups,...) becomes its first RDN value (admins); `dn`: kept whole. */
      groupsAs: z.enum(['name', 'dn']).default('name'),
      /**
       * Accept responses the IdP sends unasked (from its portal). Default: only for awsFederation
       * sources (their tiles start at the IdP); elsewhere off, since an unasked response cannot be
       * tied to the browser that receives it (login CSRF).
       */
      allowIdpInitiated: z.boolean().optional(),
      /** Clock difference tolerated on NotBefore / NotOnOrAfter. */
      clockSkew: duration({ max: 600 }).default(60),
      /** How Roleport signs its requests; responses signed with SHA-1 are refused whatever this says. */
      signatureAlgorithm: z.enum(['sha256', 'sha512']).default('sha256'),
      /** Require the whole Response to be signed too (the assertion must always be). */
      wantResponseSigned: z.boolean().default(false),
      /** The IdP's AWS application: roles from the assertion's Role attribute, issued with AssumeRoleWithSAML. */
      awsFederation: z.boolean().default(false),
      /** AuthnContextClassRef values that mean the IdP checked a second factor; none by default. */
      mfa: z.strictObject({ authnContexts: z.array(z.string().min(1).max(1024)).default([]) }).default({ authnContexts: [] }),
      /** Accepted SubjectConfirmationData Recipient values; default: AWS's sign-in URL (AWS sources) and this source's ACS URL. */
      recipients: z.array(httpUrl()).min(1).optional(),
    })
    .superRefine((source, issue) => {
      if (source.idpMetadata && (source.entryPoint || source.idpCertificates)) {
        issue.addIssue({ code: 'custom', path: ['idpMetadata'], message: 'give either idpMetadata, or entryPoint with idpCertificates, not both' });
      }
      if (!source.idpMetadata && !source.entryPoint) {
        issue.addIssue({ code: 'custom', path: ['idpMetadata'], message: 'the IdP is missing: give idpMetadata (URL or file), or entryPoint with idpCertificates' });
      }
      if (source.entryPoint && !source.idpCertificates) {
        issue.addIssue({ code: 'custom', path: ['idpCertificates'], message: "is required with entryPoint: the IdP's signing certificate(s), PEM text or file paths" });
      }
    })
    .transform((source) => ({ ...source, allowIdpInitiated: source.allowIdpInitiated ?? source.awsFederation }));
}
export type SamlSourceConfig = z.infer<ReturnType<typeof samlSourceSchema>>;

/** The sandbox's `samlProviders` item: an IAM SAML provider, from IdP metadata (a file) or a certificate. */
export function sandboxSamlProviderSchema(ctx: LoadContext) {
  return z
    .strictObject({
      account: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
      name: z.string().regex(/^[\w._-]{1,128}$/, 'expected a SAML provider name: 1-128 of letters, digits and . _ -'),
      metadata: idpMetadata(ctx).optional(),
      certificate: certificate(ctx).optional(),
    })
    .superRefine((provider, issue) => {
      if (provider.metadata?.url) issue.addIssue({ code: 'custom', path: ['metadata'], message: 'expected the path of a metadata file (like the file IAM takes)' });
      if (!provider.metadata === !provider.certificate) issue.addIssue({ code: 'custom', path: ['metadata'], message: 'give either metadata (a file) or certificate' });
    })
    .transform((provider) => ({ account: provider.account, name: provider.name, metadataXml: provider.metadata?.xml, certificate: provider.certificate }));
}
