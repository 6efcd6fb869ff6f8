import { INTERNAL_NAMES, type InternalName } from '../../../model/attribute-mapping.ts';
import { SETTINGS_KIND_OF_TYPE } from '../../../registry/integration-schema.ts';
import { entraSettingsSchema } from '../../../upstream/entra/entra-settings.ts';
import { CONNECTOR_MODULES, defaultMapping } from '../../../upstream/index.ts';
import { registryTypeOf, type WizardType } from './integration-input.ts';

/** One value school IT copies into their own system for this integration. */
export interface SetupValue {
  label: string;
  value: string;
}

export interface IntegrationSetup {
  /** Addresses and identifiers generated for this integration (the connector module's `configure`). */
  values: SetupValue[];
  /** The attribute (claim) names their system must release, by internal name (the type's defaults or the override). */
  attributes: { internalName: InternalName; name: string }[];
  /** The type's page in docs/integrations/. */
  docPath: string;
}

/**
 * What school IT enters on their side, generated for this integration's flow name: read from the
 * connector module (src/upstream/<type>/<type>-module.ts `configure`), so the wizard shows exactly what
 * the login code will use.
 */
export function integrationSetup(
  type: WizardType,
  flowName: string,
  publicUrl: string,
  mapping: Partial<Record<InternalName, string>> = {},
): IntegrationSetup {
  const registryType = registryTypeOf(type);
  const base = publicUrl.replace(/\/+$/, '');
  const module = CONNECTOR_MODULES[registryType];
  const values = module.configure({ id: '', flowName, settings: settingsForSetup(type) }, { base });
  const defaults = defaultMapping(registryType);
  return {
    values,
    attributes: INTERNAL_NAMES.map((internalName) => ({
      internalName,
      name: mapping[internalName] || defaults[internalName],
    })),
    docPath: `docs/integrations/${type}.md`,
  };
}

/** Settings that decide what `configure` shows (Entra: SAML or OIDC); other fields do not matter there. */
function settingsForSetup(type: WizardType): { kind: string } {
  if (type === 'entra' || type === 'entra-oidc') {
    return entraSettingsSchema.parse({
      kind: 'entra',
      tenantId: '00000000-0000-0000-0000-000000000000',
      clientId: '00000000-0000-0000-0000-000000000000',
      login: type === 'entra-oidc' ? 'oidc' : 'saml',
    });
  }
  return { kind: SETTINGS_KIND_OF_TYPE[registryTypeOf(type)] };
}
