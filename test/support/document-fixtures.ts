import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A text PDF with one paragraph per entry, a page per `pages` entry. */
export async function makePdf(pages: string[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const paragraphs of pages) {
    const page = pdf.addPage([612, 792]);
    let y = 740;
    for (const paragraph of paragraphs) {
      for (const line of wrap(paragraph, 85)) {
        page.drawText(line, { x: 50, y, size: 11, font });
        y -= 14;
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
