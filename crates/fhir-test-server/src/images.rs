//! Test pictures the diary's tests send (the e2e messages scenario, the sync servers'
//! message test): made here once, byte by byte, so every test sends the same thing.

/// CRC-32 (ISO-HDLC), as each PNG chunk carries it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The place [`png_with_a_place`] names in its text chunk, which must never leave a diary.
pub const PLACE: &[u8] = b"Tashkent";

/// A 1×1 PNG with a `tEXt` chunk naming [`PLACE`].
pub fn png_with_a_place() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8; 4], body: &[u8]| {
        b.extend((body.len() as u32).to_be_bytes());
        let start = b.len();
        b.extend(kind);
        b.extend(body);
        let crc = crc32(&b[start..]);
        b.extend(crc.to_be_bytes());
    };
    chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    chunk(b"tEXt", &[b"Location\0".as_slice(), PLACE].concat());
    chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0, 0, 0, 2, 0, 1]);
    chunk(b"IEND", &[]);
    b
}

/// Whether `bytes` hold [`PLACE`].
pub fn names_the_place(bytes: &[u8]) -> bool {
    bytes.windows(PLACE.len()).any(|w| w == PLACE)
}
