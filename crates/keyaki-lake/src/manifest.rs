//! The lake's bookkeeping under `LAKE/_keyaki/`: which input files are in the lake (so that
//! re-ingesting them is a no-op), and the journal that makes a batch of Parquet files appear
//! all together or not at all.
//!
//! A batch is written to `_keyaki/staging/<batch>/`, then `_keyaki/pending/<batch>.json` lists
//! the renames and manifest entries, then the files are renamed into their partitions, the
//! entries appended to `_keyaki/manifest.jsonl` and the journal removed. An ingest that dies
//! before the journal exists leaves only staging files, which the next ingest deletes; one
//! that dies after is rolled forward by the next ingest. Readers never see a partial file.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::read::{Counts, SourceKind};

/// One input file in the lake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub(crate) sha256: String,
    pub(crate) path: String,
    pub(crate) source: SourceKind,
    pub(crate) counts: Counts,
    pub(crate) batch: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Journal {
    pub(crate) renames: Vec<(PathBuf, PathBuf)>,
    pub(crate) entries: Vec<Entry>,
}

pub(crate) fn meta_dir(lake: &Path) -> PathBuf {
    lake.join("_keyaki")
}

fn manifest_path(lake: &Path) -> PathBuf {
    meta_dir(lake).join("manifest.jsonl")
}

pub(crate) fn staging_dir(lake: &Path, batch: &str) -> PathBuf {
    meta_dir(lake).join("staging").join(batch)
}

fn pending_dir(lake: &Path) -> PathBuf {
    meta_dir(lake).join("pending")
}

/// The sha256 of every input file already in the lake.
pub(crate) fn load(lake: &Path) -> Result<HashSet<String>> {
    let path = manifest_path(lake);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let mut seen = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let e: Entry = serde_json::from_str(line).map_err(|e| Error::Manifest {
            path: path.clone(),
            reason: format!("line {}: {e}", i + 1),
        })?;
        seen.insert(e.sha256);
    }
    Ok(seen)
}

fn append(lake: &Path, entries: &[Entry]) -> Result<()> {
    let path = manifest_path(lake);
    let mut text = String::new();
    for e in entries {
        let line = serde_json::to_string(e).map_err(|e| Error::Manifest {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        text.push_str(&line);
        text.push('\n');
    }
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    f.write_all(text.as_bytes())
        .map_err(|e| Error::io(&path, e))?;
    f.sync_data().map_err(|e| Error::io(&path, e))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    let mut f = fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    f.write_all(bytes).map_err(|e| Error::io(&tmp, e))?;
    f.sync_all().map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Makes a staged batch visible: journal, renames, manifest, journal removed.
pub(crate) fn commit(lake: &Path, batch: &str, journal: &Journal) -> Result<()> {
    let jpath = pending_dir(lake).join(format!("{batch}.json"));
    let bytes = serde_json::to_vec(journal).map_err(|e| Error::Manifest {
        path: jpath.clone(),
        reason: e.to_string(),
    })?;
    write_atomic(&jpath, &bytes)?;
    finish(lake, &jpath, journal)
}

fn finish(lake: &Path, jpath: &Path, journal: &Journal) -> Result<()> {
    for (from, to) in &journal.renames {
        if from.exists() {
            if let Some(dir) = to.parent() {
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            fs::rename(from, to).map_err(|e| Error::io(to, e))?;
        }
    }
    let present = load(lake)?;
    let missing: Vec<Entry> = journal
        .entries
        .iter()
        .filter(|e| !present.contains(&e.sha256))
        .cloned()
        .collect();
    append(lake, &missing)?;
    fs::remove_file(jpath).map_err(|e| Error::io(jpath, e))?;
    if let Some(batch) = jpath.file_stem() {
        let staging = meta_dir(lake).join("staging").join(batch);
        let _ = fs::remove_dir_all(staging);
    }
    Ok(())
}

/// Rolls forward batches whose journal was written, and removes staging files of batches
/// that never got one.
pub(crate) fn recover(lake: &Path) -> Result<()> {
    let pending = pending_dir(lake);
    if let Ok(rd) = fs::read_dir(&pending) {
        let mut journals: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        journals.sort();
        for j in journals {
            let text = fs::read(&j).map_err(|e| Error::io(&j, e))?;
            let journal: Journal = serde_json::from_slice(&text).map_err(|e| Error::Manifest {
                path: j.clone(),
                reason: e.to_string(),
            })?;
            finish(lake, &j, &journal)?;
        }
    }
    let staging = meta_dir(lake).join("staging");
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    Ok(())
}
