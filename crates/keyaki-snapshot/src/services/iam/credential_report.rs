//! The IAM credential report: one CSV row per IAM user plus the root user, saying which
//! credentials each has and when they were last used.
//!
//! Columns and values follow
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html>:
//! times are ISO 8601; `N/A` means there is nothing to report (no password, no access key,
//! a key never used); `no_information` means a password was never used, or last used before
//! IAM started tracking it (2014-10-20); `not_supported` appears in the root user's row for
//! what does not apply to it. Each of them reads as `None` here.

use std::sync::Arc;

use keyaki_core::Arn;

use crate::LoadError;
use crate::resource::Origin;
use crate::source::SourceFile;

use super::timestamp::Timestamp;

/// The name the report gives the root user.
pub const ROOT_USER: &str = "<root_account>";

/// The columns of the report, in the order AWS writes them.
pub const COLUMNS: [&str; 22] = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
];

/// The decoded credential report (`aws iam get-credential-report`).
#[derive(Debug, Clone)]
pub struct CredentialReport {
    /// One row per user, in the report's order; the root user's row is among them.
    pub rows: Vec<CredentialReportRow>,
}

impl CredentialReport {
    /// The row of the user named `user` ([`ROOT_USER`] for the root user).
    pub fn row(&self, user: &str) -> Option<&CredentialReportRow> {
        self.rows.iter().find(|r| r.user == user)
    }

    /// The root user's row.
    pub fn root(&self) -> Option<&CredentialReportRow> {
        self.row(ROOT_USER)
    }

    /// The IAM users' rows (every row but the root user's).
    pub fn users(&self) -> impl Iterator<Item = &CredentialReportRow> {
        self.rows.iter().filter(|r| !r.is_root())
    }
}

/// One access key's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKeyStatus {
    /// `access_key_N_active`: the user has this key and its status is Active.
    pub active: bool,
    /// `access_key_N_last_rotated`: when the key was created or last changed.
    pub last_rotated: Option<Timestamp>,
    /// `access_key_N_last_used_date`: when the key last signed a request.
    pub last_used_date: Option<Timestamp>,
    /// `access_key_N_last_used_region`.
    pub last_used_region: Option<String>,
    /// `access_key_N_last_used_service`, a service namespace such as `s3`.
    pub last_used_service: Option<String>,
}

impl AccessKeyStatus {
    /// Whether the user has this key at all, active or not.
    pub fn exists(&self) -> bool {
        self.active || self.last_rotated.is_some()
    }
}

/// One signing certificate's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateStatus {
    /// `cert_N_active`.
    pub active: bool,
    /// `cert_N_last_rotated`.
    pub last_rotated: Option<Timestamp>,
}

/// One row of the credential report.
#[derive(Debug, Clone)]
pub struct CredentialReportRow {
    /// `user`: the user's name, or [`ROOT_USER`].
    pub user: String,
    /// `arn`: the user's ARN (`arn:aws:iam::123456789012:root` for the root user).
    pub arn: Arn,
    /// `user_creation_time`.
    pub user_creation_time: Option<Timestamp>,
    /// `password_enabled`: whether the user has a console password; `None` for the root
    /// user (`not_supported`).
    pub password_enabled: Option<bool>,
    /// `password_last_used`; `None` for `N/A` (no password) and `no_information`.
    pub password_last_used: Option<Timestamp>,
    /// `password_last_changed`.
    pub password_last_changed: Option<Timestamp>,
    /// `password_next_rotation`, when the password policy makes passwords expire.
    pub password_next_rotation: Option<Timestamp>,
    /// `mfa_active`: whether an MFA device is enabled for the user.
    pub mfa_active: bool,
    /// `access_key_1_*`.
    pub access_key_1: AccessKeyStatus,
    /// `access_key_2_*`.
    pub access_key_2: AccessKeyStatus,
    /// `cert_1_*`.
    pub cert_1: CertificateStatus,
    /// `cert_2_*`.
    pub cert_2: CertificateStatus,
    /// The file and line of the row (the JSON path reads `row N`).
    pub origin: Origin,
}

impl CredentialReportRow {
    /// Whether this is the root user's row.
    pub fn is_root(&self) -> bool {
        self.user == ROOT_USER
    }

    /// How many of the user's access keys are active.
    pub fn active_access_keys(&self) -> usize {
        usize::from(self.access_key_1.active) + usize::from(self.access_key_2.active)
    }

    /// The most recent use of any of the user's credentials (password or access key).
    pub fn last_activity(&self) -> Option<&Timestamp> {
        [
            self.password_last_used.as_ref(),
            self.access_key_1.last_used_date.as_ref(),
            self.access_key_2.last_used_date.as_ref(),
        ]
        .into_iter()
        .flatten()
        .max()
    }
}

