import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * A text PDF with one paragraph per entry, a page per `pages` entry. An entry starting with
 * `# ` is drawn as a heading (20 pt, without the marker); body text is 11 pt.
 */
export async function makePdf(pages: string[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const paragraphs of pages) {
    const page = pdf.addPage([612, 792]);
    let y = 740;
    for (const paragraph of paragraphs) {
      const heading = paragraph.startsWith('# ');
      const size = heading ? 20 : 11;
      for (const line of wrap(heading ? paragraph.slice(2) : paragraph, 85)) {
        page.drawText(line, { x: 50, y, size, font });
        y -= size + 3;
      }
      y -= 14;
    }
  }
  return pdf.save();
}

/** A PDF whose only page holds a drawn shape: no text layer, as a scan would be. */
export async function makeImageOnlyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([612, 792]);
  page.drawRectangle({ x: 50, y: 500, width: 300, height: 200 });
  return pdf.save();
}

export async function makeDocx(input: {
  title: string;
  paragraphs: string[];
  table?: string[][];
}): Promise<Uint8Array> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({ text: input.title, heading: HeadingLevel.HEADING_1 }),
    ...input.paragraphs.map((text) => new Paragraph({ text })),
  ];
  if (input.table) {
    children.push(
      new Table({
        rows: input.table.map(
          (cells) =>
            new TableRow({
              children: cells.map((text) => new TableCell({ children: [new Paragraph(text)] })),
            }),
        ),
      }),
    );
  }
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

const wrap = (text: string, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
};

/**
 * A PDF encrypted with an unknown user password (Standard security handler, revision 2): the
 * /O and /U entries match no password, so a reader without one must refuse it. pdf-lib cannot
 * encrypt, hence the hand-written file.
 */
export function makePasswordProtectedPdf(): Uint8Array {
  const hex = (n: number) =>
    Array.from({ length: n }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, '0')).join('');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    '<< /Length 8 >>\nstream\nxxxxxxxx\nendstream',
    `<< /Filter /Standard /V 1 /R 2 /O <${hex(32)}> /U <${hex(32)}> /P -4 >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<${hex(16)}> <${hex(16)}>] >>\n`;
  body += `startxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}
