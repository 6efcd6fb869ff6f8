import type { FastifyRequest } from 'fastify';
import { readFlowId } from '../http/flow-cookies.ts';
import type { LoginReportStore, StoredLoginDetail } from '../store/state/login-report-store.ts';
import type { TestLoginFailure } from './test-login-failure.ts';

/**
 * The stored report of this browser's test login (docs/attribute-test-service.md), after Passi's answer
 * was checked. A successful login is found by the handle inside the validated assertion or ID token; a
 * login Passi refused releases none, so it is found by the flow cookie of the browser that went through
 * Passi. Both also need the request id (`correlationId`) of the login this browser started.
 */
export async function findLoginReport(
  request: FastifyRequest,
  reports: LoginReportStore,
  input: {
    serviceId: string;
    correlationId: string | undefined;
    handle: string | undefined;
    failure: TestLoginFailure | undefined;
  },
): Promise<StoredLoginDetail | undefined> {
  const { serviceId, correlationId, handle, failure } = input;
  if (correlationId === undefined) return undefined;
  if (!failure) return handle ? reports.findDetail(serviceId, handle, correlationId) : undefined;
  const flowId = readFlowId(request);
  if (failure.reason !== 'refused' || !flowId) return undefined;
  return reports.findBlockedDetail(serviceId, correlationId, flowId);
}
