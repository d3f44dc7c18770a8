//! Bounding a legacy .xls (BIFF8 in an OLE compound file) before calamine reads it.
//!
//! calamine sizes a sheet's grid from its furthest cell (and reserves what the DIMENSIONS
//! record claims), so one stray cell at IV65536 costs a gigabyte. Here the workbook stream is
//! walked record by record, in place: a cell beyond the form's area (and an oversized
//! DIMENSIONS) gets a record type nobody reads, so calamine skips it and the grid stays small.
//! A FILEPASS record means the file is encrypted (password-protected).

use crate::intake::ingest::{MAX_COLS, MAX_ROWS};

/// What the walk found.
pub enum Bounded {
    /// The bytes to read (patched when `trimmed`), and the cells within the area that show a
    /// percentage (sheet, row, column).
    Ok {
        bytes: Vec<u8>,
        trimmed: bool,
        percent: Vec<(String, u32, u16)>,
    },
    /// FILEPASS: encrypted with a password.
    Encrypted,
}

/// A record type no reader acts on in a worksheet (SheetLayout, informational only).
const IGNORED: u16 = 0x0862;
const END: u32 = 0xFFFF_FFFE;

fn u16_at(b: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(o..o + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(o..o + 4)?.try_into().ok()?))
}

/// The compound file's sector allocation, enough to map a stream onto file offsets.
struct Cfb<'a> {
    b: &'a [u8],
    ss: usize,
    fat: Vec<u32>,
}

impl Cfb<'_> {
    fn chain(&self, start: u32, table: &[u32]) -> Option<Vec<u32>> {
        let mut out = Vec::new();
        let mut s = start;
        while s != END {
            if out.len() > table.len() {
                return None; // a loop
            }
            out.push(s);
            s = *table.get(s as usize)?;
        }
        Some(out)
    }
    fn sector(&self, s: u32) -> Option<usize> {
        let off = (s as usize + 1).checked_mul(self.ss)?;
        (off + self.ss <= self.b.len()).then_some(off)
    }
    fn read_chain(&self, chain: &[u32]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for s in chain {
            let o = self.sector(*s)?;
            out.extend_from_slice(&self.b[o..o + self.ss]);
        }
        Some(out)
    }
}

/// File offsets of each byte of the workbook stream, by a function.
fn workbook_map(b: &[u8]) -> Option<(Vec<usize>, usize)> {
    let ss = 1usize << u16_at(b, 0x1E)?.min(16);
    let mss = 1usize << u16_at(b, 0x20)?.min(16);
    let mut difat: Vec<u32> = (0..109).filter_map(|i| u32_at(b, 0x4C + 4 * i)).collect();
    let mut next = u32_at(b, 0x44)?;
    let mut guard = 0;
    while next != END && next < 0xFFFF_FFF0 && guard < 10_000 {
        let o = (next as usize + 1).checked_mul(ss)?;
        let sec = b.get(o..o + ss)?;
        difat.extend((0..ss / 4 - 1).filter_map(|i| u32_at(sec, 4 * i)));
        next = u32_at(sec, ss - 4)?;
        guard += 1;
    }
    let mut cfb = Cfb {
        b,
        ss,
        fat: Vec::new(),
    };
    let mut fat = Vec::new();
    for s in difat.into_iter().filter(|s| *s < 0xFFFF_FFF0) {
        let o = cfb.sector(s)?;
        fat.extend((0..ss / 4).filter_map(|i| u32_at(&b[o..o + ss], 4 * i)));
    }
    cfb.fat = fat;
    let dir = cfb.read_chain(&cfb.chain(u32_at(b, 0x30)?, &cfb.fat)?)?;
    let entry = |i: usize| dir.get(i * 128..i * 128 + 128);
    let name = |e: &[u8]| -> String {
        let n = (u16_at(e, 64).unwrap_or(0) as usize)
            .min(64)
            .saturating_sub(2);
        char::decode_utf16((0..n / 2).filter_map(|i| u16_at(e, 2 * i)))
            .map(|c| c.unwrap_or('?'))
            .collect()
    };
    let wb = (0..dir.len() / 128)
        .filter_map(entry)
        .find(|e| matches!(name(e).as_str(), "Workbook" | "Book") && e[66] == 2)?;
    let (start, size) = (u32_at(wb, 116)?, u32_at(wb, 120)? as usize);
    let mut map = Vec::with_capacity(size);
    if size >= u32_at(b, 0x38)? as usize {
        for s in cfb.chain(start, &cfb.fat)? {
            let o = cfb.sector(s)?;
            map.extend(o..o + ss);
        }
    } else {
        // A small stream lives in the mini stream, held by the root entry.
        let root = entry(0)?;
        let container = cfb.chain(u32_at(root, 116)?, &cfb.fat)?;
        let minifat_bytes = cfb.read_chain(&cfb.chain(u32_at(b, 0x3C)?, &cfb.fat)?)?;
        let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
            .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
            .collect();
        for m in cfb.chain(start, &minifat)? {
            for k in 0..mss {
                let in_container = m as usize * mss + k;
                let s = *container.get(in_container / ss)?;
                map.push(cfb.sector(s)? + in_container % ss);
            }
        }
    }
    map.truncate(size);
    (map.len() == size).then_some((map, size))
}

