import type { LocalisedText } from '../../core/language.ts';
import type { Integration } from '../../registry/integration-schema.ts';
import {
  integrationAllowsService,
  phasesMatch,
  type RegistrySnapshot,
} from '../../registry/registry-snapshot.ts';
import type { Service } from '../../registry/service-schema.ts';
import type { AgreementState } from '../../store/tables/service-agreement-tables.ts';

/** Why an education provider's pupils cannot use a service now, first reason first. */
export const UNUSABLE_REASONS = [
  'inactive',
  'not-allowed',
  'phase',
  'agreement-not-requested',
  'agreement-requested',
  'agreement-declined',
  'agreement-withdrawn',
] as const;
export type UnusableReason = (typeof UNUSABLE_REASONS)[number];

export interface AgreementView {
  id: string;
  state: AgreementState;
  requestedAt: Date;
  decidedAt: Date | null;
  reason: string | null;
}

/** One row of "Services for pupils" (docs/portal.md). */
export interface PupilServiceAvailability {
  serviceId: string;
  serviceName: LocalisedText;
  providerOid: string;
  providerName: LocalisedText;
  serviceSets: { id: string; name: LocalisedText }[];
  access: Service['access'];
  /** A built-in service every integration allows (the attribute test service): no agreement needed. */
  alwaysAllowed: boolean;
  usableNow: boolean;
  /** Set exactly when not usable now. */
  reason: UnusableReason | null;
  agreement: AgreementView | null;
}

/**
 * Whether the pupils of `organisationId` can use each service now, by the rules the login applies
 * (registry-directory.ts): an active service, an active integration of the organisation that allows it
 * in the same deployment phase, and for a service by agreement an accepted agreement. Pure, so the page,
 * the API and the tests read one answer.
 */
export function pupilServiceAvailability(
  snapshot: Pick<RegistrySnapshot, 'services' | 'serviceSets' | 'organisations' | 'integrations'>,
  organisationId: string,
  agreements: ReadonlyMap<string, AgreementView>,
): PupilServiceAvailability[] {
  const own: Integration[] = [...snapshot.integrations.values()]
    .map((e) => e.integration)
    .filter((i) => i.organisationOid === organisationId && i.status === 'active');
  return [...snapshot.services.values()]
    .map(({ service }) => {
      const agreement = agreements.get(service.id) ?? null;
      const reason = firstReason(service, own, agreement);
      return {
        serviceId: service.id,
        serviceName: service.name,
        providerOid: service.organisationOid,
        providerName: snapshot.organisations.get(service.organisationOid)?.name ?? {},
        serviceSets: service.serviceSets.map((id) => ({
          id,
          name: snapshot.serviceSets.get(id)?.name ?? {},
        })),
        access: service.access,
        alwaysAllowed: service.alwaysAllowed,
        usableNow: reason === null,
        reason,
        agreement,
      };
    })
    .sort((a, b) => a.serviceId.localeCompare(b.serviceId));
}

function firstReason(
  service: Service,
  integrations: readonly Integration[],
  agreement: AgreementView | null,
): UnusableReason | null {
  if (service.status !== 'active') return 'inactive';
  const allowing = integrations.filter((i) => integrationAllowsService(i, service));
  if (allowing.length === 0) return 'not-allowed';
  if (!allowing.some((i) => phasesMatch(i, service))) return 'phase';
  if (service.access !== 'agreement' || service.alwaysAllowed) return null;
  switch (agreement?.state) {
    case 'accepted':
      return null;
    case 'requested':
      return 'agreement-requested';
    case 'declined':
      return 'agreement-declined';
    case 'withdrawn':
      return 'agreement-withdrawn';
    default:
      return 'agreement-not-requested';
  }
}
