//! A RON reader that keeps where every value is, so each problem in a bank can name its line and column.
//!
//! It reads the part of RON that banks use (structs, tuples, lists, maps, strings, numbers, booleans,
//! identifiers, `Some(..)`/`None`, comments). A syntax error in an item of the streamed list (a
//! question) is reported and reading goes on at the next item, so one check lists the mistakes of
//! every question; elsewhere the first syntax error stops the file. Messages name the mistakes
//! Chinese authors make most: full-width commas, colons and brackets, curly quotes, a missing comma
//! or closing bracket, each at the place it belongs.

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

/// One item of the streamed list, handed over as soon as it is read.
#[derive(Debug)]
pub enum Streamed<'t> {
    /// An item that parsed, and the offset just after it.
    Item(Node<'t>, usize),
    /// An item with a syntax error: where it starts, where reading went on, and the error.
    Broken {
        /// Offset of the item's first character.
        start: usize,
        /// Offset where reading went on: the next item, or the end of the list.
        end: usize,
        /// What is wrong.
        error: SyntaxError,
    },
    /// A syntax error between two items (a missing comma), after which reading went on.
    Between(SyntaxError),
    /// The list ended: the offset of its `]`.
    End(usize),
}

/// Reads one RON value from `text`, which must hold nothing else but whitespace and comments.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    parse_streaming(text, "", &mut |_| {})
}

/// Like [`parse`], but each item of the list in the root struct's field `field` is handed to
/// `on_item` as soon as it is read and left out of the tree (the list is then empty in it). An item
/// with a syntax error is handed over as [`Streamed::Broken`], and reading goes on at the next
/// item: the next line that starts with `(` and a field name, or the line with the list's `]`.
///
/// A bank of 100,000 questions is then checked one question at a time, instead of first building
/// a tree of every question and keeping it all in memory.
pub fn parse_streaming<'t>(
    text: &'t str,
    field: &str,
    on_item: &mut dyn FnMut(Streamed<'t>),
) -> Result<Node<'t>, SyntaxError> {
    parse_root(text, field, None, on_item)
}

/// Where a bank's question list is shared between two readers: this reader streams the items up
/// to `at` (the start of an item), then asks `take_rest` for the offset of the list's `]`, which
/// the other reader found while reading the items from `at` on; `None` from it (or an item that
/// does not end exactly at `at`) and this reader reads on by itself.
pub struct Handoff<'h> {
    /// The start of the first item the other reader reads.
    pub at: usize,
    /// Waits for the other reader: the offset of the list's `]`, or `None` if it failed.
    pub take_rest: &'h mut dyn FnMut() -> Option<usize>,
}

/// [`parse_streaming`], the list's items from `handoff.at` on left to another reader.
pub fn parse_streaming_until<'t, 's>(
    text: &'t str,
    field: &'s str,
    handoff: Handoff<'s>,
    on_item: &'s mut dyn FnMut(Streamed<'t>),
) -> Result<Node<'t>, SyntaxError> {
    parse_root(text, field, Some(handoff), on_item)
}

/// A line near `from` where an item of the streamed list starts: a line that begins with `(`
/// and a field name. A guess, which [`Handoff`] checks.
pub fn item_start_after(text: &str, from: usize) -> Option<usize> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        stream_field: "",
        handoff: None,
        on_item: &mut |_| {},
    };
    match parser.resume_after(from.min(text.len())) {
        Resume::Item(at) => Some(at),
        _ => None,
    }
}

/// Reads the items of a list from `start` (the start of an item) to its `]`, handing each to
/// `on_item`: the offset of the `]`, or the first syntax error (the caller then reads them all
/// again in order, with its messages).
pub fn parse_items_from<'t>(
    text: &'t str,
    start: usize,
    on_item: &mut dyn FnMut(Node<'t>),
) -> Result<usize, SyntaxError> {
    let mut sink = |_: Streamed<'t>| {};
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: start,
        depth: 2,
        stream_field: "",
        handoff: None,
        on_item: &mut sink,
    };
    loop {
        parser.skip_trivia()?;
        let is_string = parser.peek() == Some(b'"');
        let item = parser.value()?;
        on_item(item);
        let end = parser.pos;
        // The list's own `[` is not known here: name the item itself if it never closes.
        if parser.after_item(b']', start, is_string, end)? {
            return Ok(parser.pos - 1);
        }
    }
}

