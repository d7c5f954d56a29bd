// Session tags from identity fields per the role's templates, checked against STS's limits first.
import { RoleportError } from '../errors.ts';
import type { Identity } from '../identity/index.ts';

export type SessionTag = { Key: string; Value: string };

export const MAX_TAGS = 50;
/** Two of STS's 50 tags are kept for Roleport's own `mfa` and `mfa-method`. */
const MAX_ROLE_TAGS = MAX_TAGS - 2;
const KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const BAD_VALUE_CHAR = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/u;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const FIELD = /^(username|email|displayName|attributes\.[^{}]+)$/;

/** Problems with the templates themselves (unknown placeholders, limits); empty when all is well. */
export function checkTagTemplates(templates: Record<string, string>, transitiveTagKeys: string[] = []): string[] {
  const problems: string[] = [];
  const keys = Object.keys(templates);
  if (keys.length > MAX_ROLE_TAGS) problems.push(`has ${keys.length} session tags; STS accepts at most ${MAX_TAGS}, and Roleport keeps 2 for its mfa tags: at most ${MAX_ROLE_TAGS}`);
  const seen = new Map<string, string>();
  for (const key of keys) {
    if (!KEY.test(key)) problems.push(`session tag key '${key}' must be 1-128 letters, digits, spaces and _ . : / = + - @`);
    const lower = key.toLowerCase();
    if (seen.has(lower)) problems.push(`session tag keys '${seen.get(lower)}' and '${key}' differ only in case; AWS treats them as one`);
    seen.set(lower, key);
    for (const match of templates[key].matchAll(PLACEHOLDER)) {
      if (!FIELD.test(match[1]))
        problems.push(`session tag '${key}' names {${match[1]}}; allowed: {username}, {email}, {displayName}, {attributes.<name>}`);
    }
  }
  for (const key of transitiveTagKeys) {
    if (!keys.includes(key)) problems.push(`transitive tag key '${key}' is not one of its session tags`);
  }
  return problems;
}

function fieldValue(identity: Identity, field: string): string | undefined {
  if (field === 'username') return identity.username;
  if (field === 'email') return identity.email;
  if (field === 'displayName') return identity.displayName;
  const values = identity.attributes[field.slice('attributes.'.length)] ?? [];
  // Tags hold one value: several attribute values are joined with ':' (a tag character).
  const present = values.filter((value) => value !== '');
  return present.length > 0 ? present.join(':') : undefined;
}

function refuse(roleKey: string, message: string): RoleportError {
  return new RoleportError({
    status: 403,
    code: 'session_tags_invalid',
    message: `Roleport cannot open ${roleKey} for you: ${message}`,
    detail: 'The role tags its AWS sessions with values from your account. Ask your identity administrator to fix the value, or the Roleport administrator to change the role\'s sessionTags.',
  });
}

/**
 * The session tags for `identity`. A template naming a field the person lacks (or has empty) is
 * refused, not dropped: a policy conditioned on the tag should not silently see it missing.
 */
export function buildSessionTags(templates: Record<string, string>, identity: Identity, roleKey: string): SessionTag[] {
  const problems = checkTagTemplates(templates);
  if (problems.length > 0) throw refuse(roleKey, `the role ${problems[0]}.`);
  const tags: SessionTag[] = [];
  for (const [key, template] of Object.entries(templates)) {
    let missing: string | undefined;
    const value = template.replace(PLACEHOLDER, (_whole, field: string) => {
      const found = fieldValue(identity, field);
      if (found === undefined || found === '') missing ??= field;
      return found ?? '';
    });
    if (missing !== undefined)
      throw refuse(roleKey, `its session tag '${key}' needs your ${missing.replace(/^attributes\./, '')}, and your account has none.`);
    if (!VALUE.test(value)) {
      const bad = BAD_VALUE_CHAR.exec(value);
      throw refuse(roleKey, bad
        ? `its session tag '${key}' would contain '${bad[0]}', which AWS does not accept in tag values (allowed: letters, digits, spaces and _ . : / = + - @).`
        : `its session tag '${key}' would be ${value.length} characters long; AWS accepts at most 256.`);
    }
    tags.push({ Key: key, Value: value });
  }
  return tags;
}
