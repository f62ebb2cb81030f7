//! f64 values cross the process boundary as the 16 hex digits of their IEEE-754 bits: JSON numbers cannot carry
//! NaN, infinities or the sign of zero, and decimal text would round-trip only as well as each side's parser.

pub fn parse(hex: &str) -> Result<f64, String> {
    if hex.len() != 16 {
        return Err(format!("f64 bits must be 16 hex digits, got {hex:?}"));
    }
    u64::from_str_radix(hex, 16)
        .map(f64::from_bits)
        .map_err(|e| format!("f64 bits {hex:?} are not hex: {e}"))
}
