// Maps SAML attributes to Identity fields: username, display name, email and groups (names or DNs).
import { SAML_ATTRIBUTE_DEFAULTS, type SamlSourceConfig } from '../../config/index.ts';

export type SamlAttributes = Record<string, string[]>;

/** node-saml gives one value as a string and many as an array; objects (complex values) are skipped. */
export function normalizeAttributes(raw: unknown): SamlAttributes {
  const out: SamlAttributes = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (values.length > 0) out[name] = values;
  }
  return out;
}

/** `cn=aws-admins,ou=groups,dc=example` -> `aws-admins`; anything not shaped like a DN is kept. */
export function groupName(value: string): string {
  const match = /^\s*[A-Za-z][\w.-]*\s*=\s*((?:\\.|[^,+\\])+)\s*(?:[,+]|$)/.exec(value);
  if (!match || !value.includes('=')) return value;
  return match[1].replace(/\\(.)/g, '$1').trim();
}

export type MappedFields = { username?: string; displayName?: string; email?: string; groups: string[] };

export function mapAttributes(attributes: SamlAttributes, nameId: string | undefined, config: Pick<SamlSourceConfig, 'attributes' | 'groupsAs'>): MappedFields {
  const first = (names: readonly string[]) => {
    for (const name of names) {
      const value = name === 'nameID' ? nameId : attributes[name]?.find((v) => v.trim() !== '');
      if (value) return value.trim();
    }
    return undefined;
  };
  const groupNames = config.attributes.groups ?? SAML_ATTRIBUTE_DEFAULTS.groups;
  const groups = new Set<string>();
  for (const name of groupNames) {
    for (const value of attributes[name] ?? []) {
      const group = config.groupsAs === 'name' ? groupName(value) : value.trim();
      if (group) groups.add(group);
    }
  }
  return {
    username: first(config.attributes.username ?? SAML_ATTRIBUTE_DEFAULTS.username),
    displayName: first(config.attributes.displayName ?? SAML_ATTRIBUTE_DEFAULTS.displayName),
    email: first(config.attributes.email ?? SAML_ATTRIBUTE_DEFAULTS.email),
    groups: [...groups],
  };
}
