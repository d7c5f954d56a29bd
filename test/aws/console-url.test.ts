import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedDestinations, buildConsoleUrl, chooseDestination, isAllowedDestination, signinTokenRequestUrl, throughLogout } from '../../src/aws/console-url.ts';
import { PARTITION_INFO, consoleSignInRoute, consoleUrlFor, regionFor, signinEndpointFor, stsEndpointFor } from '../../src/aws/partitions.ts';

const aws = { region: 'us-east-1', endpoints: {}, consoleDestinations: undefined };

describe('partitions', () => {
  it('uses the regional STS endpoint of each partition', () => {
    assert.equal(stsEndpointFor(aws, 'aws'), 'https://sts.us-east-1.amazonaws.com');
    assert.equal(stsEndpointFor({ ...aws, region: 'eu-west-1' }, 'aws'), 'https://sts.eu-west-1.amazonaws.com');
    assert.equal(stsEndpointFor(aws, 'aws-cn'), 'https://sts.cn-north-1.amazonaws.com.cn');
    assert.equal(stsEndpointFor({ ...aws, region: 'cn-northwest-1' }, 'aws-cn'), 'https://sts.cn-northwest-1.amazonaws.com.cn');
    assert.equal(stsEndpointFor(aws, 'aws-us-gov'), 'https://sts.us-gov-west-1.amazonaws.com');
    assert.equal(regionFor({ ...aws, region: 'us-gov-east-1' }, 'aws-us-gov'), 'us-gov-east-1');
    assert.equal(regionFor({ ...aws, region: 'us-gov-east-1' }, 'aws'), 'us-east-1');
  });

  it('uses each partition’s sign-in and console hosts', () => {
    assert.equal(signinEndpointFor(aws, 'aws'), 'https://signin.aws.amazon.com/federation');
    assert.equal(signinEndpointFor(aws, 'aws-cn'), 'https://signin.amazonaws.cn/federation');
    assert.equal(signinEndpointFor(aws, 'aws-us-gov'), 'https://signin.amazonaws-us-gov.com/federation');
    assert.equal(consoleUrlFor(aws, 'aws-cn'), 'https://console.amazonaws.cn/');
    assert.equal(consoleUrlFor(aws, 'aws-us-gov'), 'https://console.amazonaws-us-gov.com/');
    assert.equal(Object.keys(PARTITION_INFO).length, 3);
  });

  it('lets aws.endpoints override STS, sign-in and console', () => {
    const custom = { region: 'us-east-1', endpoints: { sts: 'http://127.0.0.1:9/sts', signin: 'http://127.0.0.1:9/federation', console: 'http://127.0.0.1:9/console/' } };
    assert.equal(stsEndpointFor(custom, 'aws-us-gov'), 'http://127.0.0.1:9/sts');
    assert.equal(signinEndpointFor(custom, 'aws-cn'), 'http://127.0.0.1:9/federation');
    assert.equal(consoleUrlFor(custom, 'aws'), 'http://127.0.0.1:9/console/');
  });
});

