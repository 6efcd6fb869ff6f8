import type { UpstreamIntegration } from '../../core/flow/ports.ts';
import type { IdpMetadataStore } from './idp-metadata-store.ts';
import { isSamlSpType } from './saml-sp-settings.ts';

export interface IdpMetadataScheduleDeps {
  store: IdpMetadataStore;
  /** Active integrations of every type; the SAML ones (Entra only with `login: saml`) are refreshed. */
  integrations: () => Promise<UpstreamIntegration[]>;
  /** How often to look for due copies (each copy has its own `refresh_after`). */
  intervalMs: number;
  onFailures: (failures: { integrationId: string; error: string }[]) => void;
}

/** Whether Passi logs in at this integration as a SAML SP (an Entra integration may use OIDC instead). */
export function logsInOverSaml(integration: Pick<UpstreamIntegration, 'type' | 'settings'>): boolean {
  return (
    isSamlSpType(integration.type) && !(integration.type === 'entra' && integration.settings.login === 'oidc')
  );
}

/** Refreshes the SAML integrations' metadata whose copy is missing or due, now and then on an interval. */
export function refreshAllIdpMetadata(deps: Pick<IdpMetadataScheduleDeps, 'store' | 'integrations'>) {
  return async () => {
    const all = await deps.integrations();
    return deps.store.refreshDue(all.filter(logsInOverSaml));
  };
}

export function scheduleIdpMetadataRefresh(deps: IdpMetadataScheduleDeps): () => void {
  const run = refreshAllIdpMetadata(deps);
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    run()
      .then((failures) => {
        if (failures.length > 0) deps.onFailures(failures);
      })
      .catch((e: unknown) =>
        deps.onFailures([{ integrationId: '*', error: e instanceof Error ? e.message : String(e) }]),
      )
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, deps.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
