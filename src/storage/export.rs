//! Exports of the records as tables: CSV that Chinese Excel opens correctly (UTF-8 with BOM, CRLF)
//! and XLSX.

use std::io::Write as _;
use std::path::Path;

use rusqlite::types::ValueRef;

use crate::core::error::{Error, Result};
use crate::storage::records::Records;

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// One row per attempt.
    Attempts,
    /// One row per participant.
    Participants,
    /// One row per branch.
    Branches,
    /// One row per team of each finished competition, and one per member who answered.
    Competitions,
    /// The participant leaderboard (all modes, all dates).
    Leaderboard,
    /// The branch leaderboard (all modes, all dates).
    BranchLeaderboard,
}

impl What {
    /// Every table, in the order the records screen offers them.
    pub const ALL: [What; 6] = [
        What::Attempts,
        What::Participants,
        What::Branches,
        What::Competitions,
        What::Leaderboard,
        What::BranchLeaderboard,
    ];

    /// The table's name, used for its sheet and its file.
    pub fn label(self) -> &'static str {
        match self {
            What::Attempts => "答题记录",
            What::Participants => "人员成绩",
            What::Branches => "党支部成绩",
            What::Competitions => "竞赛成绩",
            What::Leaderboard => "个人排行榜",
            What::BranchLeaderboard => "党支部排行榜",
        }
    }
}

/// The file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// UTF-8 CSV with a byte order mark.
    Csv,
    /// Excel workbook.
    Xlsx,
}

/// A cell of an exported table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number (so Excel can sum and sort it).
    Number(f64),
    /// Nothing.
    Empty,
}

/// A table with Chinese column headers.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The sheet's name.
    pub title: &'static str,
    /// Column headers.
    pub headers: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

const ATTEMPTS_SQL: &str = "
SELECT a.uid AS 记录编号, p.name AS 姓名, b.name AS 党支部, p.staff_no AS 工号,
       CASE a.mode WHEN 'exam' THEN '模拟考试' ELSE '自主练习' END AS 类型, a.title AS 内容,
       datetime(a.started_ms / 1000, 'unixepoch', 'localtime') AS 开始时间,
       datetime(a.ended_ms / 1000, 'unixepoch', 'localtime') AS 结束时间,
       CASE a.end_reason WHEN 'submitted' THEN '交卷' WHEN 'time_up' THEN '时间到自动交卷'
            WHEN 'finished' THEN '完成' ELSE '未完成' END AS 结束方式,
       (a.time_used_ms / 1000) AS 用时秒, a.score AS 得分, a.max_score AS 满分,
       CASE WHEN a.max_score > 0 THEN round(100.0 * a.score / a.max_score, 1) END AS 得分率,
       a.question_count AS 题数,
       (SELECT count(*) FROM answers x WHERE x.attempt_id = a.id AND x.response IS NOT NULL) AS 已答,
       (SELECT count(*) FROM answers x WHERE x.attempt_id = a.id AND x.correct = 1) AS 答对,
       a.awaiting_grader AS 待评分
FROM attempts a
LEFT JOIN participants p ON p.id = a.participant_id
LEFT JOIN branches b ON b.id = p.branch_id
ORDER BY a.started_ms";

const PARTICIPANTS_SQL: &str = "
SELECT p.name AS 姓名, b.name AS 党支部, p.staff_no AS 工号,
       CASE p.archived WHEN 1 THEN '已归档' ELSE '在册' END AS 状态,
       (SELECT count(*) FROM attempts a WHERE a.participant_id = p.id AND a.mode = 'exam' AND a.ended_ms IS NOT NULL) AS 考试次数,
       (SELECT count(*) FROM attempts a WHERE a.participant_id = p.id AND a.mode = 'practice') AS 练习次数,
       (SELECT max(round(100.0 * a.score / a.max_score, 1)) FROM attempts a
         WHERE a.participant_id = p.id AND a.mode = 'exam' AND a.max_score > 0) AS 最高得分率,
       (SELECT round(avg(100.0 * a.score / a.max_score), 1) FROM attempts a
         WHERE a.participant_id = p.id AND a.mode = 'exam' AND a.max_score > 0) AS 平均得分率,
       (SELECT datetime(max(a.started_ms) / 1000, 'unixepoch', 'localtime') FROM attempts a
         WHERE a.participant_id = p.id) AS 最近参加
FROM participants p LEFT JOIN branches b ON b.id = p.branch_id
ORDER BY b.name, p.name";

