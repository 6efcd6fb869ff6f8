const ENTITIES: Record<string, string> = {
  '&quot;': '"',
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
};

/** Text of server-rendered HTML with the entities Passi's pages escape decoded (e.g. a textarea's report). */
export function decodeHtmlText(html: string): string {
  return html.replace(/&(?:quot|#39|lt|gt|amp);/g, (e) => ENTITIES[e] ?? e);
}
