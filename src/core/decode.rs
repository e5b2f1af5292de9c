//! Bytes to text: the encodings Chinese bank files really arrive in.

use std::borrow::Cow;

/// The encoding a file was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (Windows Notepad's "UTF-8 with BOM").
    Utf8Bom,
    /// UTF-16 little endian with a byte order mark (Notepad's "Unicode").
    Utf16Le,
    /// UTF-16 big endian with a byte order mark.
    Utf16Be,
    /// GB18030, the superset of GBK and GB2312 (Notepad's "ANSI" on a Chinese Windows).
    Gb18030,
    /// UTF-16 little endian without a byte order mark (some export tools write it).
    Utf16LeNoBom,
    /// UTF-16 big endian without a byte order mark.
    Utf16BeNoBom,
}

impl Encoding {
    /// The name shown in reports.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8（带 BOM）",
            Encoding::Utf16Le => "UTF-16 LE（带 BOM）",
            Encoding::Utf16Be => "UTF-16 BE（带 BOM）",
            Encoding::Gb18030 => "GBK/GB18030",
            Encoding::Utf16LeNoBom => "UTF-16 LE（无 BOM）",
            Encoding::Utf16BeNoBom => "UTF-16 BE（无 BOM）",
        }
    }
}

/// Why a file could not be read as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset of the first byte that could not be decoded.
    pub offset: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Decodes a text file: a BOM decides; without one, strict UTF-8, then strict GB18030.
///
/// UTF-8 text is borrowed, not copied: a bank of 100,000 questions is tens of megabytes.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, 3).map(|text| (Cow::Borrowed(text), Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, encoding_rs::UTF_16LE)
            .map(|text| (Cow::Owned(text), Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, encoding_rs::UTF_16BE)
            .map(|text| (Cow::Owned(text), Encoding::Utf16Be));
    }
    if let Some((label, which)) = utf16_without_bom(bytes)
        && let Ok(text) = utf16(bytes, which)
        && looks_like_text(&text)
    {
        return Ok((Cow::Owned(text), label));
    }
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(DecodeError {
            offset,
            message: "文件含有空字节，不是文本文件（可能是图片、压缩包或 Word/Excel 文件；Excel 题库请另存为 CSV 或使用导入功能）".to_owned(),
        });
    }
    // SIMD validation first: a bank of tens of megabytes is checked several times faster.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), Encoding::Utf8));
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((Cow::Borrowed(text), Encoding::Utf8)),
        Err(error) => error,
    };
    // Text that is not UTF-8 and came from a Chinese Windows is almost always GBK;
    // strict decoding refuses anything that is not, so a wrong guess cannot produce mojibake.
    let (text, had_errors) = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map_or((String::new(), true), |text| (text.into_owned(), false));
    if !had_errors && looks_like_text(&text) {
        return Ok((Cow::Owned(text), Encoding::Gb18030));
    }
    Err(DecodeError {
        offset: utf8_error.valid_up_to(),
        message: format!(
            "第 {} 字节处的内容既不是 UTF-8 也不是 GBK/GB18030 编码的文字。请用记事本打开，“另存为”时把编码选为 UTF-8",
            utf8_error.valid_up_to() + 1
        ),
    })
}

fn utf8(bytes: &[u8], bom_len: usize) -> Result<&str, DecodeError> {
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|error| DecodeError {
        offset: error.valid_up_to() + bom_len,
        message: format!(
            "文件开头标明是 UTF-8，但第 {} 字节处不是有效的 UTF-8。请用记事本重新“另存为”UTF-8",
            error.valid_up_to() + bom_len + 1
        ),
    })
}

fn utf16(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> Result<String, DecodeError> {
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(text.into_owned()),
        None => Err(DecodeError {
            offset: 2,
            message: "文件是 UTF-16 编码，但内容不是有效的 UTF-16。请用记事本重新“另存为”UTF-8"
                .to_owned(),
        }),
    }
}

/// UTF-16 without a byte order mark, told by where its zero bytes fall: text in UTF-16 has a zero
/// in one byte of every ASCII character (digits, punctuation, line breaks), nearly always the same
/// one of the pair, and never two zeros together; binary data has them anywhere.
fn utf16_without_bom(bytes: &[u8]) -> Option<(Encoding, &'static encoding_rs::Encoding)> {
    if bytes.len() < 16 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        match (pair[0] == 0, pair[1] == 0) {
            (true, true) => return None,
            (true, false) => even += 1,
            (false, true) => odd += 1,
            _ => {}
        }
    }
    let pairs = sample.len() / 2;
    // Line breaks and ASCII punctuation alone make a tenth of the pairs in any bank or list; a
    // few zeros on the other side are hanzi such as 一 (U+4E00).
    if odd * 10 >= pairs && even * 5 <= odd {
        Some((Encoding::Utf16LeNoBom, encoding_rs::UTF_16LE))
    } else if even * 10 >= pairs && odd * 5 <= even {
        Some((Encoding::Utf16BeNoBom, encoding_rs::UTF_16BE))
    } else {
        None
    }
}

/// Rejects decodings full of control characters, which random binary data produces.
fn looks_like_text(text: &str) -> bool {
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    controls * 100 <= text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(decoded: Result<(Cow<'_, str>, Encoding), DecodeError>) -> (String, Encoding) {
        let (text, encoding) = decoded.expect("decodes");
        (text.into_owned(), encoding)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            owned(decode("题库".as_bytes())),
            ("题库".to_owned(), Encoding::Utf8)
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("题库".as_bytes());
        assert_eq!(owned(decode(&bom)), ("题库".to_owned(), Encoding::Utf8Bom));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for unit in "党史".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(owned(decode(&le)), ("党史".to_owned(), Encoding::Utf16Le));
        let mut be = vec![0xFE, 0xFF];
        for unit in "党史".encode_utf16() {
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(owned(decode(&be)), ("党史".to_owned(), Encoding::Utf16Be));
    }

    #[test]
    fn utf16_without_bom_is_told_by_its_zero_bytes() {
        let text = "id,题干,答案\nq1,中国共产党成立于哪一年？,1921\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(
            owned(decode(&le)),
            (text.to_owned(), Encoding::Utf16LeNoBom)
        );
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            owned(decode(&be)),
            (text.to_owned(), Encoding::Utf16BeNoBom)
        );
        let mut binary = vec![0u8; 64];
        binary[..8].copy_from_slice(b"\x89PNG\r\n\x1a\n");
        assert!(decode(&binary).is_err(), "zero pairs: not text");
    }

    #[test]
    fn gbk_is_detected_without_bom() {
        let (bytes, _, _) = encoding_rs::GBK.encode("(title: \"朱镕基\")");
        let (text, encoding) = owned(decode(&bytes));
        assert_eq!(text, "(title: \"朱镕基\")");
        assert_eq!(encoding, Encoding::Gb18030);
    }

    #[test]
    fn binary_is_refused_with_an_offset() {
        let error = decode(&[b'(', 0, 1, 2]).unwrap_err();
        assert_eq!(error.offset, 1);
        assert!(error.message.contains("不是文本文件"));
        let error = decode(&[b'a', 0xFF, 0xFF, 0xFF, 0x80]).unwrap_err();
        assert_eq!(error.offset, 1);
        assert!(error.message.contains("GBK"));
    }
}
