// The query protocol's XML (STS and IAM alike): `{Op}Response/{Op}Result` with ResponseMetadata, and ErrorResponse.
import { XMLBuilder } from 'fast-xml-parser';
import type { StsError } from './errors.ts';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** A result member: text, a nested structure, a list (`member` elements), or absent (undefined members are left out). */
export type XmlValue = string | number | boolean | undefined | XmlStructure | readonly string[];
export type XmlStructure = { [member: string]: XmlValue };

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: false });

function clean(value: XmlStructure): XmlStructure {
  const out: XmlStructure = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) out[key] = v.length === 0 ? '' : ({ member: [...v] } as unknown as XmlStructure);
    else out[key] = typeof v === 'object' ? clean(v as XmlStructure) : String(v);
  }
  return out;
}

/** An action's answer; an action with nothing to return (IAM's PutRolePolicy) has no Result element. */
export function resultXml(namespace: string, action: string, result: XmlStructure, requestId: string): string {
  const members = clean(result);
  return builder.build({
    [`${action}Response`]: {
      '@_xmlns': namespace,
      ...(Object.keys(members).length > 0 ? { [`${action}Result`]: members } : {}),
      ResponseMetadata: { RequestId: requestId },
    },
  });
}

export function errorXml(namespace: string, error: StsError, requestId: string): string {
  return builder.build({
    ErrorResponse: {
      '@_xmlns': namespace,
      Error: { Type: error.type, Code: error.code, Message: error.message },
      RequestId: requestId,
    },
  });
}
