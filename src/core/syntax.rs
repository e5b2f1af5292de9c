//! A RON reader that keeps where every value is, so each problem in a bank can name its line and column.
//!
//! It reads the part of RON that banks use (structs, tuples, lists, maps, strings, numbers, booleans,
//! identifiers, `Some(..)`/`None`, comments) and stops at the first syntax error with a hint for the
//! mistakes Chinese authors make most: full-width commas, colons and brackets, and curly quotes.

use std::borrow::Cow;

/// How deep brackets may nest; deeper input is refused instead of overflowing the stack.
pub const MAX_DEPTH: usize = 64;

/// A value and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'t> {
    /// The value.
    pub value: Value<'t>,
    /// Byte offset of its first character.
    pub offset: usize,
}

/// A named field of a struct.
#[derive(Clone, Debug, PartialEq)]
pub struct Field<'t> {
    /// The field name as written.
    pub name: &'t str,
    /// Byte offset of the name.
    pub name_offset: usize,
    /// The value.
    pub value: Node<'t>,
}

/// A RON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'t> {
    /// `"text"` or `r#"text"#`.
    /// Borrowed from the text unless it had escapes.
    Str(Cow<'t, str>),
    /// An integer.
    Int(i64),
    /// A number with a fraction or exponent.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A bare identifier such as an enum variant: `Single`, `None`.
    Ident(&'t str),
    /// `Name(field: value, ..)` or `(field: value, ..)`.
    Struct {
        /// The optional name before the parenthesis.
        name: Option<&'t str>,
        /// The fields in order.
        fields: Vec<Field<'t>>,
    },
    /// `Name(a, b)` or `(a, b)`, including `Some(x)` and `()`.
    Tuple {
        /// The optional name before the parenthesis.
        name: Option<&'t str>,
        /// The items in order.
        items: Vec<Node<'t>>,
    },
    /// `[a, b]`.
    List(Vec<Node<'t>>),
    /// `{ key: value }`.
    Map(Vec<(Node<'t>, Node<'t>)>),
}

impl Value<'_> {
    /// What this value is, in words for an error message.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Str(_) => "字符串",
            Value::Int(_) | Value::Float(_) => "数字",
            Value::Bool(_) => "true/false",
            Value::Ident(_) => "不带引号的名称",
            Value::Struct { .. } => "括号 ( ) 结构",
            Value::Tuple { .. } => "括号 ( ) 结构",
            Value::List(_) => "列表 [ ]",
            Value::Map(_) => "映射 { }",
        }
    }
}

/// The first syntax error in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset where reading failed.
    pub offset: usize,
    /// What is wrong, in Chinese, with a hint where there is one.
    pub message: String,
}

/// Reads one RON value from `text`, which must hold nothing else but whitespace and comments.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    parse_streaming(text, "", &mut |_| {})
}

/// Like [`parse`], but each item of the list in the root struct's field `field` is handed to
/// `on_item` as soon as it is read and left out of the tree (the list is then empty in it).
///
/// A bank of 100,000 questions is then checked one question at a time, instead of first building
/// a tree of every question and keeping it all in memory.
pub fn parse_streaming<'t>(
    text: &'t str,
    field: &str,
    on_item: &mut dyn FnMut(Node<'t>),
) -> Result<Node<'t>, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        stream_field: field,
        on_item,
    };
    parser.skip_trivia()?;
    if parser.pos >= parser.bytes.len() {
        return Err(SyntaxError {
            offset: 0,
            message: "文件是空的（或只有注释），没有题库内容".to_owned(),
        });
    }
    let node = parser.value()?;
    parser.skip_trivia()?;
    if parser.pos < parser.bytes.len() {
        return Err(parser.unexpected("题库在此之前已经结束，后面不应再有内容"));
    }
    Ok(node)
}

struct Parser<'a, 's> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// The root struct's field whose list items go to `on_item` ("" for none).
    stream_field: &'s str,
    on_item: &'s mut dyn FnMut(Node<'a>),
}

