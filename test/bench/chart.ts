import type { PolicySummary } from './polling-economy';

/**
 * One SVG chart: requests per job (log scale) against detection delay, a dot per policy at the
 * median with a line up to the p95. Written by hand: a charting library would be heavier than the
 * chart.
 */
export function latencyVersusRequestsSvg(points: readonly PolicySummary[]): string {
  const width = 960;
  const height = 440;
  const margin = { left: 70, right: 400, top: 40, bottom: 60 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const xs = points.map((p) => p.requestsPerJob);
  const minX = 10 ** Math.floor(Math.log10(Math.min(...xs)));
  const maxX = 10 ** Math.ceil(Math.log10(Math.max(...xs)));
  const maxY = Math.max(5, Math.ceil(Math.max(...points.map((p) => p.detection.p95Ms / 1000)) / 5) * 5);
  const x = (value: number): number =>
    margin.left + ((Math.log10(value) - Math.log10(minX)) / (Math.log10(maxX) - Math.log10(minX))) * plotW;
  const y = (seconds: number): number => margin.top + plotH - (Math.min(seconds, maxY) / maxY) * plotH;
  const colours = ['#c01c28', '#e66100', '#986a44', '#1a5fb4', '#26a269', '#613583', '#5e5c64', '#1c71d8', '#2ec27e'];
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(
    `<text x="${margin.left}" y="22" font-size="15" font-weight="bold">Detection delay against requests per job (popup closed unless noted)</text>`,
  );
  for (let decade = minX; decade <= maxX; decade *= 10) {
    parts.push(
      `<line x1="${x(decade)}" y1="${margin.top}" x2="${x(decade)}" y2="${margin.top + plotH}" stroke="#ddd"/>`,
    );
    parts.push(`<text x="${x(decade)}" y="${margin.top + plotH + 18}" text-anchor="middle">${decade}</text>`);
  }
  for (let s = 0; s <= maxY; s += maxY / 5) {
    parts.push(`<line x1="${margin.left}" y1="${y(s)}" x2="${margin.left + plotW}" y2="${y(s)}" stroke="#eee"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${y(s) + 4}" text-anchor="end">${s} s</text>`);
  }
  parts.push(
    `<text x="${margin.left + plotW / 2}" y="${height - 18}" text-anchor="middle">requests per job (log scale)</text>`,
  );
  parts.push(
    `<text x="18" y="${margin.top + plotH / 2}" transform="rotate(-90 18 ${margin.top + plotH / 2})" text-anchor="middle">delay: dot = median, bar up to p95</text>`,
  );
  points.forEach((point, index) => {
    const colour = colours[index % colours.length] as string;
    const px = x(point.requestsPerJob);
    parts.push(
      `<line x1="${px}" y1="${y(point.detection.medianMs / 1000)}" x2="${px}" y2="${y(point.detection.p95Ms / 1000)}" stroke="${colour}" stroke-width="3"/>`,
    );
    parts.push(`<circle cx="${px}" cy="${y(point.detection.medianMs / 1000)}" r="6" fill="${colour}"/>`);
    const ly = margin.top + 14 + index * 34;
    parts.push(`<circle cx="${margin.left + plotW + 18}" cy="${ly - 4}" r="6" fill="${colour}"/>`);
    parts.push(`<text x="${margin.left + plotW + 30}" y="${ly}">${escape(point.policy)}</text>`);
    parts.push(
      `<text x="${margin.left + plotW + 30}" y="${ly + 14}" fill="#555" font-size="11">${point.requestsPerJob} req/job, median ${(point.detection.medianMs / 1000).toFixed(2)} s, p95 ${(point.detection.p95Ms / 1000).toFixed(1)} s</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
