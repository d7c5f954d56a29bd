// The SHA-1 thumbprint IAM compares with an OIDC provider's configured thumbprints: that of the top
// certificate of the verified chain the provider's key host presents (its root or top intermediate CA).
import { isIP } from 'node:net';
import { type DetailedPeerCertificate, connect, rootCertificates } from 'node:tls';

export function topCertificateThumbprint(url: URL, caPem: string | undefined, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      {
        host: url.hostname,
        port: Number(url.port || 443),
        servername: isIP(url.hostname) ? undefined : url.hostname,
        ca: caPem ? [...rootCertificates, caPem] : undefined,
        timeout: timeoutMs,
      },
      () => {
        let certificate: DetailedPeerCertificate = socket.getPeerCertificate(true);
        while (certificate.issuerCertificate && certificate.issuerCertificate.fingerprint256 !== certificate.fingerprint256) certificate = certificate.issuerCertificate;
        socket.end();
        resolve(certificate.fingerprint.replace(/:/g, '').toLowerCase());
      },
    );
    socket.on('timeout', () => socket.destroy(new Error('timed out')));
    socket.on('error', reject);
  });
}
