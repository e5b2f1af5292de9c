//! The scalar values of RON: strings (with escapes), raw strings and numbers.

use std::borrow::Cow;

use super::{Parser, SyntaxError, Value};

impl<'a> Parser<'a, '_> {
    pub(super) fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let text: &'a str = self.text;
        let unterminated =
            |parser: &Self| parser.error_at(start, "字符串没有结束：缺少右边的英文双引号 \"");
        // Most strings have no escape: borrow them from the text instead of copying. The quote is
        // found with SIMD: strings are most of a bank's bytes.
        let run = memchr::memchr2(b'"', b'\\', &self.bytes[self.pos..])
            .ok_or_else(|| unterminated(self))?;
        if self.bytes[self.pos + run] == b'"' {
            let content = &text[self.pos..self.pos + run];
            self.pos += run + 1;
            return Ok(Cow::Borrowed(content));
        }
        let mut out = String::new();
        loop {
            let run = memchr::memchr2(b'"', b'\\', &self.bytes[self.pos..])
                .ok_or_else(|| unterminated(self))?;
            out.push_str(&text[self.pos..self.pos + run]);
            self.pos += run;
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                return Ok(Cow::Owned(out));
            }
            self.escape(&mut out)?;
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let at = self.pos;
        self.pos += 1;
        let c = self
            .current_char()
            .ok_or_else(|| self.error_at(at, "字符串没有结束：缺少右边的英文双引号 \""))?;
        self.pos += c.len_utf8();
        match c {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '/' => out.push('/'),
            '\'' => out.push('\''),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            '\n' => {
                // A backslash at the end of a line continues the string without the line break.
                while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                    self.pos += 1;
                }
            }
            'u' => {
                let braced = self.peek() == Some(b'{');
                if braced {
                    self.pos += 1;
                }
                let digits_start = self.pos;
                while matches!(self.peek(), Some(b) if b.is_ascii_hexdigit())
                    && self.pos - digits_start < 6
                {
                    self.pos += 1;
                }
                let digits = &self.text[digits_start..self.pos];
                if braced {
                    if self.peek() != Some(b'}') {
                        return Err(self.error_at(at, "\\u{…} 转义没有用 } 结束"));
                    }
                    self.pos += 1;
                }
                let decoded = u32::from_str_radix(digits, 16)
                    .ok()
                    .and_then(char::from_u32);
                match decoded {
                    Some(ch) if !digits.is_empty() => out.push(ch),
                    _ => return Err(self.error_at(at, format!("无效的 Unicode 转义 \\u{digits}"))),
                }
            }
            other => {
                return Err(self.error_at(
                    at,
                    format!("无效的转义“\\{other}”：字符串里的反斜杠须写成 \\\\"),
                ));
            }
        }
        Ok(())
    }

    pub(super) fn raw_string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek() != Some(b'"') {
            return Err(self.error_at(start, "原始字符串 r#\"…\"# 的写法不对"));
        }
        self.pos += 1;
        let mut closing = String::from("\"");
        closing.push_str(&"#".repeat(hashes));
        let content_start = self.pos;
        match self.text[content_start..].find(&closing) {
            Some(len) => {
                self.pos = content_start + len + closing.len();
                let text: &'a str = self.text;
                Ok(Cow::Borrowed(&text[content_start..content_start + len]))
            }
            None => Err(self.error_at(start, "原始字符串没有结束")),
        }
    }

    pub(super) fn number(&mut self) -> Result<Value<'a>, SyntaxError> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        let hex = self.bytes.get(self.pos..self.pos + 2) == Some(b"0x");
        if hex {
            self.pos += 2;
        }
        let mut is_float = false;
        while let Some(b) = self.peek() {
            match b {
                b'0'..=b'9' | b'_' => self.pos += 1,
                b'a'..=b'f' | b'A'..=b'F' if hex => self.pos += 1,
                b'.' | b'e' | b'E' if !hex => {
                    is_float = true;
                    self.pos += 1;
                    if matches!(b, b'e' | b'E') && matches!(self.peek(), Some(b'-' | b'+')) {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
        let literal: String = self.text[start..self.pos]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        let bad = || SyntaxError {
            offset: start,
            message: format!("“{literal}”不是有效的数字"),
        };
        if hex {
            let negative = literal.starts_with('-');
            let digits = literal
                .trim_start_matches(['-', '+'])
                .trim_start_matches("0x");
            let magnitude = i64::from_str_radix(digits, 16).map_err(|_| bad())?;
            return Ok(Value::Int(if negative { -magnitude } else { magnitude }));
        }
        if is_float {
            literal.parse::<f64>().map(Value::Float).map_err(|_| bad())
        } else {
            literal.parse::<i64>().map(Value::Int).map_err(|_| bad())
        }
    }
}
