/**
 * Per-service attribute release on the SAML side (docs/registry.md "services": releasedAttributes):
 * @node-saml/node-saml as the service, a login through the test directory carries only the attributes the
 * service chose; a service without the list gets every attribute (the MPASSid default). The OIDC side is
 * proven in oidc-service.test.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ATTRIBUTE_CATALOGUE } from '../../src/model/attribute-catalogue.ts';
import { nodeSamlLogin, nodeSamlSp } from '../saml-idp/support/node-saml-sp.ts';
import { registryYaml } from '../saml-idp/support/sp-registry.ts';
import { BrowserlessClient } from '../support/browserless-client.ts';
import { describeEachStore } from '../support/describe-each-store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const samlName = (name: string) => ATTRIBUTE_CATALOGUE.find((e) => e.name === name)?.samlName ?? name;
const attributeNames = (assertionXml: string) =>
  [...assertionXml.matchAll(/<(?:\w+:)?Attribute\b[^>]*\sName="([^"]+)"/g)].map((m) => m[1]).sort();

describeEachStore('SAML: only the attributes the service chose', (store) => {
  let t: TestApp;
  beforeAll(async () => {
    const doc = JSON.parse(registryYaml([{ id: 'released-some' }, { id: 'released-all' }]));
    doc.services[0].releasedAttributes = ['uid', 'firstName', 'schoolInfo'];
    t = await createTestApp({ store, registry: JSON.stringify(doc) });
  });
  afterAll(() => t?.close());

  it('a service with releasedAttributes gets those and nothing else; one without gets all', async () => {
    const some = await nodeSamlLogin(
      t,
      new BrowserlessClient(),
      nodeSamlSp(t, { id: 'released-some', binding: 'post', signRequest: false }),
    );
    expect(attributeNames(some.verified.assertionXml ?? '')).toEqual(
      ['uid', 'firstName', 'schoolInfo'].map(samlName).sort(),
    );
    const all = await nodeSamlLogin(
      t,
      new BrowserlessClient(),
      nodeSamlSp(t, { id: 'released-all', binding: 'post', signRequest: false }),
    );
    const names = attributeNames(all.verified.assertionXml ?? '');
    expect(names).toEqual(
      expect.arrayContaining(['uid', 'firstName', 'schoolInfo', 'surname', 'learnerId'].map(samlName)),
    );
  });
});
