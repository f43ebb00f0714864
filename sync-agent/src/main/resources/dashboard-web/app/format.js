// How figures read on the pages: ages, durations, counts and clock times (the browser's time zone).

export function ago(seconds) {
    if (seconds === null || seconds === undefined) {
        return 'never';
    }
    return duration(seconds) + ' ago';
}

export function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 90) {
        return s + ' s';
    }
    if (s < 90 * 60) {
        return Math.round(s / 60) + ' min';
    }
    if (s < 48 * 3600) {
        return (s / 3600).toFixed(1) + ' h';
    }
    return Math.round(s / 86400) + ' d';
}

export function secondsBehind(seconds) {
    if (!seconds) {
        return '0 s';
    }
    return seconds < 10 ? seconds.toFixed(1) + ' s' : duration(seconds);
}

export function count(value) {
    return Number(value || 0).toLocaleString('en');
}

export function bytes(value) {
    if (value === null || value === undefined) {
        return '—';
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = value;
    let unit = 0;
    while (v >= 1024 && unit < units.length - 1) {
        v /= 1024;
        unit++;
    }
    return (unit === 0 ? v : v.toFixed(1)) + ' ' + units[unit];
}

export function clock(iso) {
    if (!iso) {
        return '—';
    }
    const date = new Date(iso);
    return date.toLocaleString('en-GB', {day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit'});
}

export function hourMinute(time) {
    return new Date(time).toLocaleTimeString('en-GB', {hour: '2-digit', minute: '2-digit'});
}

export function stateClass(status) {
    return 'state-' + status.replace(/\s+/g, '-');
}
