/**
 * What the documents panel says, in the owner's words. No DOM here, so the wording is tested
 * on its own (test/unit/console-document-text.test.ts).
 */

/** How a fact taught by chat is named in lists and cited sources: the fact itself, shortened. */
export const FACT_LABEL_CHARS = 80;

export const documentName = (d: {
  kind: 'file' | 'snippet';
  filename: string | null;
  preview?: string | null;
}): string => {
  if (d.filename) return d.filename;
  if (d.kind !== 'snippet') return 'A document';
  const fact = (d.preview ?? '').replace(/\s+/g, ' ').trim();
  if (!fact) return 'A fact you added';
  return fact.length > FACT_LABEL_CHARS ? `“${fact.slice(0, FACT_LABEL_CHARS - 1).trimEnd()}…”` : `“${fact}”`;
};

/** Checks a chosen file before asking for an upload; the server checks the size limit itself. */
export const problemBeforeUpload = (file: { name: string; size: number }): string | undefined =>
  file.size === 0
    ? `“${file.name}” is empty (0 bytes). Choose the file that holds your menu, prices or policies.`
    : undefined;

/** Why S3 refused a presigned POST, from its XML error, said for the owner. */
export const uploadRefusal = (status: number, xml: string): string => {
  const code = /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
  if (code === 'EntityTooLarge' || code === 'EntityTooSmall')
    return 'The file changed after you chose it, so its size no longer matches. Choose it again.';
  if (code === 'AccessDenied' && /expired/i.test(xml))
    return 'The upload took longer than its 10-minute link allows. Drop the file again.';
  const message = /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];
  return `The upload was refused (${status}${message ? `: ${message}` : ''}). Try again; if it keeps failing, contact support.`;
};
