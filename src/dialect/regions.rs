//! A provider's region table: codes with their long names and aliases, so
//! that `gz` and `ap-guangzhou` compare equal.

/// A region code with its long name and aliases.
#[derive(Debug, Clone)]
pub struct Region {
    pub code: String,
    pub names: Vec<String>,
}

/// The provider's region table; every name maps to one canonical code.
#[derive(Debug, Clone, Default)]
pub struct RegionTable {
    pub regions: Vec<Region>,
}

impl RegionTable {
    /// The canonical code for a code, long name or alias.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.regions
            .iter()
            .find(|r| r.code == name || r.names.iter().any(|n| n == name))
            .map_or(name, |r| r.code.as_str())
    }

    /// Every accepted spelling (codes, then names).
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        self.regions.iter().flat_map(|r| {
            std::iter::once(r.code.as_str()).chain(r.names.iter().map(String::as_str))
        })
    }

    /// Whether `name` is a known code or name.
    pub fn contains(&self, name: &str) -> bool {
        self.all_names().any(|n| n == name)
    }
}