fn parse_root<'t, 's>(
    text: &'t str,
    field: &'s str,
    handoff: Option<Handoff<'s>>,
    on_item: &'s mut dyn FnMut(Streamed<'t>),
) -> Result<Node<'t>, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        stream_field: field,
        handoff,
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
    /// Where the streamed list's items are left to another reader.
    handoff: Option<Handoff<'s>>,
    on_item: &'s mut dyn FnMut(Streamed<'a>),
}

/// Where reading goes on after a broken item of the streamed list.
enum Resume {
    /// At the next item, starting at this offset.
    Item(usize),
    /// At the list's closing `]`, at this offset.
    End(usize),
    /// The file ended first.
    Eof,
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
            // Blanks in a tight loop over the bytes: indentation is a good share of a bank.
            let rest = &self.bytes[self.pos.min(self.bytes.len())..];
            let blanks = rest
                .iter()
                .position(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            self.pos += blanks;
            match self.peek() {
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    self.pos = memchr::memchr(b'\n', &self.bytes[self.pos..])
                        .map_or(self.bytes.len(), |n| self.pos + n);
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

    /// After an item of a bracketed sequence that ended at `value_end`: a comma, or the closing
    /// bracket. Returns true when the sequence is closed.
    fn after_item(
        &mut self,
        close: u8,
        open_at: usize,
        after_string: bool,
        value_end: usize,
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
            Some(_) => Err(self.missing_after(close, open_at, after_string, value_end)),
        }
    }

    /// What is missing where an item was followed by neither a comma nor the closing bracket:
    /// said at the end of the item, where the missing character belongs.
    fn missing_after(
        &mut self,
        close: u8,
        open_at: usize,
        after_string: bool,
        value_end: usize,
    ) -> SyntaxError {
        let open = self.bytes.get(open_at).map_or('(', |&b| b as char);
        let found = self.peek();
        if close == b']' && matches!(found, Some(b'(' | b'"' | b'[')) {
            return self.error_at(
                value_end,
                "此处缺少半角逗号“,”：列表的两项（如两道题）之间要用逗号隔开",
            );
        }
        if matches!(found, Some(b'(' | b')' | b']' | b'}')) {
            let what = if close == b')' {
                "这道题（或这个括号结构）缺少右括号“)”"
            } else if close == b']' {
                "这个列表缺少右方括号“]”"
            } else {
                "这个映射缺少右花括号“}”"
            };
            return self.error_at(
                value_end,
                format!(
                    "{what}：应在此处结束（对应第 {} 行的“{open}”）",
                    self.line_at(open_at)
                ),
            );
        }
        if let Some(next) = self.field_name_ahead() {
            return self.error_at(
                value_end,
                format!("此处缺少半角逗号“,”：下一个字段“{next}”之前要用逗号隔开"),
            );
        }
        if found == Some(b'"') {
            return self.error_at(value_end, "此处缺少半角逗号“,”：两个值之间要用逗号隔开");
        }
        if let Some(hint) = self.current_char().and_then(full_width_hint) {
            return self.error_at(self.pos, hint);
        }
        if after_string {
            return self.error_at(
                value_end,
                "字符串在此之前就结束了：文字里若有英文双引号 \"，请改用中文引号“ ”，或写成 \\\"",
            );
        }
        let expected = format!("此处应是半角逗号“,”或“{}”", close as char);
        self.unexpected(&expected)
    }

    /// At item `start` of the streamed list: if the other reader took over from here, the
    /// offset of the list's `]` it found. Past the hand-off point without meeting it exactly,
    /// this reader reads on by itself.
    fn hand_off(&mut self, start: usize) -> Option<usize> {
        let handoff = self.handoff.as_mut()?;
        if start < handoff.at {
            return None;
        }
        let met = start == handoff.at;
        let end = if met { (handoff.take_rest)() } else { None };
        self.handoff = None;
        end.filter(|&end| self.bytes.get(end) == Some(&b']'))
    }

    /// The field name at the current position, if a name and a colon follow.
    fn field_name_ahead(&mut self) -> Option<&'a str> {
        let save = self.pos;
        let name = match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                let name = self.ident();
                while matches!(self.peek(), Some(b' ' | b'\t')) {
                    self.pos += 1;
                }
                let colon = self.peek() == Some(b':') || matches!(self.current_char(), Some('：'));
                colon.then_some(name)
            }
            _ => None,
        };
        self.pos = save;
        name
    }

    /// The line (from 1) of a byte offset; only for messages, so counted on demand.
    fn line_at(&self, offset: usize) -> usize {
        1 + memchr::memchr_iter(b'\n', &self.bytes[..offset.min(self.bytes.len())]).count()
    }

    /// Where reading goes on after a broken item whose error is at `from`: the next line that
    /// starts with `(` and a field name (the next question), or with the list's `]`.
    fn resume_after(&mut self, from: usize) -> Resume {
        let mut line = match memchr::memchr(b'\n', &self.bytes[from.min(self.bytes.len())..]) {
            Some(at) => from + at + 1,
            None => return Resume::Eof,
        };
        loop {
            let mut at = line;
            while matches!(self.bytes.get(at), Some(b' ' | b'\t' | b'\r')) {
                at += 1;
            }
            match self.bytes.get(at) {
                Some(b']') => return Resume::End(at),
                Some(b'(') => {
                    self.pos = at + 1;
                    let starts_struct =
                        self.skip_trivia().is_ok() && self.field_name_ahead().is_some();
                    if starts_struct {
                        return Resume::Item(at);
                    }
                }
                None => return Resume::Eof,
                _ => {}
            }
            line = match memchr::memchr(b'\n', &self.bytes[at..]) {
                Some(next) => at + next + 1,
                None => return Resume::Eof,
            };
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
            let mut fields: Vec<Field<'a>> = Vec::with_capacity(16);
            let mut last_end = self.pos;
            loop {
                self.skip_trivia()?;
                let name_offset = self.pos;
                if !matches!(self.peek(), Some(b) if b.is_ascii_alphabetic() || b == b'_') {
                    if matches!(self.peek(), Some(b'(' | b']')) {
                        // `tags: [..],` and then the next question: this one never closed.
                        return Err(self.missing_after(b')', open_at, false, last_end));
                    }
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
                    let value = self.list(true)?;
                    Node { value, offset }
                } else {
                    self.value()?
                };
                fields.push(Field {
                    name: field_name,
                    name_offset,
                    value,
                });
                last_end = self.pos;
                if self.after_item(b')', open_at, is_string, last_end)? {
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
                let end = self.pos;
                if self.after_item(b')', open_at, is_string, end)? {
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

    /// A list; with `stream`, its items go to `on_item` instead of into it, and a broken item is
    /// reported and skipped instead of ending the file.
    fn list(&mut self, stream: bool) -> Result<Value<'a>, SyntaxError> {
        let open_at = self.pos;
        self.enter(open_at)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_trivia()?;
        if self.peek() != Some(b']') {
            loop {
                self.skip_trivia()?;
                if self.peek().is_none() {
                    return Err(self.unclosed(open_at, b']'));
                }
                let start = self.pos;
                if stream && let Some(end) = self.hand_off(start) {
                    // The other reader read the rest of the list.
                    self.pos = end;
                    break;
                }
                let depth = self.depth;
                let is_string = matches!(self.peek(), Some(b'"'));
                let item = match self.value() {
                    Ok(item) => item,
                    Err(error) if stream => {
                        self.depth = depth;
                        let resume = self.resume_after(error.offset.max(start));
                        // The broken item runs to the line where reading goes on.
                        let end = match resume {
                            Resume::Item(at) | Resume::End(at) => {
                                memchr::memrchr(b'\n', &self.bytes[..at]).map_or(0, |n| n + 1)
                            }
                            Resume::Eof => self.bytes.len(),
                        }
                        .max(start);
                        (self.on_item)(Streamed::Broken { start, end, error });
                        match resume {
                            Resume::Item(at) => {
                                self.pos = at;
                                continue;
                            }
                            Resume::End(at) => {
                                self.pos = at;
                                break;
                            }
                            Resume::Eof => return Err(self.unclosed(open_at, b']')),
                        }
                    }
                    Err(error) => return Err(error),
                };
                let end = self.pos;
                if stream {
                    (self.on_item)(Streamed::Item(item, end));
                } else {
                    items.push(item);
                }
                match self.after_item(b']', open_at, is_string, end) {
                    Ok(true) => {
                        self.pos -= 1;
                        break;
                    }
                    Ok(false) => {}
                    Err(error) if stream && self.peek() == Some(b'(') => {
                        // `)` and then `(`: only the comma between two questions is missing.
                        (self.on_item)(Streamed::Between(error));
                    }
                    Err(error) => return Err(error),
                }
            }
        }
        // At the closing `]`.
        if stream {
            (self.on_item)(Streamed::End(self.pos));
        }
        self.pos += 1;
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
                let end = self.pos;
                if self.after_item(b'}', open_at, is_string, end)? {
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

    /// The byte offset where line `line` (from 1) starts.
    pub fn start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or_default()
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
