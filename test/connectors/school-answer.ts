/**
 * The browser's part between the service and Passi's return address: follows Passi and the school until
 * the school's answer is addressed to Passi (a redirect, or a form the browser posts), and hands that
 * answer back undelivered, so a case can deliver it once, twice, or with another browser's cookies.
 */
import { type BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import type { SchoolAnswer, SchoolDriver, SchoolOutcome } from './contract.ts';

export async function schoolAnswer(
  browser: BrowserlessClient,
  start: string,
  driver: SchoolDriver,
  passiUrl: string,
  outcome: SchoolOutcome,
): Promise<SchoolAnswer> {
  const answer = await walk(browser, start, driver, passiUrl, outcome);
  return driver.shapeAnswer ? driver.shapeAnswer(answer, outcome) : answer;
}

async function walk(
  browser: BrowserlessClient,
  start: string,
  driver: SchoolDriver,
  passiUrl: string,
  outcome: SchoolOutcome,
): Promise<SchoolAnswer> {
  const returnAt = `${passiUrl}${driver.returnPath}`;
  let response = await browser.get(start);
  for (let hop = 0; hop < 20; hop++) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, response.url).href;
      if (driver.answerMethod === 'GET' && next.startsWith(returnAt)) return { method: 'GET', url: next };
      response = await browser.get(next);
      continue;
    }
    const form = parseForms(response.body)[0];
    if (driver.answerMethod === 'POST' && response.status === 200 && form) {
      const action = new URL(form.action || response.url, response.url).href;
      if (action.startsWith(returnAt))
        return {
          method: 'POST',
          url: action,
          fields: { ...form.fields, ...driver.formFields?.(outcome) },
        };
    }
    break;
  }
  throw new Error(
    `no answer of ${driver.label} toward ${returnAt}: the browser stopped at ${response.url} ` +
      `(${response.status} ${response.headers.get('x-passi-error-code') ?? ''}) ${response.body.slice(0, 300)}`,
  );
}

/** Delivers the school's answer to Passi with `browser`'s cookies; Passi's response, not followed. */
export function deliver(browser: BrowserlessClient, answer: SchoolAnswer): Promise<BrowserResponse> {
  return answer.method === 'GET' ? browser.get(answer.url) : browser.post(answer.url, answer.fields);
}
