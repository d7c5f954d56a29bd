// RFC 6238 codes (otplib): 6 digits, 30-second steps, one step of drift either way. The caller
// passes the time, so tests never wait for a step. otplib and qrcode load on first use, not at start.

const STEP_SECONDS = 30;

export async function newTotpSecret(): Promise<string> {
  const { generateSecret } = await import('otplib');
  return generateSecret({ length: 20 });
}

export async function totpUri(secret: string, issuer: string, account: string): Promise<string> {
  const { generateURI } = await import('otplib');
  return generateURI({ issuer, label: account, secret });
}

/** The otpauth URI as a QR code, an SVG document rendered here (no script, no remote image). */
export async function totpQrSvg(uri: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

/** What the person typed, as six digits, or undefined. */
export function readTotpCode(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const code = raw.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
}

/** The time step the code belongs to when it is right at `now`, one step of drift allowed either way. */
export async function matchTotp(secret: string, code: string, now: Date): Promise<number | undefined> {
  const epoch = Math.floor(now.getTime() / 1000);
  const { verify } = await import('otplib');
  const result = await verify({ secret, token: code, epoch, epochTolerance: STEP_SECONDS });
  return result.valid ? Math.floor(epoch / STEP_SECONDS) + result.delta : undefined;
}
