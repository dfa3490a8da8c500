#!/usr/bin/env bash
# Copy the vendored front-end libraries from node_modules into gongzhi/static/vendor/.
#
# The output is committed, so running the site never needs Node or a CDN. Rebuild with
#   npm ci && npm run build
# after changing a version in package.json (versions are pinned exactly; package-lock.json
# records the integrity hashes).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NM="$ROOT/node_modules"
OUT="$ROOT/gongzhi/static/vendor"

if [[ ! -d "$NM/@tabler/core" || ! -d "$NM/htmx.org" || ! -d "$NM/@alpinejs/csp" \
      || ! -d "$NM/echarts" ]]; then
    echo "node_modules is missing or incomplete; run 'npm ci' first." >&2
    exit 1
fi

pkg_version() {
    node -p "require('$NM/$1/package.json').version"
}

# Copy a minified file without its trailing sourceMappingURL comment: the .map files are not
# vendored, and the browser's developer tools would otherwise request them and log 404s.
copy_min() {
    local src="$1" dest="$2"
    mkdir -p "$(dirname "$dest")"
    sed -E '/^[[:space:]]*(\/\/|\/\*)[#@] sourceMappingURL=/d' "$src" > "$dest"
    # Minifiers sometimes put the comment on the same line as code; fail rather than ship it.
    if grep -q 'sourceMappingURL' "$dest"; then
        echo "sourceMappingURL left in $dest" >&2
        exit 1
    fi
}

# MIT licence text for packages whose npm tarball carries no LICENSE file (Tabler, Alpine).
# The copyright lines come from the packages' own banners / repositories.
write_mit() {
    local dest="$1"; shift
    {
        echo "MIT License"
        echo
        for line in "$@"; do echo "$line"; done
        cat <<'MIT'

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
MIT
    } > "$dest"
}

rm -rf "$OUT/tabler" "$OUT/htmx" "$OUT/alpine" "$OUT/echarts"

# --- Tabler: core CSS and JS only (no demo, vendors, flags, payments, socials, marketing).
# tabler.min.js bundles Bootstrap's JS and Popper, so it needs nothing else.
TABLER="$NM/@tabler/core"
copy_min "$TABLER/dist/css/tabler.min.css" "$OUT/tabler/tabler.min.css"
copy_min "$TABLER/dist/js/tabler.min.js" "$OUT/tabler/tabler.min.js"
write_mit "$OUT/tabler/LICENSE" \
    "Copyright (c) 2018-2026 The Tabler Authors" \
    "Copyright (c) 2018-2026 codecalm.net Paweł Kuna"
{
    echo
    echo "----------------------------------------------------------------------"
    echo "tabler.min.js includes code derived from Bootstrap's JavaScript (MIT"
    echo "License, Copyright (c) 2011-2025 The Bootstrap Authors) and bundles Popper"
    echo "(@popperjs/core $(pkg_version @popperjs/core)), whose licence follows."
    echo "----------------------------------------------------------------------"
    echo
    cat "$NM/@popperjs/core/LICENSE.md"
} >> "$OUT/tabler/LICENSE"

