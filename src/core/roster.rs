//! A participants list (花名册) from a spreadsheet's rows: columns 姓名, 党支部 and optional 工号,
//! found by their headers in any order, with English aliases.

/// One person on the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterRow {
    /// The row in the sheet, counting from 1 (the header is row 1).
    pub row: usize,
    /// 姓名.
    pub name: String,
    /// 党支部, if given.
    pub branch: Option<String>,
    /// 工号, if given.
    pub staff_no: Option<String>,
}

/// The people read and the rows that could not be read, each with its row number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    /// The people.
    pub rows: Vec<RosterRow>,
    /// What was wrong, row by row, in Chinese.
    pub problems: Vec<String>,
}

const NAME: &[&str] = &["姓名", "名字", "name"];
const BRANCH: &[&str] = &["党支部", "支部", "所在支部", "branch"];
const STAFF: &[&str] = &["工号", "编号", "staff_no", "staff", "id"];

fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = h.trim().trim_start_matches('\u{FEFF}').to_lowercase();
        names.iter().any(|n| h == *n)
    })
}

/// Reads a roster from rows whose first non-empty row is the header.
pub fn read(rows: &[Vec<String>]) -> Roster {
    let mut roster = Roster::default();
    let Some(header_at) = rows
        .iter()
        .position(|r| r.iter().any(|c| !c.trim().is_empty()))
    else {
        roster.problems.push("表格是空的".to_owned());
        return roster;
    };
    let headers = &rows[header_at];
    let Some(name_col) = column(headers, NAME) else {
        roster.problems.push(format!(
            "第 {} 行应是表头，却没有“姓名”列（表头须包含 姓名、党支部，可选 工号）",
            header_at + 1
        ));
        return roster;
    };
    let branch_col = column(headers, BRANCH);
    let staff_col = column(headers, STAFF);
    if branch_col.is_none() {
        roster
            .problems
            .push("表头没有“党支部”列：人员将不归入任何党支部".to_owned());
    }
    let cell = |row: &[String], col: Option<usize>| {
        col.and_then(|c| row.get(c))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    for (i, row) in rows.iter().enumerate().skip(header_at + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match cell(row, Some(name_col)) {
            Some(name) => roster.rows.push(RosterRow {
                row: i + 1,
                name,
                branch: cell(row, branch_col),
                staff_no: cell(row, staff_col),
            }),
            None => roster
                .problems
                .push(format!("第 {} 行没有姓名，已跳过", i + 1)),
        }
    }
    roster
}

/// Most rows a CSV file may have: what an Excel sheet holds, so nothing made in Excel is refused.
pub const MAX_CSV_ROWS: usize = 1_048_576;
/// Most fields a CSV row may have; more means the separator is not the comma.
pub const MAX_CSV_COLUMNS: usize = 64;
/// Most fields in all: the same budget as a spreadsheet, which keeps a whole file's cells and the
/// questions made from them within the memory an old office PC can spare.
pub const MAX_CSV_CELLS: usize = 4_000_000;

/// Splits CSV text into rows: commas, double-quoted fields with `""` inside, CRLF or LF.
/// The rows of CSV `text`, or where a quoted field opens and never closes (which would otherwise
/// swallow the rest of the file into one cell), or where it passes one of the caps above (checked
/// before a single field is copied).
pub fn csv_rows_checked(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut line = 1;
    let mut column = 0;
    let mut open: Option<(usize, usize)> = None;
    let mut quoted = false;
    let mut field_empty = true;
    let (mut rows, mut fields_in_row, mut cells) = (1usize, 1usize, 1usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                column += 1;
            }
            ('"', true) => quoted = false,
            ('"', false) if field_empty => {
                quoted = true;
                open = Some((line, column));
            }
            (',', false) => {
                field_empty = true;
                fields_in_row += 1;
                cells += 1;
                if fields_in_row > MAX_CSV_COLUMNS {
                    return Err(format!(
                        "第 {line} 行超过 {MAX_CSV_COLUMNS} 列，超过了上限；请确认文件用英文逗号分列"
                    ));
                }
                if cells > MAX_CSV_CELLS {
                    return Err(format!(
                        "到第 {line} 行已超过 {MAX_CSV_CELLS} 个单元格，超过了上限；请把题目拆成几个文件"
                    ));
                }
                continue;
            }
            ('\n', _) => {
                line += 1;
                column = 0;
                if !quoted {
                    field_empty = true;
                    if chars.peek().is_some() {
                        rows += 1;
                        fields_in_row = 1;
                        cells += 1;
                        if rows > MAX_CSV_ROWS {
                            return Err(format!(
                                "第 {line} 行超过了 {MAX_CSV_ROWS} 行的上限（与 Excel 工作表相同）；请把题目拆成几个文件"
                            ));
                        }
                    }
                    continue;
                }
            }
            ('\r', false) => continue,
            _ => {}
        }
        field_empty = false;
    }
    match (quoted, open) {
        (true, Some((line, column))) => Err(format!(
            "第 {line} 行第 {column} 列的英文双引号 \" 没有配对的结束引号，其后的内容都无法分列；请补上引号或删去它"
        )),
        _ => Ok(csv_rows(text)),
    }
}

