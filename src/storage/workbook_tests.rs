//! Workbooks that read and workbooks that are bombs, made here by code.

use std::io::Write as _;

use super::*;
use crate::storage::xls_scan;

fn xlsx(dir: &Path, name: &str, cells: &[(u32, u16, &str)]) -> std::path::PathBuf {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for &(row, col, text) in cells {
        sheet.write_string(row, col, text).unwrap();
    }
    let path = dir.join(name);
    workbook.save(&path).unwrap();
    path
}

fn zip_file(dir: &Path, name: &str, parts: &[(&str, &[u8])]) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (part, bytes) in parts {
        writer.start_file(*part, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
    path
}

#[test]
fn a_workbook_reads_with_its_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        dir.path(),
        "名单.xlsx",
        &[(2, 0, "姓名"), (2, 1, "党支部"), (3, 0, "张建国")],
    );
    let sheets = read_workbook(&path).unwrap();
    let rows = &sheets[0].1;
    assert!(
        rows[0].is_empty() && rows[1].is_empty(),
        "rows 1 and 2 are empty"
    );
    assert_eq!(rows[2], ["姓名", "党支部"]);
    assert_eq!(rows[3], ["张建国"]);
}

#[test]
fn a_cell_far_out_is_refused_by_name_without_laying_out_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        dir.path(),
        "炸弹.xlsx",
        &[(0, 0, "题干"), (1_048_575, 16_383, "x")],
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 16 * 1024);
    let error = read_workbook(&path).unwrap_err().to_string();
    assert!(
        error.contains("第 1048576 行第 16384 列超出了读取范围"),
        "{error}"
    );
    // The last row of a sheet within the columns read is fine: rows are gathered, not laid out.
    let path = xlsx(
        dir.path(),
        "末行.xlsx",
        &[(0, 0, "题干"), (1_048_575, 3, "x")],
    );
    let sheets = read_workbook(&path).unwrap();
    assert_eq!(sheets[0].1.len(), 1_048_576);
}

#[test]
fn a_zip_bomb_is_refused_by_what_it_unpacks_to() {
    let dir = tempfile::tempdir().unwrap();
    let zeros = vec![b' '; (MAX_UNPACKED + 1024) as usize];
    let path = zip_file(
        dir.path(),
        "炸弹.xlsx",
        &[("xl/worksheets/sheet1.xml", &zeros)],
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 1024 * 1024);
    let error = read_workbook(&path).unwrap_err().to_string();
    assert!(error.contains("解压后超过 128 MB"), "{error}");
}

#[test]
fn other_formats_and_damaged_files_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let ods = zip_file(
        dir.path(),
        "表.ods",
        &[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )],
    );
    let error = read_workbook(&ods).unwrap_err().to_string();
    assert!(error.contains("另存为 .xlsx"), "{error}");
    let text = dir.path().join("假的.xlsx");
    std::fs::write(&text, "这不是表格").unwrap();
    let error = read_workbook(&text).unwrap_err().to_string();
    assert!(error.contains("不是 Excel 表格文件"), "{error}");
    let broken = dir.path().join("坏的.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 broken").unwrap();
    let error = read_workbook(&broken).unwrap_err().to_string();
    assert!(error.contains("已损坏"), "{error}");
    assert!(!error.is_ascii(), "{error}");
}

/// A compound file with one `Workbook` stream of `biff`, in 512-byte sectors.
fn compound(biff: &[u8]) -> Vec<u8> {
    let mut stream = biff.to_vec();
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let stream_sectors = (stream.len() / 512) as u32;
    // Sector 0: the FAT; sector 1: the directory; then the stream.
    let mut fat = vec![0xFFFF_FFFDu32, 0xFFFF_FFFE];
    for i in 0..stream_sectors {
        fat.push(if i + 1 == stream_sectors {
            0xFFFF_FFFE
        } else {
            3 + i
        });
    }
    fat.resize(128, 0xFFFF_FFFF);
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
    header[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    header[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
    header[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
    header[0x30..0x34].copy_from_slice(&1u32.to_le_bytes());
    header[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
    header[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    header[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for i in 0..109 {
        let value: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        header[0x4C + i * 4..0x50 + i * 4].copy_from_slice(&value.to_le_bytes());
    }
    let mut directory = vec![0u8; 512];
    let mut entry = |i: usize, name: &str, kind: u8, start: u32, size: u32| {
        let e = &mut directory[i * 128..i * 128 + 128];
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (j, u) in units.iter().enumerate() {
            e[j * 2..j * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[0x40..0x42].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        e[0x42] = kind;
        e[0x74..0x78].copy_from_slice(&start.to_le_bytes());
        e[0x78..0x7C].copy_from_slice(&size.to_le_bytes());
    };
    entry(0, "Root Entry", 5, 0xFFFF_FFFE, 0);
    entry(1, "Workbook", 2, 2, stream.len() as u32);
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(directory);
    out.extend(stream);
    out
}

fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

fn number(row: u16, col: u16) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend(col.to_le_bytes());
    data.extend([0u8; 10]);
    record(0x0203, &data)
}

#[test]
fn an_xls_whose_cells_span_too_far_is_refused_before_it_is_laid_out() {
    let bof = record(0x0809, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0]);
    let eof = record(0x000A, &[]);
    let mut biff = bof.clone();
    biff.extend(number(0, 0));
    biff.extend(number(65_535, 63));
    biff.extend(&eof);
    let error = xls_scan::check(&compound(&biff), MAX_XLS_AREA, MAX_COLUMNS).unwrap_err();
    assert!(
        error.contains("第 1 个工作表的数据从第 1 行延伸到第 65536 行"),
        "{error}"
    );
    let mut wide = bof.clone();
    wide.extend(number(3, 200));
    wide.extend(&eof);
    let error = xls_scan::check(&compound(&wide), MAX_XLS_AREA, MAX_COLUMNS).unwrap_err();
    assert!(error.contains("第 4 行第 201 列超出了读取范围"), "{error}");
    let mut small = bof;
    small.extend(number(0, 0));
    small.extend(number(999, 9));
    small.extend(eof);
    assert_eq!(
        xls_scan::check(&compound(&small), MAX_XLS_AREA, MAX_COLUMNS),
        Ok(())
    );
    // Through the front door: refused with the file's name.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("旧表格.xls");
    std::fs::write(&path, compound(&biff)).unwrap();
    let error = read_workbook(&path).unwrap_err().to_string();
    assert!(
        error.contains("旧表格.xls") && error.contains("范围过大"),
        "{error}"
    );
}

#[test]
fn a_damaged_compound_file_is_never_followed_forever() {
    let mut bytes = compound(&record(0x0809, &[0, 6, 0x10, 0]));
    // The FAT points the stream's sector at itself.
    let fat_entry = 512 + 2 * 4;
    bytes[fat_entry..fat_entry + 4].copy_from_slice(&2u32.to_le_bytes());
    assert_eq!(xls_scan::check(&bytes, MAX_XLS_AREA, MAX_COLUMNS), Ok(()));
    for cut in [0, 10, 100, 600, 1100] {
        let _ = xls_scan::check(&bytes[..cut.min(bytes.len())], MAX_XLS_AREA, MAX_COLUMNS);
    }
}
