/**
 * A small document set about made-up topics, so retrieval can only find an answer where it is
 * written: each question's answer sits in exactly one passage.
 */
export const fartwinDocumentSet = [
  {
    name: 'garden.md',
    type: 'text/markdown',
    text: [
      '# Greenhouse handbook',
      '',
      'This handbook covers the community greenhouse on Elm Street.',
      '',
      '## Watering',
      '',
      'Tomatoes are watered at dawn with rain water from the blue barrels. Never water the basil in the evening.',
      '',
      '## Opening hours',
      '',
      'The greenhouse opens on Saturdays from nine until noon. The key lives with Marguerite.',
    ].join('\n'),
  },
  {
    name: 'bikes.txt',
    type: 'text/plain',
    text: [
      'Bicycle repair notes.',
      '',
      'A squeaking chain needs two drops of wax lubricant per link after cleaning with a rag.',
      '',
      'Tyre pressure for the cargo bike is 45 psi front and 55 psi rear.',
    ].join('\n'),
  },
] as const;

/** Questions with the words of the passage that answers them. */
export const fartwinQuestions = [
  { question: 'When should the tomatoes get water?', answerContains: 'watered at dawn', title: 'garden.md' },
  { question: 'Who keeps the key of the greenhouse?', answerContains: 'Marguerite', title: 'garden.md' },
  {
    question: 'What pressure should the cargo bike tyres have?',
    answerContains: '45 psi',
    title: 'bikes.txt',
  },
  { question: 'How do I lubricate a squeaking chain?', answerContains: 'wax lubricant', title: 'bikes.txt' },
] as const;

/**
 * A one-page PDF whose text layer holds `text` (Helvetica, one line), with a correct cross-reference
 * table, built here so the test needs no binary fixture.
 */
export function buildPdf(text: string): Uint8Array {
  const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = `BT /F1 12 Tf 72 720 Td (${escaped}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [i, object] of objects.entries()) {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}
