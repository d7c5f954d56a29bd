// The device-style sign-in driven over HTTP, as the CLI and a person's browser do it.
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import type { TestApp } from '../support/app.ts';
import { type Client, createClient, hiddenField } from '../support/http-client.ts';
import { markStepUp } from '../support/step-up.ts';

export type DeviceStart = { device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number };

/** A response's JSON, loosely typed for assertions. */
export async function jsonOf(response: Response): Promise<any> {
  return response.json();
}

export async function api(baseUrl: string, path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; json: any }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}/api/v1${path}`, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  // Every JSON error names its request id (the answer's X-Request-Id); the tests compare the rest.
  if (json?.error) {
    assert.equal(json.error.requestId, response.headers.get('x-request-id'));
    delete json.error.requestId;
  }
  return { status: response.status, headers: response.headers, json };
}

export async function startDevice(baseUrl: string, clientName = 'roleport CLI, tester@laptop'): Promise<DeviceStart> {
  const answer = await api(baseUrl, '/device', { body: { client_name: clientName } });
  assert.equal(answer.status, 200);
  return answer.json as DeviceStart;
}

export const pollToken = (baseUrl: string, deviceCode: string) => api(baseUrl, '/device/token', { body: { device_code: deviceCode } });

/**
 * A browser signed in as a demo user. Given the app rather than its URL, the session has also
 * verified a second factor (TOTP, just now), as the approval of a person with MFA roles needs.
 */
export async function signedIn(target: string | TestApp, username: string, password: string = DEMO_PASSWORD): Promise<Client> {
  const client = createClient(typeof target === 'string' ? target : target.url);
  assert.equal((await client.login(username, password)).status, 303);
  if (typeof target !== 'string') await markStepUp(target, client);
  return client;
}

/** Types `userCode` into the /device form as a person does; resolves to the page showing the request. */
export async function typeCode(browser: Client, userCode: string): Promise<{ status: number; html: string }> {
  const form = await browser.get('/device');
  const html = await form.text();
  assert.equal(form.status, 200, html);
  const page = await browser.post('/device', { _csrf: hiddenField(html, '_csrf') ?? '', user_code: userCode });
  return { status: page.status, html: await page.text() };
}

/** Types the code on /device and presses Approve or Deny; resolves to the answer page. */
export async function decide(browser: Client, userCode: string, decision: 'approve' | 'deny'): Promise<{ status: number; html: string; pageBefore: string }> {
  const page = await typeCode(browser, userCode);
  assert.equal(page.status, 200, page.html);
  const answer = await browser.post('/device', { _csrf: hiddenField(page.html, '_csrf') ?? '', user_code: hiddenField(page.html, 'user_code') ?? '', decision });
  return { status: answer.status, html: await answer.text(), pageBefore: page.html };
}

/** The whole flow for `username`: start, approve, poll; resolves to the access token. */
export async function deviceToken(target: string | TestApp, username: string, password?: string): Promise<string> {
  const baseUrl = typeof target === 'string' ? target : target.url;
  const start = await startDevice(baseUrl);
  await decide(await signedIn(target, username, password), start.user_code, 'approve');
  const answer = await pollToken(baseUrl, start.device_code);
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  return answer.json.access_token as string;
}
