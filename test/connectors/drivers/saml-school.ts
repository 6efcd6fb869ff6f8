/**
 * The SAML schools (ADFS, Google Workspace, a generic SAML IdP, Entra ID over SAML): the school IdP of
 * test/upstream-saml/support/school-idp.ts in the school type's shape, its metadata read by Passi as the
 * scheduled refresh does. Cancel is the IdP's RequestDenied status, a school failure its AuthnFailed
 * status (SAML Core §3.2.2.2), unless the driver fails elsewhere (Entra: Graph).
 */
import { STATUS } from '../../../src/protocols/saml/namespaces.ts';
import { toUpstreamIntegration } from '../../../src/registry/registry-directory.ts';
import { refreshAllIdpMetadata } from '../../../src/upstream/saml/idp-metadata-schedule.ts';
import type { TestApp } from '../../support/test-app.ts';
import {
  type IdpShape,
  type SchoolIdp,
  type SchoolIdpOptions,
  type SchoolUser,
  startSchoolIdp,
} from '../../upstream-saml/support/school-idp.ts';
import { type SchoolDriver, type SchoolOutcome, withTwin } from '../contract.ts';

export interface SamlSchoolSpec {
  label: string;
  id: string;
  flowName: string;
  type: 'adfs' | 'google' | 'saml' | 'entra';
  shape: IdpShape;
  user: SchoolUser;
  settings?: Record<string, unknown>;
  mapping?: Record<string, string>;
  secrets?: Record<string, string>;
  idp?: Partial<SchoolIdpOptions>;
  expected: Record<string, string>;
  /** A failure somewhere else than the IdP's status (returns true when it arranged one). */
  arrangeFailure?: (outcome: SchoolOutcome) => boolean;
  close?: () => Promise<void>;
}

export function samlSchoolDriver(spec: SamlSchoolSpec): SchoolDriver {
  let idp: SchoolIdp | undefined;
  return {
    label: spec.label,
    flowName: spec.flowName,
    twinFlowName: `${spec.flowName}Toinen`,
    answerMethod: 'POST',
    returnPath: `/sp/${spec.flowName}/acs`,
    notApplicable: {},
    async start(passiUrl) {
      const started = await startSchoolIdp({
        shape: spec.shape,
        spMetadataUrl: () => `${passiUrl}/sp/metadata`,
        ...spec.idp,
      });
      idp = started;
      started.user = spec.user;
      return withTwin(`${spec.flowName}Toinen`, [
        {
          id: spec.id,
          organisationOid: '1.2.246.562.99.00000000001',
          type: spec.type,
          flowName: spec.flowName,
          deploymentPhase: 'test',
          settings: {
            kind: spec.type === 'entra' ? 'entra' : 'saml',
            metadataUrl: started.metadataUrl,
            ...spec.settings,
          },
          mapping: spec.mapping ?? {},
          discovery: { displayName: { fi: spec.flowName, en: spec.flowName }, showSchools: true },
          ...(spec.secrets ? { secrets: spec.secrets } : {}),
        },
      ]);
    },
    async ready(t: TestApp) {
      const failures = await refreshAllIdpMetadata({
        store: t.services.upstreamMetadata,
        integrations: async () =>
          [...(await t.services.registry.current()).integrations.values()].map(toUpstreamIntegration),
      })();
      if (failures.length > 0) throw new Error(`metadata refresh failed: ${JSON.stringify(failures)}`);
    },
    arrange(outcome) {
      if (!idp) return;
      // `next` is one-shot in the IdP; set for every login of the case.
      const elsewhere = spec.arrangeFailure?.(outcome) ?? false;
      idp.next =
        outcome === 'cancel'
          ? { status: { code: STATUS.responder, sub: STATUS.requestDenied } }
          : outcome === 'failure' && !elsewhere
            ? { status: { code: STATUS.responder, sub: STATUS.authnFailed } }
            : undefined;
    },
    expected: spec.expected,
    secrets: Object.values(spec.secrets ?? {}),
    async close() {
      await idp?.close();
      await spec.close?.();
    },
  };
}