/// Hints for full-width characters typed where RON wants ASCII.
fn full_width_hint(c: char) -> Option<&'static str> {
    Some(match c {
        '，' => "这里用了全角逗号“，”：题库的语法部分须用半角逗号“,”（切换到英文输入法）",
        '：' => "这里用了全角冒号“：”：字段名后须用半角冒号“:”（切换到英文输入法）",
        '“' | '”' => {
            "这里用了中文引号“ ”：字符串须用英文双引号 \" \" 括起来（切换到英文输入法）"
        }
        '‘' | '’' => "这里用了中文单引号：字符串须用英文双引号 \" \" 括起来",
        '（' | '）' => "这里用了全角括号“（ ）”：须用半角括号“( )”（切换到英文输入法）",
        '【' | '】' | '［' | '］' => "这里用了全角方括号：列表须用半角方括号“[ ]”",
        '；' => "这里用了全角分号“；”：字段之间须用半角逗号“,”",
        '\u{3000}' => "这里有一个全角空格：语法部分只能用半角空格",
        _ => return None,
    })
}

impl<'a> Parser<'a, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn current_char(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn error_at(&self, offset: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset,
            message: message.into(),
        }
    }

    /// An error at the current position, explaining the character found there.
    fn unexpected(&self, expected: &str) -> SyntaxError {
        let message = match self.current_char() {
            None => format!("文件意外结束：{expected}"),
            Some(c) => match full_width_hint(c) {
                Some(hint) => hint.to_owned(),
                None => format!("此处的“{c}”不符合格式：{expected}"),
            },
        };
        self.error_at(self.pos, message)
    }

    fn skip_trivia(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(b) = self.peek() {
                        if b == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    self.block_comment()?;
                }
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 2;
        let mut level = 1usize;
        while level > 0 {
            match (self.peek(), self.bytes.get(self.pos + 1)) {
                (None, _) => return Err(self.error_at(start, "块注释 /* 没有用 */ 结束")),
                (Some(b'*'), Some(b'/')) => {
                    level -= 1;
                    self.pos += 2;
                }
                (Some(b'/'), Some(b'*')) => {
                    level += 1;
                    self.pos += 2;
                }
                _ => self.pos += 1,
            }
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Node<'a>, SyntaxError> {
        let offset = self.pos;
        let value = match self.peek() {
            Some(b'"') => Value::Str(self.string()?),
            Some(b'r') if matches!(self.bytes.get(self.pos + 1), Some(b'"' | b'#')) => {
                Value::Str(self.raw_string()?)
            }
            Some(b'(') => self.parens(None)?,
            Some(b'[') => self.list(false)?,
            Some(b'{') => self.map()?,
            Some(b'0'..=b'9' | b'-' | b'+' | b'.') => self.number()?,
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                let name = self.ident();
                match name {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => {
                        self.skip_trivia()?;
                        if self.peek() == Some(b'(') {
                            self.parens(Some(name))?
                        } else {
                            Value::Ident(name)
                        }
                    }
                }
            }
            Some(_) => {
                match self.current_char().and_then(full_width_hint) {
                    Some(hint) => return Err(self.error_at(self.pos, hint)),
                    None => {
                        let found = self.current_char().unwrap_or('?');
                        let hint = if found > '\u{2E80}' {
                            "：文字须放在英文双引号 \" \" 之间"
                        } else {
                            ""
                        };
                        return Err(self.error_at(
                        self.pos,
                        format!("此处应是一个值（字符串、数字、列表或括号结构），却是“{found}”{hint}"),
                    ));
                    }
                }
            }
            None => return Err(self.unexpected("此处还应有一个值")),
        };
        Ok(Node { value, offset })
    }

    fn ident(&mut self) -> &'a str {
        let raw = self.bytes.get(self.pos..self.pos + 2) == Some(b"r#");
        if raw {
            self.pos += 2;
        }
        let start = self.pos;
        while let Some(b) = self.peek() {
            if b.is_ascii_alphanumeric() || b == b'_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text: &'a str = self.text;
        &text[start..self.pos]
    }

    fn enter(&mut self, open_at: usize) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(
                open_at,
                format!("括号嵌套超过 {MAX_DEPTH} 层，这不是一个正常的题库文件"),
            ));
        }
        Ok(())
    }

    /// After an item of a bracketed sequence: a comma, or the closing bracket.
    /// Returns true when the sequence is closed.
    fn after_item(
        &mut self,
        close: u8,
        open_at: usize,
        after_string: bool,
    ) -> Result<bool, SyntaxError> {
        self.skip_trivia()?;
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.skip_trivia()?;
                if self.peek() == Some(close) {
                    self.pos += 1;
                    return Ok(true);
                }
                Ok(false)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            None => Err(self.unclosed(open_at, close)),
            Some(_) => {
                if after_string && self.current_char().and_then(full_width_hint).is_none() {
                    return Err(self.error_at(
                        self.pos,
                        "字符串在此之前就结束了：文字里若有英文双引号 \"，请改用中文引号“ ”，或写成 \\\"",
                    ));
                }
                let expected = format!("此处应是半角逗号“,”或“{}”", close as char);
                Err(self.unexpected(&expected))
            }
        }
    }

    fn unclosed(&self, open_at: usize, close: u8) -> SyntaxError {
        let open = self.bytes.get(open_at).map(|&b| b as char).unwrap_or('(');
        self.error_at(
            open_at,
            format!(
                "这里的“{open}”一直到文件结尾都没有对应的“{}”",
                close as char
            ),
        )
    }

    fn parens(&mut self, name: Option<&'a str>) -> Result<Value<'a>, SyntaxError> {
        let open_at = self.pos;
        self.enter(open_at)?;
        self.pos += 1;
        self.skip_trivia()?;
        if self.peek() == Some(b')') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Tuple {
                name,
                items: Vec::new(),
            });
        }
        let value = if self.at_field_name()? {
            let mut fields = Vec::with_capacity(16);
            loop {
                self.skip_trivia()?;
                let name_offset = self.pos;
                if !matches!(self.peek(), Some(b) if b.is_ascii_alphabetic() || b == b'_') {
                    return Err(self.unexpected("此处应是字段名（如 stem、answer）"));
                }
                let field_name = self.ident();
                self.skip_trivia()?;
                if self.peek() != Some(b':') {
                    return Err(self.unexpected(&format!("字段名“{field_name}”后应是半角冒号“:”")));
                }
                self.pos += 1;
                self.skip_trivia()?;
                let is_string = matches!(self.peek(), Some(b'"'));
                let stream =
                    self.depth == 1 && field_name == self.stream_field && self.peek() == Some(b'[');
                let value = if stream {
                    let offset = self.pos;
                    Node {
                        value: self.list(true)?,
                        offset,
                    }
                } else {
                    self.value()?
                };
                fields.push(Field {
                    name: field_name,
                    name_offset,
                    value,
                });
                if self.after_item(b')', open_at, is_string)? {
                    break;
                }
            }
            Value::Struct { name, fields }
        } else {
            let mut items = Vec::new();
            loop {
                self.skip_trivia()?;
                let is_string = matches!(self.peek(), Some(b'"'));
                items.push(self.value()?);
                if self.after_item(b')', open_at, is_string)? {
                    break;
                }
            }
            Value::Tuple { name, items }
        };
        self.depth -= 1;
        Ok(value)
    }

    /// Whether the parenthesis just opened starts with `name:` (a struct) rather than a value.
    fn at_field_name(&mut self) -> Result<bool, SyntaxError> {
        let save = self.pos;
        let is_field = match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                self.ident();
                self.skip_trivia()?;
                matches!(self.peek(), Some(b':')) || matches!(self.current_char(), Some('：'))
            }
            _ => false,
        };
        self.pos = save;
        Ok(is_field)
    }

    /// A list; with `stream`, its items go to `on_item` instead of into it.
    fn list(&mut self, stream: bool) -> Result<Value<'a>, SyntaxError> {
        let open_at = self.pos;
        self.enter(open_at)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_trivia()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_trivia()?;
                if self.peek().is_none() {
                    return Err(self.unclosed(open_at, b']'));
                }
                let is_string = matches!(self.peek(), Some(b'"'));
                let item = self.value()?;
                if stream {
                    (self.on_item)(item);
                } else {
                    items.push(item);
                }
                if self.after_item(b']', open_at, is_string)? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(Value::List(items))
    }

    fn map(&mut self) -> Result<Value<'a>, SyntaxError> {
        let open_at = self.pos;
        self.enter(open_at)?;
        self.pos += 1;
        let mut entries = Vec::new();
        self.skip_trivia()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_trivia()?;
                let key = self.value()?;
                self.skip_trivia()?;
                if self.peek() != Some(b':') {
                    return Err(self.unexpected("映射的键后应是半角冒号“:”"));
                }
                self.pos += 1;
                self.skip_trivia()?;
                let is_string = matches!(self.peek(), Some(b'"'));
                let value = self.value()?;
                entries.push((key, value));
                if self.after_item(b'}', open_at, is_string)? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Map(entries))
    }
}

/// Converts byte offsets to 1-based line and character columns.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self { starts }
    }

    /// The line (from 1) of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The line and column (both from 1, column in characters) of a byte offset.
    pub fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start)
            + 1;
        (line, column)
    }
}

mod scalars;

#[cfg(test)]
#[path = "syntax_tests.rs"]
mod tests;
