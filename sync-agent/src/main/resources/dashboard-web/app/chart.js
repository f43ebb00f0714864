// Plain SVG charts of the last 24 h, drawn here (no chart library): lines for lag, bars for throughput.
import {svg} from './dom.js';
import {hourMinute} from './format.js';

const WIDTH = 960;
const HEIGHT = 220;
const LEFT = 60;
const RIGHT = 14;
const TOP = 12;
const BOTTOM = 26;

/**
 * A chart over [from, to] (ISO instants). points: [{at, …values}]; lines: [{key, cls}] drawn as lines (a gap of
 * more than two buckets breaks the line); bars: a key drawn as bars one bucket wide. format(v) labels the y axis.
 */
export function timeChart({from, to, points, bucketSeconds, lines = [], bars = null, format, label, testid, emptyText}) {
    const start = Date.parse(from);
    const end = Date.parse(to);
    const plotWidth = WIDTH - LEFT - RIGHT;
    const plotHeight = HEIGHT - TOP - BOTTOM;
    const x = time => LEFT + (time - start) / (end - start) * plotWidth;
    const keys = lines.map(line => line.key).concat(bars ? [bars] : []);
    const highest = Math.max(0, ...points.flatMap(point => keys.map(key => point[key] || 0)));
    const top = niceCeiling(highest);
    const y = value => TOP + plotHeight - (value / top) * plotHeight;

    const chart = svg('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label,
        'data-testid': testid, 'data-points': points.length});
    for (let i = 0; i <= 4; i++) {
        const value = top * i / 4;
        chart.append(svg('line', {class: i === 0 ? 'axis' : 'grid', x1: LEFT, x2: WIDTH - RIGHT, y1: y(value), y2: y(value)}),
            svg('text', {class: 'tick', x: LEFT - 6, y: y(value) + 4, 'text-anchor': 'end'}, format(value)));
    }
    const hour = 3600 * 1000;
    for (let tick = Math.ceil(start / (3 * hour)) * 3 * hour; tick <= end; tick += 3 * hour) {
        chart.append(svg('line', {class: 'grid', x1: x(tick), x2: x(tick), y1: TOP, y2: TOP + plotHeight}),
            svg('text', {class: 'tick', x: x(tick), y: HEIGHT - 8, 'text-anchor': 'middle'}, hourMinute(tick)));
    }
    chart.append(svg('line', {class: 'axis', x1: LEFT, x2: LEFT, y1: TOP, y2: TOP + plotHeight}));

    if (points.length === 0) {
        chart.append(svg('text', {class: 'empty', x: LEFT + plotWidth / 2, y: TOP + plotHeight / 2, 'text-anchor': 'middle'},
            emptyText));
        return chart;
    }
    const bucket = bucketSeconds * 1000;
    if (bars) {
        const barWidth = Math.max(1, bucket / (end - start) * plotWidth - 1);
        for (const point of points) {
            const value = point[bars] || 0;
            chart.append(svg('rect', {class: 'bar', x: x(Date.parse(point.at)), y: y(value), width: barWidth,
                height: Math.max(0, TOP + plotHeight - y(value))}));
        }
    }
    for (const line of lines) {
        let path = '';
        let previous = null;
        for (const point of points) {
            const time = Date.parse(point.at) + bucket / 2;
            const jump = previous === null || time - previous > 2 * bucket;
            path += `${jump ? 'M' : 'L'}${x(time).toFixed(1)},${y(point[line.key] || 0).toFixed(1)} `;
            previous = time;
        }
        chart.append(svg('path', {class: line.cls, d: path.trim()}));
    }
    return chart;
}

/** 1, 2 or 5 times a power of ten, at least value (and at least 1). */
function niceCeiling(value) {
    if (value <= 1) {
        return 1;
    }
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 5, 10]) {
        if (step * power >= value) {
            return step * power;
        }
    }
    return 10 * power;
}
