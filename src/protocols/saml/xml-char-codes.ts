/** UTF-16 code units of XML markup, for the scanners that read XML text (parse-xml.ts, read-xml.ts). */
export const LT = 0x3c;
export const GT = 0x3e;
export const SLASH = 0x2f;
export const BANG = 0x21;
export const QUESTION = 0x3f;
export const EQUALS = 0x3d;
export const DQUOTE = 0x22;
export const SQUOTE = 0x27;
