// The query protocol's XML: `{Op}Response/{Op}Result` with ResponseMetadata, and ErrorResponse.
import { XMLBuilder } from 'fast-xml-parser';
import type { StsError } from './errors.ts';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** A result member: text, a nested structure, or absent (undefined members are left out). */
export type XmlValue = string | number | boolean | undefined | XmlStructure;
export type XmlStructure = { [member: string]: XmlValue };

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: false });

function clean(value: XmlStructure): XmlStructure {
  const out: XmlStructure = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[key] = typeof v === 'object' ? clean(v) : String(v);
  }
  return out;
}

export function resultXml(action: string, result: XmlStructure, requestId: string): string {
  return builder.build({
    [`${action}Response`]: {
      '@_xmlns': STS_NAMESPACE,
      [`${action}Result`]: clean(result),
      ResponseMetadata: { RequestId: requestId },
    },
  });
}

export function errorXml(error: StsError, requestId: string): string {
  return builder.build({
    ErrorResponse: {
      '@_xmlns': STS_NAMESPACE,
      Error: { Type: error.type, Code: error.code, Message: error.message },
      RequestId: requestId,
    },
  });
}
