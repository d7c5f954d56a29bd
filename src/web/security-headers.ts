// helmet with a strict Content-Security-Policy: no inline script or style anywhere.
import helmet from 'helmet';
import type { RoleportConfig } from '../config/index.ts';

const SIGNIN_ORIGINS = ['https://signin.aws.amazon.com', 'https://*.signin.aws.amazon.com', 'https://signin.amazonaws.cn', 'https://signin.amazonaws-us-gov.com'];

export function securityHeaders(config: RoleportConfig) {
  // A form posted to Roleport may be answered with a redirect to AWS sign-in (console links);
  // browsers check form-action against redirect targets too.
  const formTargets = new Set<string>(["'self'", ...SIGNIN_ORIGINS]);
  if (config.aws.endpoints.signin) formTargets.add(new URL(config.aws.endpoints.signin).origin);
  if (config.aws.endpoints.logout) formTargets.add(new URL(config.aws.endpoints.logout).origin);
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: [...formTargets],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.server.publicUrl?.startsWith('https:') ? { maxAge: 31536000 } : false,
  });
}
