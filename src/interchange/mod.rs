//! Import and export of the files salespeople already have (issue 4):
//! Excel CSV exports (often GBK), UTF-16 "Unicode text", vCards, JSON.
//!
//! - `decode`: bytes → text (BOM, UTF-16 with or without BOM, UTF-8, else GB18030)
//! - `table`: text → records with their physical line numbers (CSV/TSV/semicolon)
//! - `mapping`: headers → fields (Salesforce, HubSpot, Google, Outlook, Chinese CRM sheets)
//! - `vcard`: vCard 2.1/3.0/4.0 files → customer drafts, each card with its line
//! - `export`: customers, interactions and tasks → JSON, JSONL, CSV, vCard, ICS
//!
//! Pure modules; the CLI and the store do the I/O around them.

pub mod decode;
pub mod export;
pub mod mapping;
pub mod table;
pub mod vcard;
