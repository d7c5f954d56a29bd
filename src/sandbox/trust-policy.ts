// Evaluates an IAM role trust policy as AWS does: principal, action, conditions; an explicit Deny wins.
// (@cloud-copilot/iam-simulate was considered: AGPL-licensed and validating context keys against
// AWS's catalogue, so it cannot evaluate `SAML:aud` or `<issuer>:aud` keys of our own providers.)
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Who asks: an AWS principal (IAM user, role session, federated user) or a federated provider. */
export type TrustPrincipal =
  | {
      type: 'AWS';
      /** The caller's own ARN (user, assumed-role session or federated user). */
      arn: string;
      account: string;
      /** For a role session: the role's IAM ARN, which a trust policy may name. */
      roleArn?: string;
    }
  | { type: 'Federated'; provider: string };

export type ContextValue = string | number | boolean | readonly string[];
/** Condition keys of the request; names are compared case-insensitively, as AWS does. */
export type ConditionContext = Record<string, ContextValue | undefined>;

export type TrustRequest = { principal: TrustPrincipal; action: string; context: ConditionContext };

export type TrustDecision = {
  decision: 'allow' | 'deny' | 'implicit-deny';
  /** The statement that decided (Sid or `Statement[i]`), when one did. */
  statement?: string;
};

type Statement = Record<string, unknown>;

const OPERATORS: Record<string, { negated: boolean; match: (context: string, policy: string) => boolean }> = {
  stringequals: { negated: false, match: (c, p) => c === p },
  stringnotequals: { negated: true, match: (c, p) => c === p },
  stringequalsignorecase: { negated: false, match: (c, p) => c.toLowerCase() === p.toLowerCase() },
  stringnotequalsignorecase: { negated: true, match: (c, p) => c.toLowerCase() === p.toLowerCase() },
  stringlike: { negated: false, match: (c, p) => globMatch(c, p, false) },
  stringnotlike: { negated: true, match: (c, p) => globMatch(c, p, false) },
  numericequals: { negated: false, match: (c, p) => numeric(c, p, (a, b) => a === b) },
  numericnotequals: { negated: true, match: (c, p) => numeric(c, p, (a, b) => a === b) },
  numericlessthan: { negated: false, match: (c, p) => numeric(c, p, (a, b) => a < b) },
  numericlessthanequals: { negated: false, match: (c, p) => numeric(c, p, (a, b) => a <= b) },
  numericgreaterthan: { negated: false, match: (c, p) => numeric(c, p, (a, b) => a > b) },
  numericgreaterthanequals: { negated: false, match: (c, p) => numeric(c, p, (a, b) => a >= b) },
  dateequals: { negated: false, match: (c, p) => dates(c, p, (a, b) => a === b) },
  datenotequals: { negated: true, match: (c, p) => dates(c, p, (a, b) => a === b) },
  datelessthan: { negated: false, match: (c, p) => dates(c, p, (a, b) => a < b) },
  datelessthanequals: { negated: false, match: (c, p) => dates(c, p, (a, b) => a <= b) },
  dategreaterthan: { negated: false, match: (c, p) => dates(c, p, (a, b) => a > b) },
  dategreaterthanequals: { negated: false, match: (c, p) => dates(c, p, (a, b) => a >= b) },
  bool: { negated: false, match: (c, p) => c.toLowerCase() === p.toLowerCase() },
  binaryequals: { negated: false, match: (c, p) => c === p },
  ipaddress: { negated: false, match: (c, p) => ipMatch(c, p) },
  notipaddress: { negated: true, match: (c, p) => ipMatch(c, p) },
  arnequals: { negated: false, match: (c, p) => arnMatch(c, p) },
  arnlike: { negated: false, match: (c, p) => arnMatch(c, p) },
  arnnotequals: { negated: true, match: (c, p) => arnMatch(c, p) },
  arnnotlike: { negated: true, match: (c, p) => arnMatch(c, p) },
};

const OPERATOR_FORM = /^(ForAllValues:|ForAnyValue:)?([A-Za-z]+?)(IfExists)?$/i;

type ParsedOperator = { set?: 'all' | 'any'; base: string; ifExists: boolean };

function parseOperator(name: string): ParsedOperator | undefined {
  const m = OPERATOR_FORM.exec(name);
  if (!m) return undefined;
  const base = m[2].toLowerCase();
  if (base !== 'null' && !(base in OPERATORS)) return undefined;
  if (base === 'null' && (m[1] || m[3])) return undefined;
  return { set: m[1] ? (m[1].toLowerCase().startsWith('forall') ? 'all' : 'any') : undefined, base, ifExists: Boolean(m[3]) };
}

