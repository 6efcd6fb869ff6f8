/**
 * What a face, connector or page asks the HTTP layer to do. Protocol-neutral, so faces and connectors
 * never touch Fastify (docs/architecture.md "Rooms": they meet only in core types).
 */
export type HttpAction =
  | { kind: 'redirect'; location: string }
  /** A page for a person; `nonceScript` marks pages with an inline script that needs the CSP nonce. */
  | { kind: 'page'; status: number; html: (nonce: string) => string }
  /** HTTP-POST binding: an auto-submitting form to an address taken from the registry. */
  | { kind: 'post'; action: string; fields: Record<string, string> }
  | { kind: 'json'; status: number; body: unknown };

/** The parts of an HTTP request a connector or face may read. */
export interface HttpInput {
  method: string;
  /** Raw query string exactly as received (signature checks need the octets; SAML Bindings §3.4.4.1). */
  rawQuery: string;
  query: Record<string, string>;
  body: Record<string, string>;
}
