//! keyaki synth