const BRANCHES_SQL: &str = "
SELECT b.name AS 党支部,
       (SELECT count(*) FROM participants p WHERE p.branch_id = b.id AND p.archived = 0) AS 在册人数,
       (SELECT count(DISTINCT a.participant_id) FROM attempts a JOIN participants p ON p.id = a.participant_id
         WHERE p.branch_id = b.id) AS 参加人数,
       (SELECT count(*) FROM attempts a JOIN participants p ON p.id = a.participant_id
         WHERE p.branch_id = b.id AND a.mode = 'exam' AND a.ended_ms IS NOT NULL) AS 考试人次,
       (SELECT round(avg(100.0 * a.score / a.max_score), 1) FROM attempts a JOIN participants p ON p.id = a.participant_id
         WHERE p.branch_id = b.id AND a.mode = 'exam' AND a.max_score > 0) AS 平均得分率,
       (SELECT max(round(100.0 * a.score / a.max_score, 1)) FROM attempts a JOIN participants p ON p.id = a.participant_id
         WHERE p.branch_id = b.id AND a.mode = 'exam' AND a.max_score > 0) AS 最高得分率,
       CASE b.archived WHEN 1 THEN '已归档' ELSE '在用' END AS 状态
FROM branches b ORDER BY b.name";

const COMPETITIONS_SQL: &str = "
SELECT c.title AS 竞赛, datetime(c.started_ms / 1000, 'unixepoch', 'localtime') AS 日期,
       CASE WHEN r.participant_id IS NULL THEN '队伍' ELSE '个人' END AS 类型,
       r.team AS 队伍, p.name AS 姓名, p.staff_no AS 工号, r.place AS 名次,
       r.score AS 得分, r.right_count AS 答对, r.wrong_count AS 答错
FROM competition_results r
JOIN competitions c ON c.id = r.competition_id
LEFT JOIN participants p ON p.id = r.participant_id
ORDER BY c.started_ms, c.id, r.participant_id IS NOT NULL, r.place, r.team_index, p.name";

impl Records {
    /// The records as a table.
    pub fn table(&self, what: What) -> Result<Table> {
        let sql = match what {
            What::Attempts => ATTEMPTS_SQL,
            What::Participants => PARTICIPANTS_SQL,
            What::Branches => BRANCHES_SQL,
            What::Competitions => COMPETITIONS_SQL,
            What::Leaderboard => {
                return self.leaderboard_table(&crate::storage::standings::Filter::default());
            }
            What::BranchLeaderboard => {
                return self
                    .branch_leaderboard_table(&crate::storage::standings::Filter::default());
            }
        };
        let title = what.label();
        let mut statement = self.conn().prepare(sql)?;
        let headers: Vec<String> = statement.column_names().map(str::to_owned).collect();
        let width = headers.len();
        let mut rows = Vec::new();
        let mut query = statement.query([])?;
        while let Some(row) = query.next()? {
            let mut cells = Vec::with_capacity(width);
            for i in 0..width {
                let cell = match row.get_ref(i)? {
                    ValueRef::Null => Cell::Empty,
                    ValueRef::Integer(n) => Cell::Number(n as f64),
                    ValueRef::Real(x) => Cell::Number(x),
                    ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(_) => Cell::Empty,
                };
                cells.push(cell);
            }
            rows.push(cells);
        }
        Ok(Table {
            title,
            headers,
            rows,
        })
    }
}

impl Records {
    /// The participant leaderboard as a table, filtered.
    pub fn leaderboard_table(&self, filter: &crate::storage::standings::Filter) -> Result<Table> {
        let headers = [
            "名次",
            "姓名",
            "党支部",
            "次数",
            "最高得分率",
            "平均得分率",
            "最佳连对",
            "答题数",
            "答对",
            "最佳一次用时秒",
        ];
        let rows = self
            .participant_leaderboard(filter)?
            .into_iter()
            .map(|r| {
                vec![
                    Cell::Number(r.place as f64),
                    Cell::Text(r.name),
                    r.branch.map_or(Cell::Empty, Cell::Text),
                    Cell::Number(r.attempts as f64),
                    Cell::Number(round1(r.best)),
                    Cell::Number(round1(r.average)),
                    Cell::Number(r.best_streak as f64),
                    Cell::Number(r.answered as f64),
                    Cell::Number(r.correct as f64),
                    Cell::Number((r.best_time_ms as f64 / 1000.0).round()),
                ]
            })
            .collect();
        Ok(Table {
            title: What::Leaderboard.label(),
            headers: headers.map(str::to_owned).to_vec(),
            rows,
        })
    }

    /// The branch leaderboard as a table, filtered.
    pub fn branch_leaderboard_table(
        &self,
        filter: &crate::storage::standings::Filter,
    ) -> Result<Table> {
        let headers = [
            "名次",
            "党支部",
            "在册人数",
            "参与人数",
            "参与率",
            "人次",
            "平均得分率",
            "答题数",
        ];
        let rows = self
            .branch_leaderboard(filter)?
            .into_iter()
            .map(|r| {
                let participation = round1(r.participation());
                vec![
                    Cell::Number(r.place as f64),
                    Cell::Text(r.name),
                    Cell::Number(r.members as f64),
                    Cell::Number(r.took_part as f64),
                    Cell::Number(participation),
                    Cell::Number(r.attempts as f64),
                    Cell::Number(round1(r.average)),
                    Cell::Number(r.answered as f64),
                ]
            })
            .collect();
        Ok(Table {
            title: What::BranchLeaderboard.label(),
            headers: headers.map(str::to_owned).to_vec(),
            rows,
        })
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Refuses a target whose extension is not the format's: an `.xls` or `.ods` would be an `.xlsx`
/// inside, which Excel and WPS then refuse to open.
pub fn check_target(format: Format, path: &Path) -> Result<()> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let expected = match format {
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
    };
    if extension != expected {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: format!(
                "的扩展名应为 .{expected}：本程序只写出 .csv 和 .xlsx（.xls、.ods 等格式请用 Excel 或 WPS 另存）"
            ),
        });
    }
    Ok(())
}

