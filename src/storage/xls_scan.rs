//! A look inside an `.xls` before it is read: where its cells are. The reader lays every sheet out
//! as one block from its first cell to its last, so two cells far apart make a block of millions;
//! this scan finds each sheet's span from the cell records alone and refuses it when too big.
//!
//! An `.xls` is a compound file (sectors, a FAT chaining them, a directory of streams) holding a
//! `Workbook` stream of BIFF records; each sheet is a run of records from a BOF to an EOF, and
//! every cell record starts with its row and column. Only what the scan needs is read, and every
//! chain and length is checked, so a damaged or crafted file is refused, never followed forever.

/// Refuses the workbook in `bytes` if a sheet spans more than `max_area` cells or a cell lies past
/// column `max_columns`; a file the scan cannot follow is left to the reader to judge.
pub fn check(bytes: &[u8], max_area: u64, max_columns: u32) -> Result<(), String> {
    let Some(stream) = workbook_stream(bytes) else {
        return Ok(());
    };
    let mut sheet = 0usize;
    let mut span: Option<Span> = None;
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let data = &stream[(at + 4).min(stream.len())..(at + 4 + len).min(stream.len())];
        at += 4 + len;
        match kind {
            // BOF: a worksheet's records follow.
            0x0809 => {
                let worksheet = data.get(2..4).is_some_and(|t| t == [0x10, 0x00]);
                span = worksheet.then_some(Span::default());
                if worksheet {
                    sheet += 1;
                }
            }
            // EOF.
            0x000A => span = None,
            _ => {
                let Some(span) = span.as_mut() else { continue };
                let Some((row, first, last)) = cell_position(kind, data) else {
                    continue;
                };
                if last >= max_columns {
                    return Err(format!(
                        "第 {sheet} 个工作表第 {} 行第 {} 列超出了读取范围：最多读 {max_columns} 列，请删去多余的列",
                        row + 1,
                        last + 1
                    ));
                }
                span.add(row, first, last);
                if span.area() > max_area {
                    return Err(format!(
                        "第 {sheet} 个工作表的数据从第 {} 行延伸到第 {} 行，范围过大（超过 {max_area} 个单元格），没有读取",
                        span.rows.0 + 1,
                        span.rows.1 + 1
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The rows and columns a sheet's cells reach.
#[derive(Clone, Copy)]
struct Span {
    rows: (u32, u32),
    cols: (u32, u32),
    any: bool,
}

impl Default for Span {
    fn default() -> Self {
        Self {
            rows: (u32::MAX, 0),
            cols: (u32::MAX, 0),
            any: false,
        }
    }
}

impl Span {
    fn add(&mut self, row: u32, first: u32, last: u32) {
        self.any = true;
        self.rows = (self.rows.0.min(row), self.rows.1.max(row));
        self.cols = (self.cols.0.min(first), self.cols.1.max(last));
    }

    fn area(&self) -> u64 {
        if !self.any {
            return 0;
        }
        u64::from(self.rows.1 - self.rows.0 + 1) * u64::from(self.cols.1 - self.cols.0 + 1)
    }
}

/// The row and the first and last column of a cell record.
fn cell_position(kind: u16, data: &[u8]) -> Option<(u32, u32, u32)> {
    let u16_at = |i: usize| {
        data.get(i..i + 2)
            .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    };
    match kind {
        // NUMBER, RK, LABELSST, LABEL, FORMULA, BLANK, BOOLERR, RSTRING.
        0x0203 | 0x027E | 0x00FD | 0x0204 | 0x0006 | 0x0201 | 0x0205 | 0x00D6 => {
            let col = u16_at(2)?;
            Some((u16_at(0)?, col, col))
        }
        // MULRK, MULBLANK: a run of cells ending at the column in the last two bytes.
        0x00BD | 0x00BE => {
            let last = u16_at(data.len().checked_sub(2)?)?;
            Some((u16_at(0)?, u16_at(2)?, last))
        }
        _ => None,
    }
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// The `Workbook` (or `Book`) stream of the compound file, if it can be followed.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |i: usize| {
        bytes
            .get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let shift = u16_at(0x1E)?;
    let mini_shift = u16_at(0x20)?;
    if !(7..=16).contains(&shift) || mini_shift >= shift {
        return None;
    }
    let sector = 1usize << shift;
    let sectors = bytes.len() / sector;
    let at = |n: u32| -> Option<&[u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(sector)?;
        bytes.get(start..start + sector)
    };
    // The FAT's sectors: the first 109 in the header, the rest in a chain of DIFAT sectors.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(0x4C + i * 4))
        .filter(|&s| (s as usize) < sectors)
        .collect();
    let mut difat = u32_at(0x44)?;
    let mut guard = 0;
    while (difat as usize) < sectors && guard < sectors {
        guard += 1;
        let block = at(difat)?;
        let entries = sector / 4 - 1;
        fat_sectors.extend(
            (0..entries)
                .map(|i| {
                    u32::from_le_bytes([
                        block[i * 4],
                        block[i * 4 + 1],
                        block[i * 4 + 2],
                        block[i * 4 + 3],
                    ])
                })
                .filter(|&s| (s as usize) < sectors),
        );
        difat = u32::from_le_bytes(block[sector - 4..].try_into().ok()?);
    }
    let fat: Vec<u32> = fat_sectors
        .iter()
        .filter_map(|&s| at(s))
        .flat_map(|b| {
            b.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        })
        .collect();
    let chain = |start: u32, table: &[u32]| -> Vec<u32> {
        let mut out = Vec::new();
        let mut n = start;
        while n != END_OF_CHAIN && (n as usize) < table.len() && out.len() <= table.len() {
            out.push(n);
            n = table[n as usize];
        }
        out
    };
    let read = |start: u32| -> Vec<u8> {
        chain(start, &fat)
            .into_iter()
            .filter_map(at)
            .flatten()
            .copied()
            .collect()
    };
    let directory = read(u32_at(0x30)?);
    let entry = |i: usize| directory.get(i * 128..i * 128 + 128);
    let name_of = |e: &[u8]| {
        let len = (u16::from_le_bytes([e[0x40], e[0x41]]) as usize).min(64);
        let units: Vec<u16> = e[..len]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        String::from_utf16_lossy(&units)
    };
    let root = entry(0)?;
    let cutoff = u32_at(0x38)? as u64;
    let stream = (0..directory.len() / 128).filter_map(entry).find(|e| {
        e[0x42] == 2 && matches!(name_of(e).as_str(), "Workbook" | "Book" | "WORKBOOK")
    })?;
    let start = u32::from_le_bytes(stream[0x74..0x78].try_into().ok()?);
    let size = u64::from(u32::from_le_bytes(stream[0x78..0x7C].try_into().ok()?));
    let mut data = if size < cutoff {
        // A small stream lives in the mini stream, in mini sectors chained by the mini FAT.
        let mini_stream = read(u32::from_le_bytes(root[0x74..0x78].try_into().ok()?));
        let mini_fat: Vec<u32> = read(u32_at(0x3C)?)
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mini = 1usize << mini_shift;
        chain(start, &mini_fat)
            .into_iter()
            .filter_map(|n| mini_stream.get(n as usize * mini..n as usize * mini + mini))
            .flatten()
            .copied()
            .collect()
    } else {
        read(start)
    };
    data.truncate(size as usize);
    Some(data)
}
