//! Realistic sample data (being written).
