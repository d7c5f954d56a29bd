// Case folding for names Roleport compares ignoring case (group names, account and role names in
// links): A-Z only. Unicode folding lets look-alikes through: the Kelvin sign K (U+212A) lower-cases
// to `k` and matches /k/iu, the long s (U+017F) matches /s/iu, so a group somebody may create in a
// directory could pass for `kube-admins`.

/** Lower-cases A-Z only; every other character stays as written. */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