/// Walks the workbook stream and neutralises what would make calamine allocate beyond the
/// form's area. A file whose container cannot be mapped is passed on unchanged (calamine then
/// refuses it as corrupt).
pub fn bound(bytes: &[u8]) -> Bounded {
    let Some((map, size)) = workbook_map(bytes) else {
        return Bounded::Ok {
            bytes: bytes.to_vec(),
            trimmed: false,
            percent: Vec::new(),
        };
    };
    let at = |o: usize| map.get(o).map(|f| bytes[*f]);
    let word = |o: usize| Some(u16::from_le_bytes([at(o)?, at(o + 1)?]));
    let mut out = bytes.to_vec();
    let mut trimmed = false;
    let mut dropped_formula = false;
    let mut percent = Percent::default();
    let mut pos = 0;
    while pos + 4 <= size {
        let (Some(typ), Some(len)) = (word(pos), word(pos + 2)) else {
            break;
        };
        let data = pos + 4;
        if Percent::READS.contains(&typ) {
            let rec: Vec<u8> = (data..data + len as usize).filter_map(at).collect();
            percent.record(typ, &rec);
        }
        let beyond = |row: Option<u16>, col: Option<u16>| {
            row.is_some_and(|r| r as u32 >= MAX_ROWS) || col.is_some_and(|c| c >= MAX_COLS)
        };
        let drop = match typ {
            0x002F => return Bounded::Encrypted,
            0x0006 | 0x0406 | 0x00BD | 0x00BE | 0x00D6 | 0x00FD | 0x0201 | 0x0203 | 0x0204
            | 0x0205 | 0x027E => {
                let d = beyond(word(data), word(data + 2));
                if matches!(typ, 0x0006 | 0x0406) {
                    dropped_formula = d;
                }
                d
            }
            // The cached string result of the formula just before.
            0x0207 => dropped_formula,
            0x0200 if len >= 14 => {
                let rows =
                    word(data + 4).map(|lo| lo as u32 | (word(data + 6).unwrap_or(0) as u32) << 16);
                rows.is_some_and(|r| r > MAX_ROWS) || word(data + 10).is_some_and(|c| c > MAX_COLS)
            }
            _ => false,
        };
        if drop {
            let [lo, hi] = IGNORED.to_le_bytes();
            if let (Some(a), Some(b)) = (map.get(pos), map.get(pos + 1)) {
                out[*a] = lo;
                out[*b] = hi;
                trimmed |= typ != 0x0200;
            }
        }
        pos = data + len as usize;
    }
    Bounded::Ok {
        bytes: out,
        trimmed,
        percent: percent.cells,
    }
}

/// Which cells show a percentage: the number formats (FORMAT), the cell formats (XF) in order,
/// the sheets (BoundSheet8, then one BOF substream per sheet) and each number's XF.
#[derive(Default)]
struct Percent {
    /// Custom number formats that show a percent sign.
    formats: Vec<u16>,
    /// Per XF index: whether it shows a percentage.
    xf: Vec<bool>,
    sheets: Vec<String>,
    /// BOF nesting (a chart inside a sheet has its own BOF … EOF) and sheets begun.
    depth: u32,
    begun: usize,
    sheet: Option<String>,
    cells: Vec<(String, u32, u16)>,
}

impl Percent {
    /// BOF, EOF, FORMAT, XF, BoundSheet8, NUMBER, RK, MULRK.
    const READS: [u16; 8] = [
        0x0809, 0x000A, 0x041E, 0x00E0, 0x0085, 0x0203, 0x027E, 0x00BD,
    ];

    fn record(&mut self, typ: u16, rec: &[u8]) {
        let word = |o: usize| u16_at(rec, o);
        match typ {
            0x0809 => {
                if self.depth == 0 && word(2) != Some(0x0005) {
                    self.sheet = Some(self.sheets.get(self.begun).cloned().unwrap_or_default());
                    self.begun += 1;
                }
                self.depth += 1;
            }
            0x000A => self.depth = self.depth.saturating_sub(1),
            0x041E => {
                if let (Some(ifmt), Some(code)) = (word(0), xl_string(rec, 2, true))
                    && crate::intake::cell::shows_percent(&code)
                {
                    self.formats.push(ifmt);
                }
            }
            0x00E0 => {
                let ifmt = word(2).unwrap_or(0);
                self.xf
                    .push(matches!(ifmt, 9 | 10) || self.formats.contains(&ifmt));
            }
            0x0085 => self
                .sheets
                .push(xl_string(rec, 6, false).unwrap_or_default()),
            0x0203 | 0x027E => self.cell(word(0), word(2), word(4)),
            0x00BD => {
                let n = rec.len().saturating_sub(6) / 6;
                for i in 0..n {
                    let col = word(2).map(|c| c.saturating_add(i as u16));
                    self.cell(word(0), col, word(4 + 6 * i));
                }
            }
            _ => {}
        }
    }

    fn cell(&mut self, row: Option<u16>, col: Option<u16>, xf: Option<u16>) {
        let (Some(row), Some(col), Some(xf), Some(sheet)) = (row, col, xf, &self.sheet) else {
            return;
        };
        if self.xf.get(xf as usize) == Some(&true)
            && u32::from(row) < MAX_ROWS
            && col < MAX_COLS
            && self.cells.len() < 10_000
        {
            self.cells.push((sheet.clone(), u32::from(row), col));
        }
    }
}

/// A BIFF8 string at `o`: its length (two bytes when `long`, else one), a flags byte (bit 0:
/// UTF-16), then the characters.
fn xl_string(rec: &[u8], o: usize, long: bool) -> Option<String> {
    let (cch, at) = if long {
        (u16_at(rec, o)? as usize, o + 2)
    } else {
        (*rec.get(o)? as usize, o + 1)
    };
    let wide = rec.get(at)? & 1 == 1;
    let chars = rec.get(at + 1..)?;
    Some(if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(cch).map(|&b| char::from(b)).collect()
    })
}
