//! keyaki report