/** Problems that make AWS refuse a trust policy (MalformedPolicyDocument); empty when it is valid. */
export function checkTrustPolicy(policy: unknown): string[] {
  const problems: string[] = [];
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) return ['the policy must be a JSON object'];
  const doc = policy as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (!['Version', 'Id', 'Statement'].includes(key)) problems.push(`unknown field ${key}`);
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') problems.push(`Version must be 2012-10-17 or 2008-10-17`);
  const statements = statementsOf(doc);
  if (statements.length === 0) problems.push('Missing required field Statement');
  statements.forEach((raw, i) => {
    const where = `Statement[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(`${where}: a statement must be an object`);
      return;
    }
    const s = raw as Statement;
    for (const key of Object.keys(s)) {
      if (key === 'Resource' || key === 'NotResource') problems.push(`${where}: Has prohibited field ${key}`);
      else if (!['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Condition'].includes(key)) problems.push(`${where}: unknown field ${key}`);
    }
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') problems.push(`${where}: Effect must be Allow or Deny`);
    if (s.Principal === undefined && s.NotPrincipal === undefined) problems.push(`${where}: Missing required field Principal`);
    if (s.Principal !== undefined && s.NotPrincipal !== undefined) problems.push(`${where}: has both Principal and NotPrincipal`);
    const principal = s.Principal ?? s.NotPrincipal;
    if (principal !== undefined && principal !== '*') {
      if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) problems.push(`${where}: Invalid principal in policy: expected "*" or an object such as {"AWS": "<arn>"}`);
      else
        for (const [type, values] of Object.entries(principal)) {
          if (!['AWS', 'Federated', 'Service', 'CanonicalUser'].includes(type)) problems.push(`${where}: Invalid principal in policy: unknown principal type ${type}`);
          if (!isStringOrList(values)) problems.push(`${where}: Invalid principal in policy: ${type} must be a string or a list of strings`);
          else if (type === 'AWS') for (const v of list(values)) if (!validAwsPrincipal(v)) problems.push(`${where}: Invalid principal in policy: "AWS":"${v}"`);
        }
    }
    if (s.Action === undefined && s.NotAction === undefined) problems.push(`${where}: Missing required field Action`);
    const action = s.Action ?? s.NotAction;
    if (action !== undefined && !isStringOrList(action)) problems.push(`${where}: Action must be a string or a list of strings`);
    problems.push(...conditionProblems(s.Condition, where));
  });
  return problems;
}

/** Problems of a statement's Condition block (unknown operators, badly shaped values); empty when valid. */
export function conditionProblems(condition: unknown, where: string): string[] {
  const problems: string[] = [];
  if (condition === undefined) return problems;
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return [`${where}: Condition must be an object`];
  for (const [operator, block] of Object.entries(condition)) {
    if (!parseOperator(operator)) problems.push(`${where}: Condition: unknown operator ${operator}`);
    if (block === null || typeof block !== 'object' || Array.isArray(block)) problems.push(`${where}: Condition.${operator} must map condition keys to values`);
    else
      for (const [key, value] of Object.entries(block))
        if (!isScalarOrList(value)) problems.push(`${where}: Condition.${operator}.${key} must be a string, number, boolean or a list of them`);
  }
  return problems;
}

function validAwsPrincipal(value: string): boolean {
  return value === '*' || /^\d{12}$/.test(value) || /^arn:aws[a-z-]*:(iam|sts)::\d{12}:.+$/.test(value);
}

/** Decides whether the policy lets this principal perform this action with this context. */
export function evaluateTrustPolicy(policy: unknown, request: TrustRequest): TrustDecision {
  const doc = (policy ?? {}) as Record<string, unknown>;
  const context = lowerKeys(request.context);
  const variables = doc.Version === '2012-10-17';
  let allow: string | undefined;
  const statements = statementsOf(doc);
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i] as Statement;
    if (!s || typeof s !== 'object') continue;
    const name = typeof s.Sid === 'string' && s.Sid ? s.Sid : `Statement[${i}]`;
    if (!principalApplies(s, request.principal)) continue;
    if (!actionApplies(s, request.action)) continue;
    if (!conditionsHold(s.Condition, context, variables)) continue;
    if (s.Effect === 'Deny') return { decision: 'deny', statement: name };
    if (s.Effect === 'Allow' && allow === undefined) allow = name;
  }
  return allow === undefined ? { decision: 'implicit-deny' } : { decision: 'allow', statement: allow };
}

/** A policy's statements (one or a list). */
export function statementsOf(doc: Record<string, unknown>): unknown[] {
  if (doc.Statement === undefined || doc.Statement === null) return [];
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

function principalApplies(s: Statement, principal: TrustPrincipal): boolean {
  if (s.Principal !== undefined) return principalMatches(s.Principal, principal);
  if (s.NotPrincipal !== undefined) return !principalMatches(s.NotPrincipal, principal);
  return false;
}

function principalMatches(element: unknown, principal: TrustPrincipal): boolean {
  if (element === '*') return true;
  if (element === null || typeof element !== 'object') return false;
  const entries = element as Record<string, unknown>;
  if (principal.type === 'Federated') return list(entries.Federated).includes(principal.provider);
  return list(entries.AWS).some((value) => awsPrincipalMatches(value, principal));
}

function awsPrincipalMatches(value: string, principal: Extract<TrustPrincipal, { type: 'AWS' }>): boolean {
  if (value === '*') return true;
  if (/^\d{12}$/.test(value)) return value === principal.account;
  const root = /^arn:[a-z-]+:iam::(\d{12}):root$/.exec(value);
  if (root) return root[1] === principal.account;
  return value === principal.arn || (principal.roleArn !== undefined && value === principal.roleArn);
}

export function actionApplies(s: Statement, action: string): boolean {
  if (s.Action !== undefined) return list(s.Action).some((pattern) => globMatch(action, pattern, true));
  if (s.NotAction !== undefined) return !list(s.NotAction).some((pattern) => globMatch(action, pattern, true));
  return false;
}

export function conditionsHold(condition: unknown, context: Map<string, string[]>, variables: boolean): boolean {
  if (condition === undefined) return true;
  if (condition === null || typeof condition !== 'object') return false;
  for (const [operatorName, block] of Object.entries(condition)) {
    const operator = parseOperator(operatorName);
    if (!operator || block === null || typeof block !== 'object') return false;
    for (const [key, raw] of Object.entries(block)) {
      const policyValues = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v));
      if (!keyHolds(operator, context.get(key.toLowerCase()), policyValues, context, variables)) return false;
    }
  }
  return true;
}

function keyHolds(operator: ParsedOperator, values: string[] | undefined, policyValues: string[], context: Map<string, string[]>, variables: boolean): boolean {
  const present = values !== undefined && values.length > 0;
  if (operator.base === 'null') return policyValues.some((p) => (p.toLowerCase() === 'true' ? !present : present));
  const base = OPERATORS[operator.base];
  if (!present) {
    if (operator.ifExists || operator.set === 'all') return true;
    if (operator.set === 'any') return false;
    return base.negated;
  }
  const expanded = variables ? policyValues.map((p) => substitute(p, context)).filter((p): p is string => p !== undefined) : policyValues;
  const matchesAny = (value: string) => expanded.some((p) => base.match(value, p));
  const matching = (value: string) => (base.negated ? !matchesAny(value) : matchesAny(value));
  if (operator.set === 'all') return values.every(matching);
  if (operator.set === 'any') return values.some(matching);
  return base.negated ? !values.some(matchesAny) : values.some(matchesAny);
}

/** Replaces `${key}` policy variables; undefined when a variable has no value (the value then never matches). */
function substitute(value: string, context: Map<string, string[]>): string | undefined {
  let missing = false;
  const out = value.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return `\u0000${inner}`;
    const m = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
    const found = m ? context.get(m[1].toLowerCase()) : undefined;
    if (found && found.length === 1) return found[0];
    if (m && m[2] !== undefined) return m[2];
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}

export function lowerKeys(context: ConditionContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    out.set(key.toLowerCase(), Array.isArray(value) ? [...value] : [String(value)]);
  }
  return out;
}

export function globMatch(value: string, pattern: string, ignoreCase: boolean): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    // \u0000 marks a literal produced by ${*}, ${?} or ${$}.
    if (ch === '\u0000' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** ArnLike/ArnEquals: the six colon-separated parts are compared one by one, wildcards inside a part. */
function arnMatch(value: string, pattern: string): boolean {
  const a = splitArn(value);
  const p = splitArn(pattern);
  if (!a || !p) return false;
  return a.every((part, i) => globMatch(part, p[i], false));
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function numeric(c: string, p: string, cmp: (a: number, b: number) => boolean): boolean {
  const a = Number(c);
  const b = Number(p);
  return c.trim() !== '' && p.trim() !== '' && Number.isFinite(a) && Number.isFinite(b) && cmp(a, b);
}

function toTime(value: string): number {
  return /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}

function dates(c: string, p: string, cmp: (a: number, b: number) => boolean): boolean {
  const a = toTime(c);
  const b = toTime(p);
  return Number.isFinite(a) && Number.isFinite(b) && cmp(a, b);
}

function ipMatch(address: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const type = isIPv4(net) ? 'ipv4' : isIPv6(net) ? 'ipv6' : undefined;
  if (!type || !(type === 'ipv4' ? isIPv4(address) : isIPv6(address))) return false;
  const prefix = bits === undefined ? (type === 'ipv4' ? 32 : 128) : Number(bits);
  if (!Number.isInteger(prefix)) return false;
  const block = new BlockList();
  block.addSubnet(net, prefix, type);
  return block.check(address, type);
}

function isStringOrList(value: unknown): value is string | string[] {
  return typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'));
}

function isScalarOrList(value: unknown): boolean {
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}

export function list(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
