// The roles the signed-in person may use, as GET /api/v1/roles answers them, and the lookups on them:
// one role by its key, with the nearest key suggested for a misspelt one.
import { ApiError, callApi } from './http.ts';
import { didYouMean } from './suggest.ts';

export type ApiRole = {
  key: string;
  account: { name: string; id: string };
  name: string;
  description?: string;
  arn: string;
  maxDuration: number;
  reasons: string[];
  /** The region AWS tools should use for it, when Roleport says. */
  region?: string;
};

/** The person's roles; with `words`, those matching every word, as the picker's search finds them. */
export async function fetchRoles(url: string, token: string, words: string[] = []): Promise<ApiRole[]> {
  const query = words.length > 0 ? `?q=${encodeURIComponent(words.join(' '))}` : '';
  return (await callApi<{ roles: ApiRole[] }>(url, `/roles${query}`, { token })).roles;
}

/** The one role `words` find; several or none end with the choices or the nearest role. */
export async function roleFromWords(url: string, token: string, words: string[]): Promise<string> {
  const matches = await fetchRoles(url, token, words);
  if (matches.length === 1) return matches[0].key;
  const asked = words.join(' ');
  if (matches.length > 1) throw new Error(`'${asked}' matches ${matches.length} roles: ${matches.map((role) => role.key).join(', ')}; add a word or give --role`);
  const keys = (await fetchRoles(url, token)).map((role) => role.key);
  throw new Error(`no role of yours matches '${asked}'${didYouMean(asked, keys)}`);
}

/** Runs `fn`; Roleport's "no such role" gains the nearest role the person has. */
export async function withRoleSuggestion<T>(url: string, token: string, roleKey: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'role_not_found') throw error;
    const keys = (await fetchRoles(url, token).catch(() => [])).map((role) => role.key);
    throw new ApiError(error.status, error.code, `${error.message}${didYouMean(roleKey, keys)}`, error.detail);
  }
}

/** The role named `roleKey` among the person's, or an error naming the nearest one. */
export async function findRole(url: string, token: string, roleKey: string): Promise<ApiRole> {
  const roles = await fetchRoles(url, token);
  const role = roles.find((candidate) => candidate.key === roleKey);
  if (!role) throw new Error(`there is no role '${roleKey}' for you${didYouMean(roleKey, roles.map((candidate) => candidate.key))}`);
  return role;
}
