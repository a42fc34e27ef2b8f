/* global document */
// Small SVG drawing for the dashboard: no chart library, so the page stays a few kilobytes.

const NS = 'http://www.w3.org/2000/svg';

export function svgElement(tag, attrs = {}) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  return el;
}

function viewBox(svg) {
  const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
  return { width, height };
}

/** Fits `values` into the box; a flat series sits in the middle instead of dividing by zero. */
function scale(values, height, pad) {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max - min < 1e-9) {
    min -= 1;
    max += 1;
  }
  return { min, max, y: (v) => pad + (height - 2 * pad) * (1 - (v - min) / (max - min)) };
}

/**
 * Redraws a line (or area) chart of `values` into an SVG with a viewBox. Scale labels are left to the
 * caller, as HTML: SVG text shrinks with the chart and becomes unreadable on a phone.
 */
export function drawLine(svg, values, { area = false, invert = false } = {}) {
  svg.replaceChildren();
  const { width, height } = viewBox(svg);
  if (values.length < 2) {
    svg.append(text(width / 2, height / 2, 'collecting…', 'middle'));
    return;
  }
  const pad = 6;
  const s = scale(values, height, pad);
  const y = invert ? (v) => height - s.y(v) : s.y;
  const x = (i) => (i / (values.length - 1)) * width;
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  if (area) {
    const base = invert ? 0 : height;
    svg.append(
      svgElement('path', {
        d: `M0,${base} L${points.join(' L')} L${width},${base} Z`,
        class: 'area',
      }),
    );
  }
  svg.append(svgElement('polyline', { points: points.join(' '), class: 'line' }));
}

/** A small inline trend line for a table cell. */
export function sparkline(values, width = 120, height = 24) {
  const svg = svgElement('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'spark',
    'aria-hidden': 'true',
  });
  if (values.length < 2) return svg;
  const max = Math.max(...values, 1e-9);
  const x = (i) => (i / (values.length - 1)) * width;
  const y = (v) => height - 2 - (height - 4) * (v / max);
  svg.append(
    svgElement('polyline', {
      points: values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '),
      class: 'line',
    }),
  );
  return svg;
}

/**
 * A horizontal bar from 0 to `max` with `value` filled, a marker line at `mark` and an optional
 * shaded target band [from, to]. `over` colours the fill when the value passes the mark.
 */
export function drawBar(svg, value, { max, mark, band, warnAbove = true }) {
  svg.replaceChildren();
  const { width, height } = viewBox(svg);
  const x = (v) => Math.max(0, Math.min(1, v / max)) * width;
  svg.append(svgElement('rect', { x: 0, y: 4, width, height: height - 8, class: 'track' }));
  if (band) {
    svg.append(
      svgElement('rect', {
        x: x(band[0]),
        y: 4,
        width: x(band[1]) - x(band[0]),
        height: height - 8,
        class: 'band',
      }),
    );
  }
  const bad = mark !== undefined && (warnAbove ? value > mark : value < mark);
  svg.append(
    svgElement('rect', {
      x: 0,
      y: 8,
      width: x(value),
      height: height - 16,
      class: bad ? 'fill warn' : 'fill',
    }),
  );
  if (mark !== undefined) {
    svg.append(svgElement('line', { x1: x(mark), x2: x(mark), y1: 0, y2: height, class: 'mark' }));
  }
}

function text(x, y, content, anchor = 'start') {
  const el = svgElement('text', { x, y, 'text-anchor': anchor, class: 'label' });
  el.textContent = content;
  return el;
}
