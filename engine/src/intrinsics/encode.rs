//! The encoding functions: Base64Encode, Base64Decode, Hash and UUID.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use md5::Md5;
use serde_json::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::value::{fail, string};
use crate::StatesError;

/// The algorithms `States.Hash` accepts, spelled as AWS spells them.
pub(crate) const ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// The longest input Base64Encode, Base64Decode and Hash accept (AWS's limit).
pub(super) const MAX_INPUT_CHARS: usize = 10_000;

/// Padding is optional when decoding, as with Java's `Base64.getDecoder()`.
const LENIENT: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent));

fn limited<'a>(func: &str, v: &'a Value) -> Result<&'a str, StatesError> {
    let s = string(func, v)?;
    if s.chars().count() > MAX_INPUT_CHARS {
        return Err(fail(format!("The input to {func} must not exceed {MAX_INPUT_CHARS} characters")));
    }
    Ok(s)
}

/// `States.Base64Encode(s)`.
pub(super) fn base64_encode(args: &[Value]) -> Result<Value, StatesError> {
    Ok(Value::String(STANDARD.encode(limited("States.Base64Encode", &args[0])?)))
}

/// `States.Base64Decode(s)`.
pub(super) fn base64_decode(args: &[Value]) -> Result<Value, StatesError> {
    let s = limited("States.Base64Decode", &args[0])?;
    let bytes = LENIENT.decode(s).map_err(|_| fail(format!("The input to States.Base64Decode is not valid base64: {s}")))?;
    Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
}

/// `States.Hash(data, algorithm)`: lowercase hex digest of the UTF-8 bytes.
pub(super) fn hash(args: &[Value]) -> Result<Value, StatesError> {
    let data = limited("States.Hash", &args[0])?;
    let algo = string("States.Hash", &args[1])?;
    let digest: Vec<u8> = match algo {
        "MD5" => Md5::digest(data).to_vec(),
        "SHA-1" => Sha1::digest(data).to_vec(),
        "SHA-256" => Sha256::digest(data).to_vec(),
        "SHA-384" => Sha384::digest(data).to_vec(),
        "SHA-512" => Sha512::digest(data).to_vec(),
        other => {
            return Err(fail(format!("The hash algorithm {other} is not supported; use one of {}", ALGORITHMS.join(", "))))
        }
    };
    Ok(Value::String(digest.iter().map(|b| format!("{b:02x}")).collect()))
}

/// `States.UUID()`: a random version-4 UUID.
pub(super) fn uuid() -> Value {
    let mut bytes = [0u8; 16];
    bytes.iter_mut().for_each(|b| *b = fastrand::u8(..));
    Value::String(uuid::Builder::from_random_bytes(bytes).into_uuid().to_string())
}
