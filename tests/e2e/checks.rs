//! The checks run on every screen the scenarios reach: axe-core (no violation), a visible
//! focus ring on every focusable element, and no raw message key or untranslated word.

use crate::driver::{root, Session};
use serde_json::json;

/// Runs axe-core on the current screen and fails on any violation.
pub fn axe(s: &Session, screen: &str) {
    if s.exec("return typeof window.axe;", json!([])) != json!("object") {
        let path = root().join("ui/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{} is missing (run scripts/build-ui.sh): {e}",
                path.display()
            )
        });
        s.exec(&format!("{source}\n;return typeof window.axe;"), json!([]));
    }
    let result = s.exec_async(
        "const done = arguments[arguments.length - 1];
         window.axe.run(document, {resultTypes: ['violations']})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' '))}))))
           .catch(e => done([{id: 'axe-error', help: String(e)}]));",
        json!([]),
    );
    let violations = result.as_array().cloned().unwrap_or_default();
    assert!(
        violations.is_empty(),
        "axe found violations on the {screen} screen: {}",
        serde_json::to_string_pretty(&violations).unwrap()
    );
    eprintln!("axe: {screen}: no violations");
    focus_ring_is_visible_everywhere(s, screen);
    no_raw_words(s, screen);
}

/// The focus indicator (a dark ring between white ones, `--focus-ink` / `--focus-halo`)
/// has at least 3:1 contrast against the background around every control of the screen
/// (WCAG 2.2 asks 3:1 for focus indicators); measured on the real page, not assumed.
pub fn focus_ring_is_visible_everywhere(s: &Session, screen: &str) {
    let worst = s.exec(
        "const probe = document.createElement('span');
         document.body.appendChild(probe);
         const colour = (css) => { probe.style.color = css; return getComputedStyle(probe).color; };
         const ink = colour('var(--focus-ink)'), halo = colour('var(--focus-halo)');
         probe.remove();
         const rgb = (c) => { const m = (c.match(/[\\d.]+/g) || []).map(Number);
           return m.length < 3 ? null : {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
         const lum = ({r, g, b}) => { const f = (v) => { v /= 255;
           return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
           return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
         const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
           return (x + 0.05) / (y + 0.05); };
         const background = (el) => { for (let e = el; e; e = e.parentElement) {
             const c = rgb(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; }
           return {r: 255, g: 255, b: 255, a: 1}; };
         let worst = {ratio: 99, what: 'nothing focusable'};
         const all = document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex=\"-1\"])');
         for (const el of all) {
           if (el.disabled || el.offsetParent === null) continue;
           const ringHost = el.closest('.choice') || el;
           const bg = background(ringHost.parentElement);
           const ratio = Math.max(contrast(rgb(ink), bg), contrast(rgb(halo), bg));
           if (ratio < worst.ratio) worst = {ratio, what: (el.id || el.name || el.tagName) + ' on ' + getComputedStyle(ringHost.parentElement).backgroundColor};
         }
         return worst;",
        json!([]),
    );
    let ratio = worst["ratio"].as_f64().unwrap_or(0.0);
    assert!(
        ratio >= 3.0,
        "the focus ring has only {ratio:.2}:1 contrast on the {screen} screen ({})",
        worst["what"]
    );
}

/// No screen shows a raw error code or a field path: every error is a sentence.
pub fn no_raw_words(s: &Session, screen: &str) {
    let text = s.exec("return document.body.innerText;", json!([]));
    let text = text.as_str().unwrap_or_default();
    // The codes that are words of their own (`invalid_field`, `sync_off`); `io` or
    // `network` are plain words a sentence may use.
    for code in diary_core::ErrorCode::ALL
        .iter()
        .filter(|c| c.as_str().contains('_'))
    {
        assert!(
            !text.contains(code.as_str()),
            "the {screen} screen shows the code {code}: {text}"
        );
    }
    // A field path: a known prefix straight followed by a field name (`report.signs[1]`,
    // `sync.server_url`); "today's report." ends a sentence and is fine.
    for prefix in ["report.", "settings.", "profile.", "sync.", "lab."] {
        for (at, _) in text.match_indices(prefix) {
            let next = text[at + prefix.len()..].chars().next();
            assert!(
                !next.is_some_and(|c| c.is_ascii_lowercase()),
                "the {screen} screen shows a field path at {:?}: {text}",
                text[at..].chars().take(30).collect::<String>()
            );
        }
    }
}
