// Active Directory security identifiers: the binary objectSid, its string form, and the SID of a
// user's primary group (the user's domain SID with the primaryGroupID as the last sub-authority).

/** S-1-5-21-...; undefined when the bytes are not a SID. */
export function formatSid(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8 || bytes[0] !== 1) return undefined;
  const count = bytes[1];
  if (bytes.length !== 8 + 4 * count) return undefined;
  let authority = 0n;
  for (let i = 2; i < 8; i++) authority = (authority << 8n) | BigInt(bytes[i]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = [`S-1-${authority}`];
  for (let i = 0; i < count; i++) parts.push(String(view.getUint32(8 + 4 * i, true)));
  return parts.join('-');
}

/** The binary SID of the group whose relative id is `rid`, in the same domain as `userSid`. */
export function primaryGroupSid(userSid: Uint8Array, rid: number): Buffer | undefined {
  if (formatSid(userSid) === undefined || userSid[1] < 1) return undefined;
  if (!Number.isInteger(rid) || rid < 0 || rid > 0xffffffff) return undefined;
  const group = Buffer.from(userSid);
  group.writeUInt32LE(rid, group.length - 4);
  return group;
}
