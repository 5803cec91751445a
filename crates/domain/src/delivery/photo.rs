//! PDI photos from a phone camera: JPEG, PNG or HEIC, recognised by their bytes (a file whose
//! declared type says otherwise is refused), at most 10 MB.

/// The largest photo taken.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

crate::code::coded! {
    /// What a photo is, as its bytes say.
    PhotoType {
        Jpeg => "image/jpeg",
        Png => "image/png",
        Heic => "image/heic",
    }
}

crate::codes!(PhotoType => "photo type");

/// The type the bytes are: JPEG (`FF D8 FF`), PNG (its signature) or HEIC/HEIF (an ISO-BMFF
/// `ftyp` box of a HEIF brand); anything else is not a photo.
pub fn detect(bytes: &[u8]) -> Option<PhotoType> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(PhotoType::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(PhotoType::Png);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"].iter().any(|b| brand == *b) {
            return Some(PhotoType::Heic);
        }
    }
    None
}

/// Checks an upload: not empty, not over the limit, a photo, and of the type it declares
/// (`image/jpg` and `image/heif` count as their usual names; an empty declaration trusts the bytes).
pub fn check(declared: &str, bytes: &[u8]) -> Result<PhotoType, &'static str> {
    if bytes.is_empty() {
        return Err("photo-empty");
    }
    if bytes.len() > MAX_BYTES {
        return Err("photo-too-large");
    }
    let found = detect(bytes).ok_or("photo-not-image")?;
    let declared = match declared.trim().to_ascii_lowercase().as_str() {
        "" | "application/octet-stream" => return Ok(found),
        "image/jpg" | "image/pjpeg" => "image/jpeg".to_string(),
        "image/heif" => "image/heic".to_string(),
        other => other.to_string(),
    };
    if declared != found.code() {
        return Err("photo-type-mismatch");
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_known_by_their_bytes_and_a_lie_is_refused() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
        let heic = *b"\0\0\0\x18ftypheic\0\0\0\0";
        assert_eq!(check("image/jpeg", &jpeg), Ok(PhotoType::Jpeg));
        assert_eq!(check("image/jpg", &jpeg), Ok(PhotoType::Jpeg));
        assert_eq!(check("image/heif", &heic), Ok(PhotoType::Heic));
        assert_eq!(check("image/png", &jpeg), Err("photo-type-mismatch"));
        assert_eq!(check("image/jpeg", b"%PDF-1.7"), Err("photo-not-image"));
        assert_eq!(check("image/jpeg", &[]), Err("photo-empty"));
        let mut big = jpeg.to_vec();
        big.resize(MAX_BYTES + 1, 0);
        assert_eq!(check("image/jpeg", &big), Err("photo-too-large"));
    }
}
