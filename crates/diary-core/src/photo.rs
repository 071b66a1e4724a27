//! A photo the patient sends the care team with a message (a rash, a lab sheet): only JPEG
//! or PNG, at most [`MAX_PHOTO_BYTES`], and with its metadata taken out before it is kept
//! — a phone's photo carries the place it was taken (EXIF GPS), the device and the time,
//! which the care team does not need and the patient did not mean to send. The container's
//! metadata is removed by `img-parts` (JPEG APP1–APP15 and COM segments; PNG text, time
//! and EXIF chunks); the picture's own data is not decoded or changed. Pure: bytes in,
//! bytes out.

use crate::error::FieldError;
use img_parts::jpeg::{markers, Jpeg};
use img_parts::png::Png;
use img_parts::Bytes;

/// The largest photo kept, in bytes (after its metadata is removed): 5 MiB, enough for a
/// phone's photo of a rash or a lab sheet, small enough for a FHIR server's request limit.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;

crate::vocabulary::vocabulary!(
    /// The photo types kept, as MIME types (FHIR `Attachment.contentType`).
    PhotoType {
        Jpeg => "image/jpeg",
        Png => "image/png",
    }
);

/// A photo as kept: its type and its bytes, metadata removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub kind: PhotoType,
    pub bytes: Vec<u8>,
}

/// The PNG chunks that carry words or a time rather than the picture (PNG 1.2 §4.2, the
/// EXIF chunk of PNG 1.5): removed.
const PNG_METADATA: &[[u8; 4]] = &[*b"tEXt", *b"zTXt", *b"iTXt", *b"eXIf", *b"tIME"];

impl Photo {
    /// `bytes` as a photo to keep, checked and with its metadata removed; an error naming
    /// `field` when it is empty, too large, or neither a JPEG nor a PNG.
    pub fn clean(field: &str, bytes: &[u8]) -> Result<Photo, FieldError> {
        if bytes.is_empty() {
            return Err(FieldError::new(field, "the file is empty"));
        }
        // Refused before any parsing: a huge file is not read into a second buffer.
        if bytes.len() > 4 * MAX_PHOTO_BYTES {
            return Err(too_large(field, bytes.len()));
        }
        let data = Bytes::copy_from_slice(bytes);
        let (kind, out) = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            let mut jpeg = Jpeg::from_bytes(data)
                .map_err(|_| FieldError::new(field, "the file is not a readable JPEG photo"))?;
            jpeg.segments_mut().retain(|s| {
                let m = s.marker();
                !((markers::APP1..=markers::APP15).contains(&m) || m == markers::COM)
            });
            (PhotoType::Jpeg, jpeg.encoder().bytes())
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            let mut png = Png::from_bytes(data)
                .map_err(|_| FieldError::new(field, "the file is not a readable PNG picture"))?;
            png.chunks_mut()
                .retain(|c| !PNG_METADATA.contains(&c.kind()));
            (PhotoType::Png, png.encoder().bytes())
        } else {
            return Err(FieldError::new(
                field,
                "only a photo is sent: a JPEG or PNG picture",
            ));
        };
        if out.len() > MAX_PHOTO_BYTES {
            return Err(too_large(field, out.len()));
        }
        Ok(Photo {
            kind,
            bytes: out.to_vec(),
        })
    }
}

fn too_large(field: &str, len: usize) -> FieldError {
    FieldError::new(
        field,
        format!(
            "the photo is {:.1} MB; at most {} MB can be sent",
            len as f64 / 1_048_576.0,
            MAX_PHOTO_BYTES / 1_048_576
        ),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal JPEG: SOI, an APP0 (JFIF), an APP1 (EXIF with "GPS"), a COM, then a
    /// quantisation table, the frame, scan header and EOI — enough for the container.
    pub(crate) fn jpeg_with_metadata() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        let segment = |b: &mut Vec<u8>, marker: u8, body: &[u8]| {
            b.extend([0xFF, marker]);
            b.extend(((body.len() + 2) as u16).to_be_bytes());
            b.extend(body);
        };
        segment(&mut b, 0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        segment(&mut b, 0xE1, b"Exif\0\0GPS 41.3111 N 69.2797 E");
        segment(&mut b, 0xFE, b"taken at home");
        segment(&mut b, 0xDB, &[0u8; 65]);
        segment(&mut b, 0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
        segment(&mut b, 0xDA, &[1, 1, 0, 0, 0x3F, 0]);
        b.extend([0x00, 0x11, 0x22]);
        b.extend([0xFF, 0xD9]);
        b
    }

    /// CRC-32 (ISO-HDLC), as each PNG chunk carries it, for the test picture only.
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

    /// A PNG: signature, IHDR, a tEXt chunk with a place, IDAT, IEND.
    pub(crate) fn png_with_metadata() -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        let chunk = |b: &mut Vec<u8>, kind: &[u8; 4], body: &[u8]| {
            b.extend((body.len() as u32).to_be_bytes());
            let start = b.len();
            b.extend(kind);
            b.extend(body);
            let crc = crc32(&b[start..]);
            b.extend(crc.to_be_bytes());
        };
        chunk(&mut b, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        chunk(&mut b, b"tEXt", b"Location\0Tashkent");
        chunk(&mut b, b"IDAT", &[0x78, 0x9C, 0x63, 0, 0, 0, 2, 0, 1]);
        chunk(&mut b, b"IEND", &[]);
        b
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_jpeg_keeps_its_picture_and_loses_its_metadata() {
        let raw = jpeg_with_metadata();
        assert!(contains(&raw, b"GPS") && contains(&raw, b"taken at home"));
        let photo = Photo::clean("message.photo", &raw).unwrap();
        assert_eq!(photo.kind, PhotoType::Jpeg);
        assert!(!contains(&photo.bytes, b"GPS"), "EXIF removed");
        assert!(!contains(&photo.bytes, b"taken at home"), "comment removed");
        assert!(contains(&photo.bytes, b"JFIF"), "APP0 kept");
        assert!(
            contains(&photo.bytes, &[0x00, 0x11, 0x22]),
            "the picture kept"
        );
        // Cleaning again changes nothing.
        assert_eq!(Photo::clean("message.photo", &photo.bytes).unwrap(), photo);
    }

    #[test]
    fn a_png_loses_its_text_chunks() {
        let photo = Photo::clean("message.photo", &png_with_metadata()).unwrap();
        assert_eq!(photo.kind, PhotoType::Png);
        assert!(!contains(&photo.bytes, b"Tashkent"));
        assert!(contains(&photo.bytes, b"IDAT"));
    }

    #[test]
    fn what_is_not_a_photo_is_refused_naming_the_field() {
        let check = |bytes: &[u8], words: &str| {
            let e = Photo::clean("message.photo", bytes).unwrap_err();
            assert_eq!(e.path, "message.photo");
            assert!(e.to_string().contains(words), "{e}");
        };
        check(b"", "empty");
        check(b"%PDF-1.7 a lab sheet", "JPEG or PNG");
        check(b"GIF89a", "JPEG or PNG");
        check(&[0xFF, 0xD8, 0xFF, 0x00], "not a readable JPEG");
        let mut big = jpeg_with_metadata();
        let eoi = big.len() - 2;
        big.splice(eoi..eoi, std::iter::repeat_n(0x55, MAX_PHOTO_BYTES));
        check(&big, "at most 5 MB");
    }
}