# Tabler 1.6 writes its colours with light-dark() (Chrome 123, Safari 17.5, Firefox 120), relative
# colours "oklch(from ...)" (Chrome 119, Safari 18, Firefox 128), color-mix() (Chrome 111, Safari
# 16.2) and oklch() (Chrome 111, Safari 15.4). Older phone browsers (WeChat on iOS 16 and older
# Android WebViews) and intranet browsers drop those declarations: borders turn black, links lose
# their colour, buttons their background. tabler-compat.min.css restates each such declaration in
# older syntax, grouped under @supports not(...) so that browsers which understand Tabler's CSS
# ignore it. Light theme only (light-dark(A, B) -> A): the project does not use the dark theme.
node - "$OUT/tabler/tabler.min.css" "$OUT/tabler/tabler-compat.min.css" "$(pkg_version @tabler/core)" <<'JS'
const fs = require('fs');
const [src, dest, version] = process.argv.slice(2);
const css = fs.readFileSync(src, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

// ---- small helpers over CSS values -----------------------------------------------------------
function splitTop(text, sep) {  // split on `sep` outside parentheses
    const out = []; let depth = 0, start = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '(') depth++;
        else if (c === ')') depth--;
        else if (c === sep && depth === 0) { out.push(text.slice(start, i)); start = i + 1; }
    }
    out.push(text.slice(start));
    return out;
}
function mapCalls(value, fn, replace) {  // replace each outermost fn(args) by replace(args)
    let from = 0, i;
    while ((i = value.indexOf(fn + '(', from)) !== -1) {
        if (i > 0 && /[\w-]/.test(value[i - 1])) { from = i + 1; continue; }
        let depth = 0, j = i + fn.length;
        for (; j < value.length; j++) {
            if (value[j] === '(') depth++;
            else if (value[j] === ')' && --depth === 0) break;
        }
        const rep = replace(value.slice(i + fn.length + 1, j));
        value = value.slice(0, i) + rep + value.slice(j + 1);
        from = i + rep.length;
    }
    return value;
}
// OKLCH -> sRGB [r, g, b] in 0..255.
function oklchToRgb(L, C, H) {
    const h = H * Math.PI / 180, a = C * Math.cos(h), b = C * Math.sin(h);
    const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
    const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
    const s = (L - 0.0894841775 * a - 1.2914855480 * b) ** 3;
    return [4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
        -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
        -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s].map(x => {
        x = Math.min(1, Math.max(0, x));
        return Math.round((x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055) * 255);
    });
}
const hex = rgb => '#' + rgb.map(x => x.toString(16).padStart(2, '0')).join('');
const LITERAL = /^\s*([\d.]+)%\s+([\d.]+)\s+([\d.]+|none)(?:deg)?\s*$/;
const parseLiteral = args => {
    const m = LITERAL.exec(args);
    return m ? [parseFloat(m[1]) / 100, parseFloat(m[2]), m[3] === 'none' ? 0 : parseFloat(m[3])] : null;
};

// ---- walk the stylesheet: every leaf rule with its enclosing @media/@supports -----------------
const rules = [];  // {context: [at-rule preludes], selector, decls: [[prop, value]]}
(function walk() {
    const stack = []; let buf = '';
    for (let i = 0; i < css.length; i++) {
        const c = css[i];
        if (c === '{') {
            const prelude = buf.trim(); buf = '';
            if (prelude.startsWith('@')) { stack.push(prelude); continue; }
            const close = css.indexOf('}', i);
            const decls = splitTop(css.slice(i + 1, close), ';').map(d => {
                const k = d.indexOf(':');
                return k < 0 ? null : [d.slice(0, k).trim(), d.slice(k + 1).trim()];
            }).filter(Boolean);
            rules.push({ context: stack.slice(), selector: prelude, decls });
            i = close;
        } else if (c === '}') { stack.pop(); buf = ''; }
        else if (c === ';' && !buf.includes('(')) { buf = ''; }  // @charset etc.
        else buf += c;
    }
})();

// Root variables (light theme) for resolving var() chains to a literal colour.
const ROOTS = new Set([':root', ':host,:root', ':root,[data-bs-theme=light],[data-theme=light]',
    ':host,:root,[data-bs-theme=light],[data-theme=light]']);