/// Writes `table` to `path` in `format`, creating the folder if needed; the file is replaced only
/// once the new one is complete.
pub fn write(table: &Table, format: Format, path: &Path) -> Result<()> {
    check_target(format, path)?;
    crate::storage::output::write_atomically(path, |temp| match format {
        Format::Csv => {
            crate::storage::write_synced(temp, &csv(table)).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })
        }
        Format::Xlsx => xlsx(table, temp),
    })
}

/// The CSV text: BOM, header row, CRLF line ends, fields quoted where needed.
pub fn csv(table: &Table) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    let line = |out: &mut Vec<u8>, fields: Vec<String>| {
        let quoted: Vec<String> = fields.into_iter().map(|f| quote(&f)).collect();
        let _ = write!(out, "{}\r\n", quoted.join(","));
    };
    line(&mut out, table.headers.clone());
    for row in &table.rows {
        line(&mut out, row.iter().map(cell_text).collect());
    }
    out
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) => format!("{n}"),
        Cell::Empty => String::new(),
    }
}

/// The first characters that make a spreadsheet read a cell as a formula (OWASP's list); a cell
/// starting with one gets a `'` before it, which the import takes off again.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn quote(field: &str) -> String {
    // A name is never a formula: Excel must not run it.
    let field = if field.starts_with(FORMULA_STARTS) && field.parse::<f64>().is_err() {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

fn xlsx(table: &Table, path: &Path) -> Result<()> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| Error::File {
        path: path.to_path_buf(),
        message: crate::storage::export::xlsx_message(&e),
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(table.title).map_err(fail)?;
    let bold = CellFormat::new().set_bold();
    for (col, header) in table.headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, header, &bold)
            .map_err(fail)?;
        sheet.set_column_width(col as u16, 14).map_err(fail)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(t) => sheet.write_string(r, col, t).map(|_| ()),
                Cell::Number(n) => sheet.write_number(r, col, *n).map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .map_err(fail)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    workbook.save(path).map_err(fail)
}

/// A blank list of people to fill in: the columns the import reads, and one example row.
pub fn roster_template() -> Table {
    Table {
        title: "人员名单",
        headers: vec!["姓名".into(), "党支部".into(), "工号".into()],
        rows: vec![vec![
            Cell::Text("张三（示例，可删除）".into()),
            Cell::Text("第一党支部".into()),
            Cell::Text("A0101".into()),
        ]],
    }
}

/// What went wrong writing a workbook, in Chinese.
pub(crate) fn xlsx_message(error: &rust_xlsxwriter::XlsxError) -> String {
    use rust_xlsxwriter::XlsxError;
    match error {
        XlsxError::MaxStringLengthExceeded => {
            "无法写成 Excel：有一格的文字超过了 Excel 的上限（32767 个字符）".to_owned()
        }
        XlsxError::RowColumnLimitError => {
            "无法写成 Excel：行数或列数超过了 Excel 的上限".to_owned()
        }
        XlsxError::IoError(io) => format!("无法写出：{}", crate::core::error::io_message(io)),
        _ => "无法写成 Excel 文件".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_bom_crlf_and_quotes_only_where_needed() {
        let table = Table {
            title: "t",
            headers: vec!["姓名".into(), "得分".into()],
            rows: vec![
                vec![Cell::Text("张三".into()), Cell::Number(95.0)],
                vec![Cell::Text("李,四\"".into()), Cell::Number(87.5)],
                vec![Cell::Text("=cmd()".into()), Cell::Empty],
            ],
        };
        let bytes = csv(&table);
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "姓名,得分\r\n张三,95\r\n\"李,四\"\"\",87.5\r\n'=cmd(),\r\n"
        );
    }

    #[test]
    fn every_formula_start_is_neutralised_and_comes_back_on_import() {
        let texts = ["=1+1", "+86 10", "-x", "@张三", "\tcmd", "\rcmd", "-5"];
        let table = Table {
            title: "t",
            headers: vec!["名称".into()],
            rows: texts
                .iter()
                .map(|t| vec![Cell::Text((*t).into())])
                .collect(),
        };
        for text in &texts[..6] {
            let field = quote(text);
            assert!(
                field.trim_start_matches('"').starts_with('\''),
                "{field:?} is not neutralised"
            );
        }
        assert_eq!(quote("-5"), "-5", "a number stays a number");
        let text = String::from_utf8(csv(&table)[3..].to_vec()).unwrap();
        let rows = crate::core::roster::csv_rows(&text);
        let back: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(back, texts, "a round trip changes nothing");
    }
}
