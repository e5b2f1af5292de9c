//! The semantic rules of bank format v1 that concern a single value: answers, blanks, names.
//!
//! Each rule is a pure function returning the normalised value or a message in Chinese, so that
//! the loader can report every problem and the editor can reuse the same messages.

/// Folds full-width ASCII (`Ａ`, `ｂ`, `１`, `；`…) and the ideographic space to their half-width forms.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Reads the letters of a choice answer (`B`, `a c`, `ＡＢＤ`, `A,C`) as option indices, sorted.
pub fn choice_answer(text: &str, option_count: usize, single: bool) -> Result<Vec<usize>, String> {
    // Most answers are written as they should be (`B`, `ABD`): read them without copying.
    let plain = text.trim();
    if !plain.is_empty()
        && plain.len() <= option_count
        && plain
            .bytes()
            .all(|b| b.is_ascii_uppercase() && usize::from(b - b'A') < option_count)
        && plain.as_bytes().windows(2).all(|w| w[0] < w[1])
        && (!single || plain.len() == 1)
    {
        return Ok(plain.bytes().map(|b| usize::from(b - b'A')).collect());
    }
    let folded = fold_width(text).to_uppercase();
    let mut indices = Vec::new();
    for c in folded.chars() {
        match c {
            'A'..='Z' => {
                let index = (c as u8 - b'A') as usize;
                if index >= option_count {
                    let last = crate::core::bank::option_letter(option_count.saturating_sub(1));
                    return Err(format!(
                        "答案字母 {c} 超出了选项范围：本题只有 {option_count} 个选项（A–{last}）"
                    ));
                }
                if !indices.contains(&index) {
                    indices.push(index);
                }
            }
            ' ' | ',' | '、' | ';' | '/' | '|' | '\t' => {}
            other => {
                return Err(format!(
                    "答案“{text}”里有无法识别的“{other}”：选择题的答案写选项字母，如 B 或 ABD"
                ));
            }
        }
    }
    indices.sort_unstable();
    if indices.is_empty() {
        return Err(if single {
            "单选题的答案是空的：请写一个选项字母，如 B".to_owned()
        } else {
            "多选题的答案是空的：请把正确选项的字母连写，如 ABD".to_owned()
        });
    }
    if single && indices.len() > 1 {
        let letters: String = indices
            .iter()
            .map(|&i| crate::core::bank::option_letter(i))
            .collect();
        return Err(format!(
            "单选题只能有一个答案，这里写了 {letters}：若有多个正确答案，请把 kind 改为 Multiple"
        ));
    }
    Ok(indices)
}

/// The ways authors write true and false, besides `对` and `错`.
pub const TRUE_FALSE_FORMS: &str = "对/错、√/×、正确/错误、T/F、是/否";

/// Reads a true/false answer in any of the forms Chinese authors type.
pub fn true_false_answer(text: &str) -> Result<bool, String> {
    match text.trim() {
        "对" => return Ok(true),
        "错" => return Ok(false),
        _ => {}
    }
    let folded = fold_width(text).trim().to_uppercase();
    match folded.as_str() {
        "对" | "√" | "✓" | "✔" | "正确" | "T" | "TRUE" | "是" | "Y" | "YES" => Ok(true),
        "错" | "×" | "X" | "✗" | "✘" | "错误" | "F" | "FALSE" | "否" | "N" | "NO" => {
            Ok(false)
        }
        _ => Err(format!(
            "判断题的答案“{text}”无法识别：请写“对”或“错”（也可写 {TRUE_FALSE_FORMS}）"
        )),
    }
}

/// Splits a blank answer into blanks (`；`) and each blank into accepted alternatives (`|`).
pub fn blank_answer(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut blanks = Vec::new();
    for (i, part) in text.split(['；', ';']).enumerate() {
        let alternatives: Vec<String> = part
            .split(['|', '｜'])
            .map(|alternative| alternative.trim().to_owned())
            .collect();
        if alternatives.iter().any(String::is_empty) {
            return Err(if text.trim().is_empty() {
                "填空题的答案是空的".to_owned()
            } else {
                format!(
                    "第 {} 空的答案里有空白项：多个空用“；”分隔，同一空的几种答案用“|”分隔，两边都要有内容",
                    i + 1
                )
            });
        }
        blanks.push(alternatives);
    }
    Ok(blanks)
}

/// Counts the places in a stem where a blank is to be filled: runs of underscores or empty brackets.
pub fn placeholder_count(stem: &str) -> usize {
    let underscore = |c: char| c == '_' || c == '＿';
    let mut count = 0;
    let mut chars = stem.chars().peekable();
    while let Some(c) = chars.next() {
        if underscore(c) {
            let mut run = 1;
            while chars.next_if(|&c| underscore(c)).is_some() {
                run += 1;
            }
            if run >= 2 {
                count += 1;
            }
        } else if c == '（' || c == '(' {
            let mut rest = chars.clone();
            let mut spaces = 0;
            while rest.next_if(|&c| matches!(c, ' ' | '\u{3000}')).is_some() {
                spaces += 1;
            }
            if spaces > 0 && rest.next_if(|&c| matches!(c, '）' | ')')).is_some() {
                count += 1;
                chars = rest;
            }
        }
    }
    count
}