const lightDark = v => mapCalls(v, 'light-dark', args => splitTop(args, ',')[0].trim());
const rootVars = new Map();
for (const r of rules) {
    if (r.context.length || !ROOTS.has(r.selector)) continue;
    for (const [p, v] of r.decls) if (p.startsWith('--')) rootVars.set(p, lightDark(v));
}
function resolveRgb(value, seen = 0) {  // -> [r, g, b] or null
    value = value.trim();
    let m;
    if (seen > 10) return null;
    if ((m = /^var\((--[\w-]+)(?:,.*)?\)$/.exec(value))) {
        return rootVars.has(m[1]) ? resolveRgb(rootVars.get(m[1]), seen + 1) : null;
    }
    if ((m = /^oklch\(([^()]*)\)$/.exec(value)) && parseLiteral(m[1])) return oklchToRgb(...parseLiteral(m[1]));
    if ((m = /^#([0-9a-f]{6})$/i.exec(value))) return [0, 2, 4].map(i => parseInt(m[1].slice(i, i + 2), 16));
    if ((m = /^#([0-9a-f]{3})$/i.exec(value))) return [...m[1]].map(c => parseInt(c + c, 16));
    return null;
}

// ---- downgrade steps ---------------------------------------------------------------------------
const relative = v => mapCalls(v, 'oklch', args => {
    const r = /^from\s+(var\(--[\w-]+\))\s+calc\(l\s*([+-])\s*([\d.]+)\)\s+c\s+h$/.exec(args.trim());
    if (!r) return 'oklch(' + args + ')';
    const base = /^var\((--[\w-]+)\)$/.exec(r[1]);
    let lit = null, name = base[1], hops = 0;
    while (!lit && rootVars.has(name) && hops++ < 10) {  // follow var() to an oklch literal
        const v2 = rootVars.get(name), m1 = /^oklch\(([^()]*)\)$/.exec(v2), m2 = /^var\((--[\w-]+)\)$/.exec(v2);
        if (m1) lit = parseLiteral(m1[1]); else if (m2) name = m2[1]; else break;
    }
    if (!lit) return r[1];  // unknown base: use the colour itself, undarkened
    const d = parseFloat(r[3]) * (r[2] === '-' ? -1 : 1);
    return hex(oklchToRgb(lit[0] + d, lit[1], lit[2]));
});
const colorMix = v => mapCalls(v, 'color-mix', args => {
    const parts = splitTop(args, ',').map(s => s.trim());
    if (parts.length !== 3 || parts[0] !== 'in oklab' || parts[2] !== 'transparent') return 'color-mix(' + args + ')';
    // "X calc(var(--opacity, 1) * 100%)": the opacity is 1 unless a utility class sets it.
    let m = /^(.*\S)\s+calc\(var\(--[\w-]+(?:,\s*1)?\)\s*\*\s*100%\)$/.exec(parts[1]);
    if (m) return m[1];
    m = /^(.*\S)\s+([\d.]+)%$/.exec(parts[1]);
    const rgb = m && resolveRgb(m[1]);
    return rgb ? `rgba(${rgb.join(',')},${+(parseFloat(m[2]) / 100).toFixed(3)})` : 'color-mix(' + args + ')';
});
const literals = v => mapCalls(v, 'oklch', args => {
    const lit = parseLiteral(args);
    return lit ? hex(oklchToRgb(...lit)) : 'oklch(' + args + ')';
}).replace(/oklch%28([\d.]+)%25 ([\d.]+) ([\d.]+)deg%29/g,  // inside url-encoded SVG data: URIs
    (_, l, c, h) => '%23' + hex(oklchToRgb(l / 100, +c, +h)).slice(1));
// Two tiers, each restating every declaration it changes (so that the rules inside a tier keep
// Tabler's source order, and with it the cascade):
//  1. no light-dark(): Chrome/WebView < 123, Safari < 17.5 (iOS 16 included), Firefox < 120.
//     These browsers may still have color-mix() and oklch(), which stay.
//  2. no color-mix(): Chrome < 111, Safari < 16.2, Firefox < 113; none of them has oklch()
//     either (except Safari 15.4-16.1, which is served the equivalent hex values).
const TIERS = [
    ['color:light-dark(#000,#fff)', [lightDark, relative], /light-dark\(|oklch\(from/],
    ['color:color-mix(in srgb,red,blue)', [lightDark, relative, colorMix, literals], /light-dark\(|oklch\(|color-mix\(/],
];
const blocks = TIERS.map(() => []);
for (const r of rules) {
    if (r.context.some(c => c.startsWith('@keyframes'))) continue;
    TIERS.forEach(([, steps, banned], i) => {
        const decls = [];
        for (const [p, v] of r.decls) {
            const next = steps.reduce((acc, fn) => fn(acc), v);
            if (next !== v && !banned.test(next)) decls.push(`${p}:${next}`);
        }
        if (!decls.length) return;
        let rule = `${r.selector}{${decls.join(';')}}`;
        for (const c of r.context.slice().reverse()) rule = `${c}{${rule}}`;
        blocks[i].push(rule);
    });
}
let out = `/* Generated by scripts/build_assets.sh from Tabler ${version}: fallbacks for browsers without\n` +
    '   light-dark(), relative colours, color-mix() or oklch(). Light theme only. Do not edit. */\n';
TIERS.forEach(([feature], i) => {
    if (blocks[i].length) out += `@supports not (${feature}){\n${blocks[i].join('\n')}\n}\n`;
});
fs.writeFileSync(dest, out);
JS

# --- htmx
HTMX="$NM/htmx.org"
copy_min "$HTMX/dist/htmx.min.js" "$OUT/htmx/htmx.min.js"
cp "$HTMX/LICENSE" "$OUT/htmx/LICENSE"

# --- Alpine.js, CSP build (no `new Function`, so no 'unsafe-eval' in the CSP). The CDN build
# starts itself on load.
ALPINE="$NM/@alpinejs/csp"
copy_min "$ALPINE/dist/cdn.min.js" "$OUT/alpine/alpine.min.js"
write_mit "$OUT/alpine/LICENSE" "Copyright (c) 2019-2021 Caleb Porzio and contributors"
{
    echo
    echo "----------------------------------------------------------------------"
    echo "alpine.min.js bundles @vue/reactivity and @vue/shared"
    echo "($(pkg_version @vue/reactivity)), whose licence follows."
    echo "----------------------------------------------------------------------"
    echo
    cat "$NM/@vue/reactivity/LICENSE"
} >> "$OUT/alpine/LICENSE"

# --- ECharts: the official "common" build (line, bar, pie, scatter; grid, legend, tooltip,
# title, toolbox, data zoom, mark lines), a third smaller than the full echarts.min.js and enough
# for the project's charts. Pages that draw charts load it themselves (it is 700 kB): the rates
# page of casework, through static/js/casework_rates.js.
ECHARTS="$NM/echarts"
copy_min "$ECHARTS/dist/echarts.common.min.js" "$OUT/echarts/echarts.common.min.js"
cp "$ECHARTS/LICENSE" "$OUT/echarts/LICENSE"
cp "$ECHARTS/NOTICE" "$OUT/echarts/NOTICE"
{
    echo
    echo "----------------------------------------------------------------------"
    echo "echarts.common.min.js bundles zrender $(pkg_version zrender), whose licence follows."
    echo "----------------------------------------------------------------------"
    echo
    cat "$NM/zrender/LICENSE"
} >> "$OUT/echarts/LICENSE"

# Record what was built, so a reviewer can see the versions without Node.
cat > "$OUT/VERSIONS.txt" <<VERSIONS
# Generated by scripts/build_assets.sh; do not edit by hand.
@tabler/core $(pkg_version @tabler/core)
htmx.org $(pkg_version htmx.org)
@alpinejs/csp $(pkg_version @alpinejs/csp)
echarts $(pkg_version echarts)
VERSIONS

# --- Checks: nothing copied may fetch from another host at run time.
# url(...) in the CSS must be data: URIs or relative paths; no @import at all.
status=0
if grep -qE '@import' "$OUT/tabler/tabler.min.css"; then
    echo "ERROR: @import in tabler.min.css" >&2
    status=1
fi
if grep -oE 'url\([^)]*\)' "$OUT/tabler/tabler.min.css" \
        | grep -vE "^url\([\"']?data:" | grep -qE '(https?:)?//'; then
    echo "ERROR: external url() in tabler.min.css" >&2
    status=1
fi
[[ $status -eq 0 ]] || exit $status

echo "Vendored assets written to ${OUT#"$ROOT"/}:"
(cd "$OUT" && find . -type f | sort | while read -r f; do
    printf '  %-26s %8d bytes  (%d gzipped)\n' "${f#./}" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done)