/// Whether `file` looks like a credential report: its name says so, or its header starts
/// with the report's first two columns.
pub(crate) fn is_credential_report(file: &SourceFile) -> bool {
    file.place.command == "credential-report"
        || file
            .text
            .trim_start_matches('\u{feff}')
            .starts_with("user,arn,")
}

/// Parses the CSV text of `file`, reporting every bad row.
pub(crate) fn parse(file: &SourceFile) -> Result<CredentialReport, Vec<LoadError>> {
    let text = file.text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| vec![csv_error(file, &e)])?
        .clone();
    let mut columns = [0usize; COLUMNS.len()];
    let mut missing = Vec::new();
    for (slot, name) in columns.iter_mut().zip(COLUMNS) {
        match headers.iter().position(|h| h.trim() == name) {
            Some(i) => *slot = i,
            None => missing.push(format!("{name:?}")),
        }
    }
    if !missing.is_empty() {
        return Err(vec![LoadError::Shape {
            path: file.path.to_path_buf(),
            line: 1,
            column: 1,
            json_path: "header".into(),
            message: format!(
                "not the header of an IAM credential report: missing the column{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ),
        }]);
    }

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (n, record) in reader.records().enumerate() {
        match record {
            Err(e) => errors.push(csv_error(file, &e)),
            Ok(record) => match read_row(file, &record, &columns, n + 1) {
                Ok(row) => rows.push(row),
                Err(e) => errors.extend(e),
            },
        }
    }
    if errors.is_empty() {
        Ok(CredentialReport { rows })
    } else {
        Err(errors)
    }
}

fn csv_error(file: &SourceFile, e: &csv::Error) -> LoadError {
    let line = e.position().map_or(1, |p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields, but the header has {expected_len}"),
        _ => e.to_string(),
    };
    LoadError::Syntax {
        path: file.path.to_path_buf(),
        line,
        column: 1,
        format: "CSV",
        message,
    }
}

/// Reads one record; `n` is its 1-based position among the rows.
fn read_row(
    file: &SourceFile,
    record: &csv::StringRecord,
    columns: &[usize; COLUMNS.len()],
    n: usize,
) -> Result<CredentialReportRow, Vec<LoadError>> {
    let line = record.position().map_or(n + 1, |p| p.line() as usize);
    let mut errors = Vec::new();
    let field = |c: usize| -> Cell<'_> {
        let index = columns[c];
        // The column of the field on its line, exact when no field is quoted (AWS quotes none).
        let column = record.range(index).map_or(1, |r| r.start + index + 1);
        Cell {
            value: record.get(index).unwrap_or("").trim(),
            name: COLUMNS[c],
            line,
            column,
            file,
        }
    };
    macro_rules! read {
        ($c:expr, $how:ident) => {
            match field($c).$how() {
                Ok(v) => v,
                Err(e) => {
                    errors.push(e);
                    Default::default()
                }
            }
        };
    }
    let user = field(0).value.to_owned();
    let arn_cell = field(1);
    let arn = Arn::new(arn_cell.value).map_err(|e| arn_cell.error(&e.to_string()));
    let row = Row {
        user_creation_time: read!(2, time),
        password_enabled: read!(3, optional_bool),
        password_last_used: read!(4, time),
        password_last_changed: read!(5, time),
        password_next_rotation: read!(6, time),
        mfa_active: read!(7, boolean),
        access_key_1: AccessKeyStatus {
            active: read!(8, boolean),
            last_rotated: read!(9, time),
            last_used_date: read!(10, time),
            last_used_region: field(11).text(),
            last_used_service: field(12).text(),
        },
        access_key_2: AccessKeyStatus {
            active: read!(13, boolean),
            last_rotated: read!(14, time),
            last_used_date: read!(15, time),
            last_used_region: field(16).text(),
            last_used_service: field(17).text(),
        },
        cert_1: CertificateStatus {
            active: read!(18, boolean),
            last_rotated: read!(19, time),
        },
        cert_2: CertificateStatus {
            active: read!(20, boolean),
            last_rotated: read!(21, time),
        },
    };
    let arn = match arn {
        Ok(arn) => Some(arn),
        Err(e) => {
            errors.insert(0, e);
            None
        }
    };
    match arn {
        Some(arn) if errors.is_empty() => Ok(CredentialReportRow {
            user,
            arn,
            user_creation_time: row.user_creation_time,
            password_enabled: row.password_enabled,
            password_last_used: row.password_last_used,
            password_last_changed: row.password_last_changed,
            password_next_rotation: row.password_next_rotation,
            mfa_active: row.mfa_active,
            access_key_1: row.access_key_1,
            access_key_2: row.access_key_2,
            cert_1: row.cert_1,
            cert_2: row.cert_2,
            origin: Origin {
                file: Arc::clone(&file.path),
                json_path: format!("row {n}").into(),
                line,
            },
        }),
        _ => Err(errors),
    }
}

