import { describe, expect, it } from 'vitest';
import { documentName, problemBeforeUpload, uploadRefusal } from '../../console/web/src/document-text.js';

describe('the documents panel, in the owner words', () => {
  it('names a fact added by chat by the fact itself, shortened when long', () => {
    // Act
    const short = documentName({
      kind: 'snippet',
      filename: null,
      preview: "We're open   Monday to Saturday.",
    });
    const long = documentName({ kind: 'snippet', filename: null, preview: 'Parking '.repeat(30) });

    // Assess
    expect(short).toBe("“We're open Monday to Saturday.”");
    expect(long.length).toBeLessThanOrEqual(82);
    expect(long).toMatch(/^“Parking .*…”$/);
    expect(documentName({ kind: 'file', filename: 'menu.pdf', preview: 'Pizza' })).toBe('menu.pdf');
    expect(documentName({ kind: 'snippet', filename: null })).toBe('A fact you added');
  });

  it('says an empty file is empty before asking for an upload', () => {
    expect(problemBeforeUpload({ name: 'menu.pdf', size: 0 })).toBe(
      '“menu.pdf” is empty (0 bytes). Choose the file that holds your menu, prices or policies.',
    );
    expect(problemBeforeUpload({ name: 'menu.pdf', size: 10 })).toBeUndefined();
  });

  it("turns S3's refusals into what to do", () => {
    const xml = (code: string, message: string) =>
      `<?xml version="1.0"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

    expect(
      uploadRefusal(400, xml('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size')),
    ).toBe('The file changed after you chose it, so its size no longer matches. Choose it again.');
    expect(uploadRefusal(403, xml('AccessDenied', 'Invalid according to Policy: Policy expired.'))).toContain(
      '10-minute link',
    );
    expect(uploadRefusal(500, xml('InternalError', 'Boom'))).toBe(
      'The upload was refused (500: Boom). Try again; if it keeps failing, contact support.',
    );
  });
});
