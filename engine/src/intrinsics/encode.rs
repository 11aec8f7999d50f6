//! The encoding functions: Base64Encode, Base64Decode, Hash and UUID.
//!
//! Decoding is as lenient as AWS (which behaves like Apache commons-codec): characters
//! outside the alphabet are skipped, `=` ends the data, `-`/`_` count as `+`/`/`, and missing
//! padding is fine. Inputs above 10,000 characters are refused.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use md5::Md5;
use serde_json::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::value::{invalid, string, text};

/// The longest input Base64Encode, Base64Decode and Hash accept (AWS's limit).
pub(super) const MAX_INPUT_CHARS: usize = 10_000;

fn limited<'a>(func: &str, s: &'a str) -> Result<&'a str, String> {
    if s.chars().count() > MAX_INPUT_CHARS {
        return Err(invalid(func));
    }
    Ok(s)
}

/// `States.Base64Encode(s)`.
pub(super) fn base64_encode(args: &[Value]) -> Result<Value, String> {
    let f = "States.Base64Encode";
    Ok(Value::String(
        STANDARD.encode(limited(f, string(f, &args[0])?)?),
    ))
}

/// `States.Base64Decode(s)`: the decoded bytes as UTF-8 text.
pub(super) fn base64_decode(args: &[Value]) -> Result<Value, String> {
    let f = "States.Base64Decode";
    let s = limited(f, string(f, &args[0])?)?;
    Ok(Value::String(
        String::from_utf8_lossy(&lenient_decode(s)).into_owned(),
    ))
}

fn sextet(c: char) -> Option<u32> {
    Some(match c {
        'A'..='Z' => c as u32 - 'A' as u32,
        'a'..='z' => c as u32 - 'a' as u32 + 26,
        '0'..='9' => c as u32 - '0' as u32 + 52,
        '+' | '-' => 62,
        '/' | '_' => 63,
        _ => return None,
    })
}

fn lenient_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.chars().take_while(|c| *c != '=') {
        if let Some(v) = sextet(c) {
            acc = (acc << 6) | v;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
    }
    out
}

/// `States.Hash(data, algorithm)`: lowercase hex digest of the UTF-8 bytes; the algorithm is
/// one of `MD5`, `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`, spelled exactly so. Data that is not
/// a string is hashed as its JSON text, as AWS does.
pub(crate) fn hash(args: &[Value]) -> Result<Value, String> {
    let f = "States.Hash";
    let owned;
    let data = match &args[0] {
        Value::String(s) => s.as_str(),
        other => {
            owned = text(other);
            owned.as_str()
        }
    };
    let data = limited(f, data)?;
    let digest: Vec<u8> = match string(f, &args[1])? {
        "MD5" => Md5::digest(data).to_vec(),
        "SHA-1" => Sha1::digest(data).to_vec(),
        "SHA-256" => Sha256::digest(data).to_vec(),
        "SHA-384" => Sha384::digest(data).to_vec(),
        "SHA-512" => Sha512::digest(data).to_vec(),
        _ => return Err(invalid(f)),
    };
    Ok(Value::String(
        digest.iter().map(|b| format!("{b:02x}")).collect(),
    ))
}

/// `States.UUID()`: a random version-4 UUID.
pub(crate) fn uuid() -> Value {
    let mut bytes = [0u8; 16];
    bytes.iter_mut().for_each(|b| *b = fastrand::u8(..));
    Value::String(
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string(),
    )
}
