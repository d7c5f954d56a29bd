// The label a CLI gives itself on POST /api/v1/device. Anyone can start a sign-in with any label, so
// it is shown as untrusted text: control characters (C0, DEL, C1), format characters (Unicode Cf:
// bidi overrides and isolates, zero-width joiners) and line separators are removed, since they can
// reorder or hide what a person reads.

const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
export const CLIENT_NAME_MAX = 100;

/** The label as shown, or undefined when nothing printable is left. */
export function readClientName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Line breaks and tabs become spaces first, so words they separated stay apart.
  const name = [...value.replace(/\s+/g, ' ').replace(HIDDEN, '').replace(/ {2,}/g, ' ').trim()].slice(0, CLIENT_NAME_MAX).join('');
  return name === '' ? undefined : name;
}