describe('console destinations', () => {
  it("defaults the allow-list to the partition's console", () => {
    assert.deepEqual(allowedDestinations(aws, 'aws'), ['https://console.aws.amazon.com/']);
    assert.deepEqual(allowedDestinations(aws, 'aws-us-gov'), ['https://console.amazonaws-us-gov.com/']);
    assert.deepEqual(allowedDestinations({ ...aws, consoleDestinations: ['https://eu-west-1.console.aws.amazon.com/'] }, 'aws'), ['https://eu-west-1.console.aws.amazon.com/']);
  });

  it('admits an allowed URL and pages below it, nothing on other hosts, ports or paths', () => {
    const list = ['https://console.aws.amazon.com/', 'http://127.0.0.1:3000/sandbox/console'];
    assert.ok(isAllowedDestination('https://console.aws.amazon.com/', list));
    assert.ok(isAllowedDestination('https://console.aws.amazon.com/s3/home?region=eu-west-1', list));
    assert.ok(isAllowedDestination('http://127.0.0.1:3000/sandbox/console', list));
    assert.ok(isAllowedDestination('http://127.0.0.1:3000/sandbox/console/', list));
    assert.ok(!isAllowedDestination('http://127.0.0.1:3000/sandbox/consoleevil', list));
    assert.ok(!isAllowedDestination('http://127.0.0.1:3000/sandbox/console/../../login', list));
    assert.ok(!isAllowedDestination('https://console.aws.amazon.com.evil.example/', list));
    assert.ok(!isAllowedDestination('https://evil@console.aws.amazon.com/', list));
    assert.ok(!isAllowedDestination('http://console.aws.amazon.com/', list));
    assert.ok(!isAllowedDestination('javascript:alert(1)', list));
    assert.ok(!isAllowedDestination('not a url', list));
  });

  it('picks the requested destination, else the role’s, else the first allowed; refuses one outside the list', () => {
    const allowList = ['https://console.aws.amazon.com/'];
    assert.equal(chooseDestination({ allowList, roleKey: 'prod/Admin' }), 'https://console.aws.amazon.com/');
    assert.equal(chooseDestination({ allowList, roleKey: 'prod/Admin', roleDestination: 'https://console.aws.amazon.com/ec2/' }), 'https://console.aws.amazon.com/ec2/');
    assert.equal(chooseDestination({ allowList, roleKey: 'prod/Admin', requested: 'https://console.aws.amazon.com/s3/', roleDestination: 'https://console.aws.amazon.com/ec2/' }), 'https://console.aws.amazon.com/s3/');
    assert.throws(() => chooseDestination({ allowList, roleKey: 'prod/Admin', requested: 'https://evil.example/' }), {
      status: 400,
      code: 'destination_not_allowed',
      message: 'Roleport opens the AWS console only at the destinations its administrator allows, and this link asks for another one.',
    });
  });
});

describe('console shortcuts, paths and regions', () => {
  const allowList = ['https://console.aws.amazon.com/', 'https://eu-west-1.console.aws.amazon.com/'];
  const choose = (options: { requested?: string; region?: string; roleDestination?: string }, list = allowList) => chooseDestination({ allowList: list, roleKey: 'prod/Admin', ...options });

  it('turns a shortcut or a console path into a page of the console, with the region asked for', () => {
    assert.equal(choose({ requested: 's3', region: 'eu-west-1' }), 'https://console.aws.amazon.com/s3/home?region=eu-west-1');
    assert.equal(choose({ requested: '/ec2/home#Instances:' }), 'https://console.aws.amazon.com/ec2/home#Instances:');
    assert.equal(choose({ region: 'us-west-2' }), 'https://console.aws.amazon.com/?region=us-west-2');
  });

  it("resolves them against the console that holds the role's destination", () => {
    assert.equal(choose({ requested: 'lambda', roleDestination: 'https://eu-west-1.console.aws.amazon.com/ec2/home' }), 'https://eu-west-1.console.aws.amazon.com/lambda/home');
    const sandbox = ['http://127.0.0.1:3000/sandbox/console/'];
    assert.equal(choose({ requested: 'cloudwatch' }, sandbox), 'http://127.0.0.1:3000/sandbox/console/cloudwatch/home');
    assert.equal(choose({ requested: '/iam/home' }, sandbox), 'http://127.0.0.1:3000/sandbox/console/iam/home');
  });

  it('refuses an unknown shortcut, and a path that climbs out of the allowed console', () => {
    assert.throws(() => choose({ requested: 'nosuchservice' }), (error: { code: string; message: string; detail: string }) =>
      error.code === 'destination_invalid' && /'nosuchservice' is not a console shortcut/.test(error.message) && /Shortcuts: .*s3/.test(error.detail));
    assert.throws(() => choose({ requested: '/../../login' }, ['http://127.0.0.1:3000/sandbox/console/']), { code: 'destination_not_allowed' });
    assert.throws(() => choose({ requested: '//evil.example/' }), { code: 'destination_invalid' });
  });
});

