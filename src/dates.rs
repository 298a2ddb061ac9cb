//! Natural dates relative to an injected `now` (being written).
