//! The palette command language (being written).
