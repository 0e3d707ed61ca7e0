/**
 * Renders a certificate as PDF with pdfkit: Noto fonts from Debian's fonts-noto-core (NotoSans,
 * NotoNaskhArabic, NotoSansEthiopic), Arabic shaped by fontkit and ordered by bidi-text.ts, a QR
 * code of the verification URL. The person's language first, then Dutch (once when it is Dutch).
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { locales, type Locale } from '../../../shared/locales.ts';
import type { CertificateContent } from '../../../shared/schemas/recognition.ts';
import { isRtl, isolateLtr, runPieces, visualRuns, type Script } from './bidi-text.ts';
import { hoursText } from './certificate-content.ts';
import { certificateWords, domainName } from './labels.ts';

export const FONT_DIR = process.env.NOTO_FONT_DIR ?? '/usr/share/fonts/truetype/noto';
const fontFiles: Record<Script | 'latinBold' | 'arabicBold', string> = {
  latin: 'NotoSans-Regular.ttf',
  latinBold: 'NotoSans-Bold.ttf',
  arabic: 'NotoNaskhArabic-Regular.ttf',
  arabicBold: 'NotoNaskhArabic-Bold.ttf',
  ethiopic: 'NotoSansEthiopic-Regular.ttf',
};

/** The font files that must exist (apt-get install fonts-noto-core); named in the error when missing. */
export function missingFonts(): string[] {
  return Object.values(fontFiles).filter((f) => !existsSync(`${FONT_DIR}/${f}`));
}

const MARGIN = 56;
const PAGE = { width: 595.28, height: 841.89 };
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;

type Doc = InstanceType<typeof PDFDocument>;

function fontFor(script: Script, bold: boolean): string {
  if (script === 'arabic') return bold ? 'arabicBold' : 'arabic';
  if (script === 'ethiopic') return 'ethiopic';
  return bold ? 'latinBold' : 'latin';
}

/** Pieces of a line in visual order with their fonts and widths (spaces measured in the Latin font). */
function layoutLine(doc: Doc, text: string, size: number, bold: boolean, dir: 'ltr' | 'rtl') {
  const pieces: { text: string; font: string; width: number; space: boolean }[] = [];
  for (const run of visualRuns(text, dir)) {
    for (const p of runPieces(run)) {
      const font = p.space ? fontFor('latin', bold) : fontFor(run.script, bold);
      pieces.push({
        text: p.text,
        font,
        width: doc
          .font(font)
          .fontSize(size)
          .widthOfString(p.space ? ' '.repeat(p.text.length) : p.text),
        space: p.space,
      });
    }
  }
  return pieces;
}

const lineWidth = (doc: Doc, text: string, size: number, bold: boolean, dir: 'ltr' | 'rtl') =>
  layoutLine(doc, text, size, bold, dir).reduce((w, p) => w + p.width, 0);

/** Draws a line from `x` rightwards, piece by piece. */
function drawLine(doc: Doc, text: string, size: number, bold: boolean, dir: 'ltr' | 'rtl', x: number, y: number): void {
  for (const p of layoutLine(doc, text, size, bold, dir)) {
    if (!p.space) doc.font(p.font).fontSize(size).text(p.text, x, y, { lineBreak: false });
    x += p.width;
  }
}

/** Words into lines no wider than the content (long words are not split: certificates hold short texts). */
function wrap(doc: Doc, text: string, size: number, bold: boolean, dir: 'ltr' | 'rtl', width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && lineWidth(doc, candidate, size, bold, dir) > width) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}

class Writer {
  y = MARGIN;
  constructor(
    readonly doc: Doc,
    readonly dir: 'ltr' | 'rtl',
  ) {}

  private ensure(height: number): void {
    if (this.y + height > PAGE.height - MARGIN) {
      this.doc.addPage();
      this.y = MARGIN;
    }
  }

  /** One paragraph; direction from the page, or from the text itself for what people wrote. */
  text(
    text: string,
    options: { size?: number; bold?: boolean; dir?: 'ltr' | 'rtl'; gap?: number; indent?: number } = {},
  ): void {
    const size = options.size ?? 10.5;
    const bold = options.bold ?? false;
    const dir = options.dir ?? this.dir;
    const indent = options.indent ?? 0;
    const lineHeight = size * 1.55;
    for (const line of wrap(this.doc, text, size, bold, dir, CONTENT_WIDTH - indent)) {
      this.ensure(lineHeight);
      const width = lineWidth(this.doc, line, size, bold, dir);
      drawLine(
        this.doc,
        line,
        size,
        bold,
        dir,
        dir === 'rtl' ? PAGE.width - MARGIN - indent - width : MARGIN + indent,
        this.y,
      );
      this.y += lineHeight;
    }
    this.y += options.gap ?? 2;
  }