/// Whether an image path stays inside the bank's folder: relative, with no `..`.
pub fn image_path_is_safe(path: &str) -> bool {
    let path = path.replace('\\', "/");
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(':')
        && path.split('/').all(|part| part != "..")
}

/// Edit distance between two short names, in characters, counting a swap of two neighbours as one
/// edit (`stme` is one edit from `stem`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows i-2, i-1 and i of the table.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 0..a.len() {
        let mut current = vec![i + 1; b.len() + 1];
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            let mut best = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous[b.len()]
}

/// The known name closest to `name`, only if it is close enough to be a typo of it: one edit in a
/// name of up to four letters, two up to eight, a third of a longer one.
pub fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let allowed = match lower.chars().count() {
        0..=4 => 1,
        5..=8 => 2,
        n => n / 3,
    };
    known
        .iter()
        .map(|k| (edit_distance(&lower, &k.to_lowercase()), *k))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// `text` cut to its first `max` characters with "…", for messages that quote what was written.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_letters_accept_case_width_and_separators() {
        assert_eq!(choice_answer("B", 4, true), Ok(vec![1]));
        assert_eq!(choice_answer("ｂ", 4, true), Ok(vec![1]));
        assert_eq!(choice_answer("a c", 4, false), Ok(vec![0, 2]));
        assert_eq!(choice_answer("ＣＡ", 4, false), Ok(vec![0, 2]));
        assert_eq!(choice_answer("A、B,D", 4, false), Ok(vec![0, 1, 3]));
    }

    #[test]
    fn choice_letters_beyond_options_are_refused() {
        let message = choice_answer("E", 4, true).unwrap_err();
        assert!(message.contains("超出了选项范围"), "{message}");
        assert!(message.contains("A–D"), "{message}");
    }

    #[test]
    fn single_with_several_letters_is_refused() {
        let message = choice_answer("AB", 4, true).unwrap_err();
        assert!(message.contains("只能有一个答案"), "{message}");
    }

    #[test]
    fn empty_multiple_is_refused() {
        assert!(
            choice_answer("", 4, false)
                .unwrap_err()
                .contains("答案是空的")
        );
        assert!(choice_answer(" ", 4, false).is_err());
    }

    #[test]
    fn strange_characters_in_choice_are_named() {
        let message = choice_answer("B。", 4, true).unwrap_err();
        assert!(message.contains("“。”"), "{message}");
    }

    #[test]
    fn true_false_forms() {
        for text in ["对", "√", "正确", "T", "t", "true", "是", "Ｔ"] {
            assert_eq!(true_false_answer(text), Ok(true), "{text}");
        }
        for text in ["错", "×", "错误", "F", "false", "否", "ｆ"] {
            assert_eq!(true_false_answer(text), Ok(false), "{text}");
        }
        assert!(true_false_answer("不对").unwrap_err().contains("无法识别"));
    }

    #[test]
    fn blanks_split_on_semicolons_and_bars() {
        assert_eq!(
            blank_answer("南湖|嘉兴南湖"),
            Ok(vec![vec!["南湖".to_owned(), "嘉兴南湖".to_owned()]])
        );
        assert_eq!(
            blank_answer("实事求是；群众路线 | 群众观点"),
            Ok(vec![
                vec!["实事求是".to_owned()],
                vec!["群众路线".to_owned(), "群众观点".to_owned()]
            ])
        );
        assert!(blank_answer("南湖||").unwrap_err().contains("第 1 空"));
        assert!(blank_answer("").unwrap_err().contains("空的"));
    }

    #[test]
    fn placeholders_are_underscore_runs_and_empty_brackets() {
        assert_eq!(placeholder_count("在浙江嘉兴____的游船上"), 1);
        assert_eq!(placeholder_count("____和____"), 2);
        assert_eq!(placeholder_count("选出正确的一项（ ）。"), 1);
        assert_eq!(placeholder_count("snake_case 不算"), 0);
    }

    #[test]
    fn image_paths_stay_inside_the_bank_folder() {
        assert!(image_path_is_safe("images/nanhu.png"));
        assert!(!image_path_is_safe("../secret.png"));
        assert!(!image_path_is_safe("/etc/passwd"));
        assert!(!image_path_is_safe("C:\\Windows\\a.png"));
        assert!(!image_path_is_safe("a\\..\\..\\b.png"));
    }

    #[test]
    fn closest_name_suggests_typos_only() {
        let known = ["answer", "options", "explanation", "stem"];
        assert_eq!(closest("anwser", &known), Some("answer"));
        assert_eq!(closest("option", &known), Some("options"));
        assert_eq!(closest("explaination", &known), Some("explanation"));
        assert_eq!(closest("zzzzzz", &known), None);
    }
}
