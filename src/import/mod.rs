//! Importers: reading bead files, TMX and review CSV back into data the
//! rest of bitext understands. Like the exporters they depend on the data
//! model only, never on the search.

pub mod alignment;
pub mod beads;
pub mod check;
pub mod csv;
pub mod tmx;
pub mod xlsx;
