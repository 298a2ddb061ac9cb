//! Fuzzy customer search (being written).