describe('console sign-in URLs', () => {
  const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's/e+c=ret', sessionToken: 'to+ken/=' };

  it('asks getSigninToken with the Session JSON, and SessionDuration only when given', () => {
    const url = new URL(signinTokenRequestUrl('https://signin.aws.amazon.com/federation', credentials, 43200));
    assert.equal(url.origin + url.pathname, 'https://signin.aws.amazon.com/federation');
    assert.equal(url.searchParams.get('Action'), 'getSigninToken');
    assert.equal(url.searchParams.get('SessionDuration'), '43200');
    assert.deepEqual(JSON.parse(url.searchParams.get('Session')!), { sessionId: 'ASIAEXAMPLE', sessionKey: 's/e+c=ret', sessionToken: 'to+ken/=' });
    assert.equal(new URL(signinTokenRequestUrl('https://signin.aws.amazon.com/federation', credentials)).searchParams.has('SessionDuration'), false);
  });

  it('builds the Action=login URL with Issuer, Destination and SigninToken form-encoded', () => {
    const url = buildConsoleUrl({ signinEndpoint: 'https://signin.amazonaws-us-gov.com/federation', issuer: 'https://roleport.example.com', destination: 'https://console.amazonaws-us-gov.com/', signinToken: 'tok+en/=' });
    assert.equal(url, 'https://signin.amazonaws-us-gov.com/federation?Action=login&Issuer=https%3A%2F%2Froleport.example.com&Destination=https%3A%2F%2Fconsole.amazonaws-us-gov.com%2F&SigninToken=tok%2Ben%2F%3D');
  });
});

describe('the console logout before a sign-in', () => {
  const base = { consoleLogout: true, endpoints: {} };
  it("goes through AWS's us-east-1 logout, with a us-east-1 sign-in URL, in the aws partition", () => {
    assert.deepEqual(consoleSignInRoute(base, 'aws'), { signin: 'https://us-east-1.signin.aws.amazon.com/federation', logout: 'https://us-east-1.signin.aws.amazon.com/oauth' });
  });
  it('is off for aws-cn and aws-us-gov unless aws.endpoints.logout is set, and whenever consoleLogout is false', () => {
    assert.deepEqual(consoleSignInRoute(base, 'aws-cn'), { signin: 'https://signin.amazonaws.cn/federation' });
    assert.deepEqual(consoleSignInRoute(base, 'aws-us-gov'), { signin: 'https://signin.amazonaws-us-gov.com/federation' });
    assert.deepEqual(consoleSignInRoute({ consoleLogout: true, endpoints: { logout: 'https://signin.amazonaws-us-gov.com/oauth' } }, 'aws-us-gov'), { signin: 'https://signin.amazonaws-us-gov.com/federation', logout: 'https://signin.amazonaws-us-gov.com/oauth' });
    assert.deepEqual(consoleSignInRoute({ ...base, consoleLogout: false }, 'aws'), { signin: 'https://signin.aws.amazon.com/federation' });
  });
  it('never pairs AWS\'s logout with a sign-in endpoint of another host', () => {
    assert.deepEqual(consoleSignInRoute({ consoleLogout: true, endpoints: { signin: 'http://127.0.0.1:9/federation' } }, 'aws'), { signin: 'http://127.0.0.1:9/federation' });
  });
  it('sends the browser to the logout with the login URL as redirect_uri', () => {
    const url = new URL(throughLogout('https://us-east-1.signin.aws.amazon.com/oauth', 'https://us-east-1.signin.aws.amazon.com/federation?Action=login&SigninToken=x'));
    assert.equal(url.searchParams.get('Action'), 'logout');
    assert.equal(url.searchParams.get('redirect_uri'), 'https://us-east-1.signin.aws.amazon.com/federation?Action=login&SigninToken=x');
  });
});