/// The fields of a row other than the user and ARN, while they are read.
struct Row {
    user_creation_time: Option<Timestamp>,
    password_enabled: Option<bool>,
    password_last_used: Option<Timestamp>,
    password_last_changed: Option<Timestamp>,
    password_next_rotation: Option<Timestamp>,
    mfa_active: bool,
    access_key_1: AccessKeyStatus,
    access_key_2: AccessKeyStatus,
    cert_1: CertificateStatus,
    cert_2: CertificateStatus,
}

/// One field of a row, with what is needed to report a bad value.
struct Cell<'a> {
    value: &'a str,
    name: &'static str,
    line: usize,
    column: usize,
    file: &'a SourceFile,
}

impl Cell<'_> {
    fn error(&self, message: &str) -> LoadError {
        LoadError::Shape {
            path: self.file.path.to_path_buf(),
            line: self.line,
            column: self.column,
            json_path: self.name.into(),
            message: message.to_owned(),
        }
    }

    /// Whether the value is one of the report's markers for "nothing to report".
    fn is_marker(&self) -> bool {
        matches!(self.value, "N/A" | "no_information" | "not_supported" | "")
    }

    fn boolean(&self) -> Result<bool, LoadError> {
        if self.value.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if self.value.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(self.error(&format!("expected true or false, found {:?}", self.value)))
        }
    }

    fn optional_bool(&self) -> Result<Option<bool>, LoadError> {
        if self.is_marker() {
            Ok(None)
        } else {
            self.boolean().map(Some).map_err(|_| {
                self.error(&format!(
                    "expected true, false or not_supported, found {:?}",
                    self.value
                ))
            })
        }
    }

    fn time(&self) -> Result<Option<Timestamp>, LoadError> {
        if self.is_marker() {
            Ok(None)
        } else {
            Timestamp::parse(self.value).map(Some).map_err(|_| {
                self.error(&format!(
                    "expected an ISO 8601 time, N/A, no_information or not_supported, found {:?}",
                    self.value
                ))
            })
        }
    }

    fn text(&self) -> Option<String> {
        (!self.is_marker()).then(|| self.value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        let root = Path::new("/snap");
        let full = root.join(name);
        SourceFile {
            path: Arc::from(full.as_path()),
            text: Arc::from(text),
            place: crate::source::place(root, &full),
        }
    }

    #[test]
    fn recognised_by_name_or_header() {
        assert!(is_credential_report(&file(
            "global/iam/credential-report.csv",
            "x"
        )));
        assert!(is_credential_report(&file(
            "report.csv",
            "user,arn,user_creation_time\n"
        )));
        assert!(is_credential_report(&file(
            "report.csv",
            "\u{feff}user,arn,x\n"
        )));
        assert!(!is_credential_report(&file("users.csv", "name,email\n")));
    }

    #[test]
    fn reads_the_documented_values() {
        // The documentation writes booleans in capitals; the report AWS returns writes them
        // in lower case. Columns AWS may add later are ignored.
        let header = COLUMNS.join(",");
        let text = format!(
            "\u{feff}{header},future_column\n\
             alice,arn:aws:iam::123456789012:user/alice,2020-01-15T10:00:00+00:00,TRUE,N/A,N/A,N/A,FALSE,TRUE,2023-11-20T12:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,true,2021-01-01T00:00:00+00:00,false,N/A,x\n"
        );
        let report = parse(&file("global/iam/credential-report.csv", &text)).expect("report");
        let row = &report.rows[0];
        assert_eq!(row.password_enabled, Some(true));
        assert_eq!(row.password_last_used, None);
        assert!(!row.mfa_active);
        assert!(row.access_key_1.active && row.access_key_1.exists());
        assert_eq!(row.access_key_1.last_used_date, None);
        assert!(row.cert_1.active);
        assert_eq!(row.origin.line, 2);
        assert_eq!(&*row.origin.json_path, "row 1");
        assert!(report.root().is_none());
        assert_eq!(report.users().count(), 1);
    }

    #[test]
    fn a_header_only_report_has_no_rows() {
        let report = parse(&file("credential-report.csv", &COLUMNS.join(","))).expect("report");
        assert!(report.rows.is_empty());
    }
}
