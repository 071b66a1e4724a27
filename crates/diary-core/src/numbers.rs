//! Floor 0: numbers written as the diary writes them everywhere, the care team's alert
//! details and the patient's facts alike (at most three decimals, no trailing zeros). It
//! sits at the bottom so the rules and the words both read it without reading each other.

/// Writes a number with at most three decimals and at least `min_decimals`.
pub fn fmt_dec(value: f64, min_decimals: usize) -> String {
    let mut text = format!("{value:.3}");
    if text.contains('.') {
        let keep = text.find('.').unwrap() + 1 + min_decimals;
        while text.len() > keep && text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    if text == "-0" {
        text = "0".to_string();
    }
    text
}

/// Writes a number as it would be written on a lab sheet: no trailing zeros.
pub fn fmt_num(value: f64) -> String {
    fmt_dec(value, 0)
}