/// A field as written before its export: the `'` that kept a spreadsheet from running it as a
/// formula comes off again, so a round trip changes nothing.
fn unneutralised(field: String) -> String {
    let mut chars = field.chars();
    match (chars.next(), chars.next()) {
        (Some('\''), Some(c)) if ['=', '+', '-', '@', '\t', '\r'].contains(&c) => {
            field[1..].to_owned()
        }
        _ => field,
    }
}

/// The rows of CSV `text` (quoted fields, doubled quotes, CRLF).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv_fields(text)
        .into_iter()
        .map(|row| row.into_iter().map(unneutralised).collect())
        .collect()
}

fn csv_fields(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        csv_rows(text)
    }

    #[test]
    fn csv_rows_handle_quotes_crlf_and_empty_fields() {
        assert_eq!(
            rows("姓名,党支部\r\n\"张,三\",第一党支部\r\n李四,\"说\"\"好\"\"\"\n"),
            vec![
                vec!["姓名".to_owned(), "党支部".to_owned()],
                vec!["张,三".to_owned(), "第一党支部".to_owned()],
                vec!["李四".to_owned(), "说\"好\"".to_owned()],
            ]
        );
        assert_eq!(
            rows("a,,c"),
            vec![vec!["a".to_owned(), String::new(), "c".to_owned()]]
        );
    }

    #[test]
    fn fields_kept_from_running_as_formulas_come_back_as_written() {
        assert_eq!(
            csv_rows("'=SUM(A1),'+86 10,'@张三,'-x,'普通\n"),
            vec![vec![
                "=SUM(A1)".to_owned(),
                "+86 10".to_owned(),
                "@张三".to_owned(),
                "-x".to_owned(),
                "'普通".to_owned(),
            ]]
        );
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let error =
            csv_rows_checked("姓名,党支部\n张三,第一党支部\n\"李四,第二党支部\n王五,第三\n")
                .unwrap_err();
        assert!(error.starts_with("第 3 行第 1 列"), "{error}");
        let error = csv_rows_checked("a,b\nc,\"d\"\"e\n").unwrap_err();
        assert!(error.starts_with("第 2 行第 3 列"), "{error}");
        assert_eq!(
            csv_rows_checked("a,\"b\nc\"\nd").unwrap(),
            vec![
                vec!["a".to_owned(), "b\nc".to_owned()],
                vec!["d".to_owned()]
            ]
        );
    }

    #[test]
    fn a_csv_past_a_cap_is_refused_at_the_line_that_passes_it() {
        let wide = format!("a{}\n", ",b".repeat(MAX_CSV_COLUMNS));
        let error = csv_rows_checked(&format!("x\n{wide}")).unwrap_err();
        assert!(error.starts_with("第 2 行超过 64 列"), "{error}");
        let exactly = format!("a{}\n", ",b".repeat(MAX_CSV_COLUMNS - 1));
        assert_eq!(
            csv_rows_checked(&exactly).unwrap()[0].len(),
            MAX_CSV_COLUMNS
        );

        let full = "1\n".repeat(MAX_CSV_ROWS);
        assert_eq!(csv_rows_checked(&full).unwrap().len(), MAX_CSV_ROWS);
        let error = csv_rows_checked(&format!("{full}1\n")).unwrap_err();
        assert!(
            error.contains(&format!("第 {} 行超过了", MAX_CSV_ROWS + 1)),
            "{error}"
        );

        let cells = "a,b,c,d,e,f,g,h\n".repeat(MAX_CSV_CELLS / 8 + 1);
        let error = csv_rows_checked(&cells).unwrap_err();
        assert!(error.contains("单元格，超过了上限"), "{error}");
    }

    #[test]
    fn columns_are_found_by_header_in_any_order() {
        let roster = read(&rows(
            "工号,姓名,党支部\nA1,张建国,第一党支部\n,李秀英,第二党支部\n\n,,\n",
        ));
        assert!(roster.problems.is_empty(), "{:?}", roster.problems);
        assert_eq!(
            roster.rows,
            [
                RosterRow {
                    row: 2,
                    name: "张建国".into(),
                    branch: Some("第一党支部".into()),
                    staff_no: Some("A1".into())
                },
                RosterRow {
                    row: 3,
                    name: "李秀英".into(),
                    branch: Some("第二党支部".into()),
                    staff_no: None
                },
            ]
        );
        let english = read(&rows("Name,Branch\nZhang,One\n"));
        assert_eq!(english.rows[0].branch.as_deref(), Some("One"));
    }

    #[test]
    fn problems_name_their_rows() {
        let roster = read(&rows("姓名,党支部\n,第一党支部\n王五,\n"));
        assert_eq!(roster.problems, ["第 2 行没有姓名，已跳过"]);
        assert_eq!(roster.rows.len(), 1);
        let no_name = read(&rows("名称,支部\n张三,一支部\n"));
        assert!(
            no_name.problems[0].contains("没有“姓名”列"),
            "{:?}",
            no_name.problems
        );
        assert!(read(&[]).problems[0].contains("空的"));
        let no_branch = read(&rows("姓名\n张三\n"));
        assert!(no_branch.problems[0].contains("没有“党支部”列"));
        assert_eq!(no_branch.rows.len(), 1);
    }
}
