import type { UpstreamIntegration } from '../../core/flow/ports.ts';
import { CONNECTOR_MODULES, isIntegrationType } from '../index.ts';
import type { IdpMetadataStore } from './idp-metadata-store.ts';
import { SAML_ACS_ROUTE } from './saml-idp-module.ts';

export interface IdpMetadataScheduleDeps {
  store: IdpMetadataStore;
  /** Active integrations of every type; the SAML ones (Entra only with `login: saml`) are refreshed. */
  integrations: () => Promise<UpstreamIntegration[]>;
  /** How often to look for due copies (each copy has its own `refresh_after`). */
  intervalMs: number;
  onFailures: (failures: { integrationId: string; error: string }[]) => void;
  /**
   * Registry changes (this node's imports and other nodes' change notifications): a new or changed SAML
   * integration's metadata is loaded at once instead of at the next interval.
   */
  onRegistryChange?: (listener: () => void) => void;
}

/**
 * Whether Passi logs in at this integration as a SAML SP: its module's return route is the SAML ACS (an
 * Entra integration may use OIDC instead; the connector table says which).
 */
export function logsInOverSaml(integration: Pick<UpstreamIntegration, 'type' | 'settings'>): boolean {
  if (!isIntegrationType(integration.type)) return false;
  return CONNECTOR_MODULES[integration.type].returnRoutes.some(
    (r) => r.route === SAML_ACS_ROUTE && (r.serves?.(integration.settings) ?? true),
  );
}

/** Refreshes the SAML integrations' metadata whose copy is missing or due, now and then on an interval. */
export function refreshAllIdpMetadata(deps: Pick<IdpMetadataScheduleDeps, 'store' | 'integrations'>) {
  return async () => {
    const all = await deps.integrations();
    return deps.store.refreshDue(all.filter(logsInOverSaml));
  };
}

/**
 * Loads the metadata of these integrations now (after an import), whether due or not; one result per SAML
 * integration, with the error when the fetch or the validation failed.
 */
export function loadIdpMetadataNow(store: IdpMetadataStore) {
  return async (
    integrations: readonly UpstreamIntegration[],
  ): Promise<{ integrationId: string; error?: string }[]> => {
    const results: { integrationId: string; error?: string }[] = [];
    for (const integration of integrations.filter(logsInOverSaml)) {
      try {
        await store.refresh(integration);
        results.push({ integrationId: integration.id });
      } catch (e) {
        results.push({ integrationId: integration.id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return results;
  };
}

export function scheduleIdpMetadataRefresh(deps: IdpMetadataScheduleDeps): () => void {
  const run = refreshAllIdpMetadata(deps);
  let running = false;
  // A change arriving during a run is not lost: the run is repeated once it ends.
  let again = false;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    run()
      .then((failures) => {
        if (failures.length > 0) deps.onFailures(failures);
      })
      .catch((e: unknown) =>
        deps.onFailures([{ integrationId: '*', error: e instanceof Error ? e.message : String(e) }]),
      )
      .finally(() => {
        running = false;
        if (again) tick();
      });
  };
  deps.onRegistryChange?.(tick);
  tick();
  const timer = setInterval(tick, deps.intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
