/**
 * Renders a social-return statement as a one-page PDF with pdfkit (Noto Sans from Debian's
 * fonts-noto-core when present, else pdfkit's Helvetica), in Dutch — the language of the public
 * contracts it is for — with the verification URL as text and QR code.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { StatementContent } from '../../../shared/schemas/social-return.ts';

const FONT_DIR = process.env.NOTO_FONT_DIR ?? '/usr/share/fonts/truetype/noto';
const euro = (cents: number) =>
  `€ ${(cents / 100).toLocaleString('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const hours = (minutes: number) => `${(minutes / 60).toLocaleString('nl-NL', { maximumFractionDigits: 2 })} uur`;
const categoryName = {
  purchases: 'Inkoop bij initiatieven en sociale ondernemingen',
  volunteering: 'Vrijwilligersuren van medewerkers',
  pro_bono: 'Pro-bono kennis',
  materials: 'Gegeven materialen',
} as const;

export async function renderStatementPdf(content: StatementContent, verifyUrl: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `Social return ${content.code}`, Author: 'Waardewerk' },
  });
  const regular = `${FONT_DIR}/NotoSans-Regular.ttf`;
  const bold = `${FONT_DIR}/NotoSans-Bold.ttf`;
  const [fontRegular, fontBold] =
    existsSync(regular) && existsSync(bold) ? [regular, bold] : ['Helvetica', 'Helvetica-Bold'];
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const o = content.obligation;

  doc.font(fontBold).fontSize(20).text('Verklaring social return');
  doc.moveDown(0.5).font(fontRegular).fontSize(11);
  doc.text(`${content.businessName} — voor ${o.buyerName}, contract ${o.contractReference}`);
  doc.text(`Periode ${o.periodFrom} tot en met ${o.periodTo}`);
  doc.text(
    `Verplichting: ${euro(o.targetCents)}${o.targetPct !== null ? ` (${o.targetPct} % van ${euro(o.contractValueCents ?? 0)})` : ''}`,
  );
  doc.moveDown();
  doc.font(fontBold).text('Wat telt (alleen bevestigde boekingen in het grootboek)');
  doc.font(fontRegular);
  for (const line of content.tally.lines) {
    const quantity =
      line.category === 'volunteering' || line.category === 'pro_bono' ? hours(line.quantity) : euro(line.quantity);
    doc.text(`${categoryName[line.category]}: ${quantity} in ${line.entries} boekingen → ${euro(line.valueCents)}`);
  }
  doc
    .moveDown(0.5)
    .font(fontBold)
    .text(
      `Totaal: ${euro(content.tally.totalCents)} — ${content.tally.reachedPct.toLocaleString('nl-NL')} % van de verplichting`,
    );
  doc.moveDown().font(fontRegular).fontSize(9);
  const r = content.rules;
  doc.text(
    `Waardering (${r.basis === 'buyer' ? 'ingesteld voor deze opdrachtgever' : 'standaard van Waardewerk'}): uur vrijwilligerswerk ${euro(r.volunteerHourCents)}, uur pro bono ${euro(r.proBonoHourCents)}, inkoop ${r.purchasePct} %, materialen ${r.materialsPct} %.`,
  );
  doc.text(r.source);
  doc.text('Geen juridisch advies: het contract en de opdrachtgever bepalen wat telt en tegen welke waarde.');
  doc
    .moveDown()
    .fontSize(11)
    .text(`Code ${content.code} — uitgegeven ${content.issuedAt.slice(0, 10)}. Controleer deze verklaring op:`);
  doc.fillColor('#0f5c4d').text(verifyUrl, { link: verifyUrl });
  const qr = await QRCode.toBuffer(verifyUrl, { margin: 1, width: 120 });
  doc.image(qr, doc.x, doc.y + 8, { width: 96 });
  doc.end();
  return done;
}