  /** A label and a value on one line, at opposite sides. */
  row(label: string, value: string, size = 10.5): void {
    const lineHeight = size * 1.55;
    this.ensure(lineHeight);
    const place = (text: string, side: 'start' | 'end') => {
      const dir = this.dir;
      const width = lineWidth(this.doc, text, size, false, dir);
      const atLeft = (side === 'start') === (this.dir === 'ltr');
      drawLine(this.doc, text, size, false, dir, atLeft ? MARGIN : PAGE.width - MARGIN - width, this.y);
    };
    place(label, 'start');
    place(value, 'end');
    this.y += lineHeight;
  }

  rule(): void {
    this.ensure(12);
    this.doc
      .moveTo(MARGIN, this.y + 4)
      .lineTo(PAGE.width - MARGIN, this.y + 4)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    this.y += 12;
  }
}

function section(w: Writer, c: CertificateContent, locale: Locale, verifyUrl: string): void {
  const words = certificateWords[locale];
  const h = (m: number) => isolateLtr(hoursText(m));
  const hrs = (m: number) => `${h(m)} ${words.hours}`;
  const split = (r: { paidMinutes: number; unpaidMinutes: number }) =>
    `${hrs(r.paidMinutes + r.unpaidMinutes)} (${words.paid} ${h(r.paidMinutes)}${words.comma}${words.unpaid} ${h(r.unpaidMinutes)})`;
  w.text(words.title, { size: 22, bold: true, gap: 6 });
  w.text(words.intro(c.holderName), { gap: 4 });
  w.text(words.period(c.from && isolateLtr(c.from), isolateLtr(c.to)), { gap: 8 });
  w.row(words.total, split(c), 12);
  w.rule();
  const block = (
    title: string,
    rows: CertificateContent['byOrganization'],
    label: (r: CertificateContent['byOrganization'][number]) => string,
  ) => {
    if (rows.length === 0) return;
    w.text(title, { size: 12, bold: true, gap: 2 });
    for (const r of rows) w.row(label(r), split(r));
    w.rule();
  };
  block(words.byOrganization, c.byOrganization, (r) => r.label);
  block(words.byDomain, c.byDomain, (r) => domainName(locale, r.key));
  block(words.byPeriod, c.byPeriod, (r) => isolateLtr(r.label));
  if (c.skills.length > 0) {
    w.text(words.skills, { size: 12, bold: true, gap: 2 });
    w.text(c.skills.join(words.comma), { dir: isRtl(c.skills.join(' ')) ? 'rtl' : 'ltr', gap: 6 });
  }
  w.text(words.references, { size: 12, bold: true, gap: 2 });
  if (c.references.length === 0) w.text(words.noReferences);
  for (const r of c.references) {
    w.text(r.organizationName, { bold: true, dir: isRtl(r.organizationName) ? 'rtl' : 'ltr', gap: 0 });
    w.text(r.text, { dir: isRtl(r.text) ? 'rtl' : 'ltr', gap: 0 });
    if (r.skills.length) w.text(r.skills.join(', '), { size: 9, dir: isRtl(r.skills.join(' ')) ? 'rtl' : 'ltr' });
  }
  w.rule();
  w.text(`${words.code}: ${isolateLtr(c.code)}`, { bold: true, gap: 0 });
  w.text(words.verify, { gap: 0 });
  w.text(verifyUrl, { dir: 'ltr', size: 9 });
  w.text(words.issued(isolateLtr(c.issuedAt.slice(0, 10))), { size: 9, gap: 0 });
  w.text(words.signed, { size: 9 });
}

/** The PDF bytes. `verifyUrl` goes into the text and the QR code. */
export async function renderCertificatePdf(content: CertificateContent, verifyUrl: string): Promise<Buffer> {
  const missing = missingFonts();
  if (missing.length > 0)
    throw new Error(`fonts missing in ${FONT_DIR}: ${missing.join(', ')} (install fonts-noto-core)`);
  const qr = await QRCode.toBuffer(verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  // Fixed metadata dates: the same content renders to comparable documents.
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `Waardewerk ${content.code}`, Author: 'Waardewerk', CreationDate: new Date(content.issuedAt) },
    lang: content.locale,
  });
  for (const [name, file] of Object.entries(fontFiles)) doc.registerFont(name, `${FONT_DIR}/${file}`);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const pages: Locale[] = content.locale === 'nl' ? ['nl'] : [content.locale, 'nl'];
  pages.forEach((locale, i) => {
    if (i > 0) doc.addPage();
    const dir = locales.find((l) => l.code === locale)?.dir ?? 'ltr';
    const w = new Writer(doc, dir);
    doc.image(qr, dir === 'rtl' ? MARGIN : PAGE.width - MARGIN - 84, MARGIN - 20, { width: 84 });
    w.y = MARGIN + 72;
    section(w, content, locale, verifyUrl);
  });
  doc.end();
  return done;
}
