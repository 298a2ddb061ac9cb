//! Splits libphonenumber's metadata by country calling code, so that a
//! process reading a Chinese number compiles China's rules (~1 ms) instead
//! of every territory's (~100 ms, what the `phonenumber` crate's own
//! database costs on first use). See `src/domain/phone/metadata.rs`.

use phonenumber::metadata::loader;
use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::Path;

const XML: &str = "assets/libphonenumber/PhoneNumberMetadata.xml";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={XML}");
    println!("cargo:rerun-if-changed=build.rs");
    let all = loader::load(BufReader::new(std::fs::File::open(XML)?))?;
    let mut by_code: BTreeMap<u16, Vec<loader::Metadata>> = BTreeMap::new();
    for meta in all {
        if let Some(code) = meta.country_code {
            by_code.entry(code).or_default().push(meta);
        }
    }
    // (calling code, its region ids, postcard of its Vec<loader::Metadata>)
    let mut table: Vec<(u16, Vec<String>, Vec<u8>)> = Vec::new();
    for (code, metas) in by_code {
        let regions = metas.iter().filter_map(|m| m.id.clone()).collect();
        table.push((code, regions, postcard::to_allocvec(&metas)?));
    }
    let out = Path::new(&std::env::var("OUT_DIR")?).join("phone-metadata.bin");
    std::fs::write(out, postcard::to_allocvec(&table)?)?;
    Ok(())
}
