import type { ValidationIssue } from '../core/errors.ts';
import type { Integration } from './integration-schema.ts';
import type { StoredEntity } from './registry-repository.ts';

/**
 * "An IdP integration created in test cannot be moved to production/pre-production (must create new)"
 * (github.com/Opetushallitus/MPASSid-hallintapalvelu `updateIntegration`): a test integration has been tried only with test
 * accounts and test services, and its id lies in the test range. Moving back to test is not refused.
 */
export function checkIntegrationPhase(
  integration: Integration,
  path: string,
  existing: readonly StoredEntity[],
): ValidationIssue[] {
  const stored = existing.filter(isIntegration).find((e) => e.id === integration.id);
  if (stored?.doc.deploymentPhase !== 'test' || integration.deploymentPhase === 'test') return [];
  return [
    {
      path: `${path}.deploymentPhase`,
      message:
        `integration ${integration.id} was created in test and cannot be moved to ` +
        `${integration.deploymentPhase}; create a new integration for ${integration.deploymentPhase}`,
    },
  ];
}

function isIntegration(e: StoredEntity): e is StoredEntity<'integration'> {
  return e.kind === 'integration';
}
