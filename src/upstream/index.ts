/**
 * The one table of connectors (docs/architecture.md "Connectors: one contract, one table"): every
 * integration type and its module. The registry's type list and settings union, the mapping defaults, the
 * composition root, the return routes and the integration report read it. Adding a connector = one folder
 * (`src/upstream/<type>/` with its `<type>-module.ts`) + one line here.
 */
import {
  type AttributeMapping,
  type AttributeMappingOverride,
  withOverride,
} from '../model/attribute-mapping.ts';
import type { MappingColumn } from '../model/data-model-doc.ts';
import { adfsModule } from './adfs/adfs-module.ts';
import type { ConnectorModule } from './connector-module.ts';
import { entraModule } from './entra/entra-module.ts';
import { googleModule } from './google/google-module.ts';
import { oidcModule } from './oidc/oidc-module.ts';
import { opinsysModule } from './opinsys/opinsys-module.ts';
import { samlModule } from './saml/saml-module.ts';
import { testDirectoryModule } from './test-directory/test-directory-module.ts';
import { wilmaModule } from './wilma/wilma-module.ts';

/** Each key's module declares that key as its type: the compiler proves the table covers every type once. */
type ConnectorTable<M> = { [T in keyof M]: T extends string ? ConnectorModule<T> : never };

function connectorTable<M extends ConnectorTable<M>>(table: M): M {
  return table;
}

/** In the order the documentation lists the types (docs/data-model.md "Attribute names per upstream type"). */
export const CONNECTORS = connectorTable({
  'test-directory': testDirectoryModule,
  adfs: adfsModule,
  google: googleModule,
  entra: entraModule,
  wilma: wilmaModule,
  opinsys: opinsysModule,
  saml: samlModule,
  oidc: oidcModule,
});

/** Upstream (home-organisation) integration types (docs/integrations/). */
export type IntegrationType = keyof typeof CONNECTORS;

export const INTEGRATION_TYPES = Object.keys(CONNECTORS) as [IntegrationType, ...IntegrationType[]];

/** The table as the compiler proves it: every integration type with its module. */
export const CONNECTOR_MODULES: { readonly [T in IntegrationType]: ConnectorModule<T> } = { ...CONNECTORS };

export function isIntegrationType(type: string): type is IntegrationType {
  return Object.hasOwn(CONNECTORS, type);
}

/**
 * The type's default attribute names (a copy): the readiness checklist shows them; logins read
 * `effectiveMapping`.
 */
export function defaultMapping(type: IntegrationType): AttributeMapping {
  return { ...CONNECTORS[type].defaultMapping };
}

/** The type's defaults with an integration's override applied. */
export function effectiveMapping(
  type: IntegrationType,
  override: AttributeMappingOverride = {},
): AttributeMapping {
  return withOverride(CONNECTORS[type].defaultMapping, override);
}

/**
 * The attribute-name table of docs/data-model.md: every type's defaults, in table order.
 * @internal read by the docs generator (npm run docs), not by the server
 */
export function defaultMappingColumns(): MappingColumn[] {
  return INTEGRATION_TYPES.map((type) => ({ type, mapping: CONNECTORS[type].defaultMapping }));
}
