//! keyaki snapshot
