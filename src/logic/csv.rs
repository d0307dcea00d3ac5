//! Comma-separated values, both ways: reading the drive list that Azure's WAImportExport tool
//! summarises (pasted into the new-job form), and writing the job list as a spreadsheet opens
//! it safely (RFC 4180 quoting, formulas neutralised).

/// Splits CSV text into records of fields (RFC 4180: fields in double quotes may hold commas,
/// quotes written twice and line breaks). Blank lines are skipped.
pub fn records(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => end_record(&mut out, &mut record, &mut field),
            (false, c) => field.push(c),
        }
    }
    end_record(&mut out, &mut record, &mut field);
    out
}

fn end_record(out: &mut Vec<Vec<String>>, record: &mut Vec<String>, field: &mut String) {
    record.push(std::mem::take(field));
    let record = std::mem::take(record);
    if record.iter().any(|f| !f.trim().is_empty()) {
        out.push(record);
    }
}

/// One drive as pasted: the five properties a create sends for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DriveRow {
    /// The drive's serial number (`driveId`).
    pub drive_id: String,
    /// Its BitLocker key.
    pub bit_locker_key: String,
    /// The manifest's path on the drive.
    pub manifest_file: String,
    /// The manifest's hash.
    pub manifest_hash: String,
    /// The drive header's hash.
    pub drive_header_hash: String,
}

/// Why pasted drive text was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrivesCsvProblem {
    /// Nothing but blank lines.
    Empty,
    /// The first line names no drive id column.
    NoDriveIdColumn,
}

/// Reads the drives of a WAImportExport drive summary (the tool's journal summary, or the
/// same columns written by hand): a header line naming the columns in any order and case —
/// `DriveId` (or `SerialNumber`, `DriveSerialNumber`), `BitLockerKey`, `ManifestFile`,
/// `ManifestHash`, `DriveHeaderHash` — then a line per drive. Other columns (`DriveLetter`,
/// `FormatOption`, …) are ignored; a missing column leaves that property empty for the form
/// to point at.
pub fn drives(text: &str) -> Result<Vec<DriveRow>, DrivesCsvProblem> {
    let mut records = records(text).into_iter();
    let header = records.next().ok_or(DrivesCsvProblem::Empty)?;
    let column = |names: &[&str]| {
        header.iter().position(|h| {
            let h: String = h.trim().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
            names.iter().any(|n| h.eq_ignore_ascii_case(n))
        })
    };
    let id = column(&["DriveId", "SerialNumber", "DriveSerialNumber"])
        .ok_or(DrivesCsvProblem::NoDriveIdColumn)?;
    let key = column(&["BitLockerKey", "ExistingBitLockerKey"]);
    let file = column(&["ManifestFile"]);
    let hash = column(&["ManifestHash"]);
    let header_hash = column(&["DriveHeaderHash"]);
    let cell = |record: &[String], at: Option<usize>| {
        at.and_then(|i| record.get(i)).map(|v| v.trim().to_owned()).unwrap_or_default()
    };
    Ok(records
        .map(|r| DriveRow {
            drive_id: cell(&r, Some(id)),
            bit_locker_key: cell(&r, key),
            manifest_file: cell(&r, file),
            manifest_hash: cell(&r, hash),
            drive_header_hash: cell(&r, header_hash),
        })
        .collect())
}

/// One field written for a spreadsheet: quoted when it holds a comma, quote or line break,
/// and with a leading `'` when it would start a formula (`=`, `+`, `-`, `@`, tab or carriage
/// return, as OWASP's CSV-injection advice says).
pub fn field(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A whole CSV document: the header, then the rows, each line ended by CRLF (RFC 4180).
pub fn document(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        out.push_str(&cells.collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    };
    line(&mut header.iter().map(|h| field(h)));
    for row in rows {
        line(&mut row.iter().map(|c| field(c)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",x,\n";
        assert_eq!(
            records(text),
            vec![
                vec!["a".to_owned(), "b,c".into(), "say \"hi\"".into()],
                vec!["two\nlines".to_owned(), "x".into(), String::new()],
            ]
        );
    }

    #[test]
    fn a_drive_summary_is_read_by_column_name_in_any_order() {
        let text = "DriveLetter,FormatOption,ManifestHash,DriveId,BitLockerKey,ManifestFile,DriveHeaderHash\n\
                    G,Format,AB12,9WM35C2V,111111-222222,\\DriveManifest.xml,CD34\n\
                    H,Format,EF56,9WM35C3U,333333-444444,\\DriveManifest.xml,\n";
        let read = drives(text).expect("read");
        assert_eq!(read.len(), 2);
        assert_eq!(
            read[0],
            DriveRow {
                drive_id: "9WM35C2V".into(),
                bit_locker_key: "111111-222222".into(),
                manifest_file: "\\DriveManifest.xml".into(),
                manifest_hash: "AB12".into(),
                drive_header_hash: "CD34".into(),
            }
        );
        assert_eq!(read[1].drive_header_hash, "");
        assert_eq!(drives("serial number , bitlocker key\nX1,K").expect("read")[0].drive_id, "X1");
    }

    #[test]
    fn a_summary_without_drive_ids_or_lines_is_refused() {
        assert_eq!(drives(" \n\n"), Err(DrivesCsvProblem::Empty));
        assert_eq!(drives("BitLockerKey\nK"), Err(DrivesCsvProblem::NoDriveIdColumn));
    }

    #[test]
    fn written_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(field(formula).trim_start_matches('"').starts_with('\''), "{formula}");
        }
        assert_eq!(field("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        assert_eq!(
            document(&["Name", "Id"], &[vec!["a,b".into(), "=x".into()]]),
            "Name,Id\r\n\"a,b\",'=x\r\n"
        );
        // What is written reads back as written (apart from the neutralising quote).
        let row = vec!["a,b".to_owned(), "say \"hi\"".into(), "two\nlines".into()];
        assert_eq!(records(&document(&["x", "y", "z"], std::slice::from_ref(&row)))[1], row);
    }
}
