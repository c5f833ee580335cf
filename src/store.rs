//! The compact records of the cross-document phase.
//!
//! A run may hold a million requests; what each one leaves behind for the
//! cross-document rules must be small. A [`Store`] keeps, per request, a
//! header of integers and its scalar parameters as `(key, value)` pairs of
//! small ids: every string (a VPC id, a name, a pointer) is interned once,
//! and a parameter's position is not kept at all when it can be found
//! again — by parsing the request's document anew and following the
//! parameter's pointer — which only happens for the few values a finding
//! points at ([`Resolver`]). VPC facts and inventories, far fewer, keep
//! their positions.
//!
//! Each file's outcome carries a store of its own (built while the file is
//! linted, its strings kept as they come); the run merges them in file order
//! ([`Store::absorb`]), so ids are the same whatever the thread schedule.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::sync::Arc;

use ipnet::IpNet;
use rustc_hash::FxHasher;

use crate::diagnostic::Location;
use crate::document::{self, pointer_segment, push_key, trees, Format, Node, SourceFile, Span};
use crate::facts::{InventoryFacts, Located, RequestFacts, VpcFact};

/// An interned string.
pub type Sym = u32;

/// No string (an absent value).
pub const NONE: Sym = u32::MAX;

fn hash(bytes: &[u8]) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one(bytes)
}

/// Strings in one buffer, each stored once and found through an
/// open-addressing table of ids. In the run's interner an id is the offset
/// of the string (after a length prefix) in the buffer; in a file's
/// (`Interner::local`) ids are dense indices, so that merging the file
/// into the run maps them through a plain list. The buffer is text (the
/// length prefixes are ASCII): a string is read back as a slice of it,
/// with no check of its bytes.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    bytes: String,
    /// A file's strings: the end of each, by id (`None` in the run's).
    ends: Option<Vec<u32>>,
    /// The table: slot = id + 1, 0 = empty; a power of two long (empty
    /// when frozen, see `Store::freeze`).
    slots: Vec<u32>,
    /// Beside each slot, 7 bits of its string's hash (with the high bit
    /// set; 0 = empty): a probe compares the text only when they agree, so
    /// it seldom reads the buffer for a string it does not want.
    tags: Vec<u8>,
    len: usize,
}

/// The tag of hash `h` (its top 7 bits; the slot comes from the low ones).
fn tag(h: u64) -> u8 {
    0x80 | (h >> 57) as u8
}

/// A length prefix holds 6 bits of the length per byte, low bits first,
/// with this bit set on every byte but the last: each byte is ASCII, so
/// the buffer stays text.
const MORE: u8 = 0x40;

/// Read the length prefix at `at`: `(length, bytes of the prefix)`.
fn read_len(bytes: &[u8], at: usize) -> (usize, usize) {
    let mut len = 0usize;
    let mut shift = 0;
    let mut i = at;
    while let Some(&b) = bytes.get(i) {
        len |= usize::from(b & (MORE - 1)) << shift;
        i += 1;
        if b & MORE == 0 {
            break;
        }
        shift += 6;
    }
    (len, i - at)
}

impl Interner {
    /// A file's strings, with dense ids.
    pub fn local() -> Interner {
        // Room for a small file's strings (a request has about 30, in well
        // under 1 KiB): one allocation each instead of a series of growths.
        Interner {
            bytes: String::with_capacity(1024),
            ends: Some(Vec::with_capacity(64)),
            ..Interner::default()
        }
    }

    fn bytes_of(&self, sym: Sym) -> &[u8] {
        self.str_of(sym).as_bytes()
    }

    /// The string `sym` (a slice of the buffer: only whole strings are
    /// stored, so it starts and ends at character boundaries).
    fn str_of(&self, sym: Sym) -> &str {
        let i = sym as usize;
        let range = match &self.ends {
            Some(ends) => {
                let start = if i == 0 { 0 } else { ends[i - 1] as usize };
                start..ends[i] as usize
            }
            None => {
                let (len, prefix) = read_len(self.bytes.as_bytes(), i);
                i + prefix..i + prefix + len
            }
        };
        self.bytes.get(range).unwrap_or_default()
    }

    /// The text of `sym` (empty for [`NONE`]).
    pub fn text(&self, sym: Sym) -> &str {
        if sym == NONE {
            return "";
        }
        self.str_of(sym)
    }

    /// The slot of `text`: its id, or the empty slot to put it in.
    fn probe(&self, text: &[u8], h: u64) -> Result<Sym, usize> {
        let mask = self.slots.len() - 1;
        let want = tag(h);
        let mut i = (h as usize) & mask;
        loop {
            match self.tags[i] {
                0 => return Err(i),
                t if t == want && self.bytes_of(self.slots[i] - 1) == text => {
                    return Ok(self.slots[i] - 1)
                }
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The id of `text`, interning it.
    pub fn intern(&mut self, text: &str) -> Sym {
        // Grow at 3/4 full (linear probing stays short); a frozen table
        // is built again here.
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let h = hash(text.as_bytes());
        match self.probe(text.as_bytes(), h) {
            Ok(sym) => sym,
            Err(slot) => {
                let sym = self.append(text);
                self.slots[slot] = sym + 1;
                self.tags[slot] = tag(h);
                sym
            }
        }
    }

    /// Store `text` (not looking for an equal one); its id.
    fn append(&mut self, text: &str) -> Sym {
        self.len += 1;
        if let Some(ends) = &mut self.ends {
            self.bytes.push_str(text);
            ends.push(self.bytes.len() as u32);
            return ends.len() as Sym - 1;
        }
        let sym = self.bytes.len() as Sym;
        let mut n = text.len();
        loop {
            let b = (n & usize::from(MORE - 1)) as u8;
            n >>= 6;
            if n == 0 {
                self.bytes.push(char::from(b));
                break;
            }
            self.bytes.push(char::from(b | MORE));
        }
        self.bytes.push_str(text);
        sym
    }

    fn grow(&mut self) {
        // The smallest power of two (from 64 for a file, 1024 for the run)
        // at most 3/4 full: twice the table when it fills, or the whole
        // size at once when it is built again after a freeze.
        let mut size = self
            .slots
            .len()
            .max(if self.ends.is_some() { 64 } else { 1024 });
        while (self.len + 1) * 4 > size * 3 {
            size *= 2;
        }
        // The old table goes first: growing holds one table, not two.
        self.slots = Vec::new();
        self.tags = Vec::new();
        let mut slots = vec![0; size];
        let mut tags = vec![0; size];
        let mask = size - 1;
        for sym in self.syms() {
            let h = hash(self.bytes_of(sym));
            let mut i = (h as usize) & mask;
            while tags[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = sym + 1;
            tags[i] = tag(h);
        }
        self.slots = slots;
        self.tags = tags;
    }

    /// The ids of the strings, in the order they were added.
    fn syms(&self) -> impl Iterator<Item = Sym> + '_ {
        let dense = self.ends.as_ref().map(|ends| ends.len());
        let mut at = 0;
        std::iter::from_fn(move || match dense {
            Some(n) => (at < n).then(|| {
                at += 1;
                at as Sym - 1
            }),
            None => (at < self.bytes.len()).then(|| {
                let sym = at as Sym;
                let (len, prefix) = read_len(self.bytes.as_bytes(), at);
                at += prefix + len;
                sym
            }),
        })
    }

    /// Forget every string, keeping the room (a file's interner, made
    /// ready for the next file).
    fn clear(&mut self) {
        self.bytes.clear();
        if let Some(ends) = &mut self.ends {
            ends.clear();
        }
        self.slots.fill(0);
        self.tags.fill(0);
        self.len = 0;
    }

    /// The bytes held, tables included.
    fn room(&self) -> usize {
        self.bytes.capacity()
            + self.ends.as_ref().map_or(0, |e| e.capacity() * 4)
            + self.slots.capacity() * 5
    }

    /// A file's strings, in id order.
    pub fn local_texts(&self) -> impl Iterator<Item = &str> + '_ {
        self.syms().map(|s| self.str_of(s))
    }

    /// How many strings are held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A span in 32 bits a side (files are capped far below 4 GiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span32 {
    pub start: u32,
    pub end: u32,
}

impl Span32 {
    pub fn of(span: Span) -> Span32 {
        Span32 {
            start: u32::try_from(span.start).unwrap_or(u32::MAX),
            end: u32::try_from(span.end).unwrap_or(u32::MAX),
        }
    }

    pub fn span(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// Where a value is: parameter `key` of request `request` (found again
/// from the request's document when needed), or an explicitly stated place
/// (an index into [`Store::places`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum At {
    Param { request: u32, key: u16 },
    Explicit(u32),
}

/// An explicitly stated place: file, document, pointer and span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub file: u32,
    pub document: u32,
    pub pointer: Sym,
    pub span: Span32,
}

/// A value and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Val {
    pub value: Sym,
    pub at: At,
}

/// A CIDR block of a VPC fact.
#[derive(Debug, Clone, Copy)]
pub struct Cidr {
    pub net: IpNet,
    pub at: At,
}

/// What one place says about a VPC.
#[derive(Debug, Clone)]
pub struct Fact {
    pub id: Val,
    /// Valid blocks in `Store::cidrs`; `None` when no CIDR field is written.
    pub cidrs: Option<(u32, u32)>,
    pub region: Option<Val>,
    pub account: Sym,
    /// Other ids, in `Store::aliases`.
    pub aliases: (u32, u32),
}

/// How a request is written (for finding its parameters again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `params:` of a full-form request.
    Full,
    /// The parameters mapping is the request.
    Raw,
}

/// The header of one request: 32 bytes (a run of a million requests
/// holds a million of them).
#[derive(Debug, Clone)]
pub struct Req {
    pub file: u32,
    pub document: u32,
    pub account: Sym,
    /// The YAML document holding it starts here (0 for JSON).
    pub doc_start: u32,
    /// Its root mapping starts here.
    pub root_start: u32,
    /// Its parameters in `Store::slot_keys`/`slot_values`, up to the next
    /// request's.
    pub slots_start: u32,
    /// Its own VPC facts in `Store::facts`.
    pub facts_start: u32,
    /// Its provider, an index into `Store::providers`.
    provider: u16,
    /// How many facts (low 15 bits), and whether it is in raw form (top bit).
    facts_form: u16,
}

/// The top bit of `Req::facts_form`: the raw form.
const RAW_FORM: u16 = 1 << 15;

impl Req {
    /// How it is written.
    pub fn form(&self) -> Form {
        if self.facts_form & RAW_FORM == 0 {
            Form::Full
        } else {
            Form::Raw
        }
    }

    /// How many facts it states.
    pub fn facts_len(&self) -> usize {
        usize::from(self.facts_form & !RAW_FORM)
    }
}

/// An existing peering of an inventory.
#[derive(Debug, Clone)]
pub struct Peering {
    pub params: Vec<(u16, Val)>,
}

/// One inventory document.
#[derive(Debug, Clone)]
pub struct Inv {
    pub provider: Sym,
    pub account: Sym,
    pub complete: bool,
    pub file: u32,
    pub document: u32,
    pub facts: (u32, u32),
    pub peerings: Vec<Peering>,
}

/// One file of the run.
#[derive(Debug, Clone)]
pub struct FileEntry {
    pub name: Arc<str>,
    /// A hash of its text, to tell whether a re-read file is the one linted
    /// (`None`: known by name only).
    pub text_hash: Option<u64>,
    /// Its format, for parsing it again.
    pub format: Format,
}

/// The compact records of the requests, facts and inventories of a file,
/// or of a whole run.
#[derive(Debug, Default, Clone)]
pub struct Store {
    pub strings: Interner,
    /// Parameter keys (`vpcId`, `peering.accept_vpc_info.vpc_id`,
    /// `derived.local_network`), by id.
    keys: Vec<Sym>,
    /// Key ids by name.
    key_ids: HashMap<Box<str>, u16>,
    pub files: Vec<FileEntry>,
    pub requests: Vec<Req>,
    /// The parameters of the requests, as two columns (keys, values).
    pub slot_keys: Vec<u16>,
    pub slot_values: Vec<Sym>,
    /// Places of parameters that cannot be found again from the document
    /// (derived values, resources): `(request, key)` → place.
    explicit: HashMap<(u32, u16), (Sym, Span32)>,
    pub facts: Vec<Fact>,
    pub cidrs: Vec<Cidr>,
    pub aliases: Vec<Val>,
    pub inventories: Vec<Inv>,
    /// Explicitly stated places ([`At::Explicit`]).
    pub places: Vec<Place>,
    /// The providers of requests, by `Req::provider`.
    providers: Vec<Sym>,
    /// Room [`Store::absorb_from`] uses for its lists of ids.
    scratch: (Vec<Sym>, Vec<u16>, Vec<u16>),
}

/// How a request's document is found again.
#[derive(Debug, Clone, Copy)]
pub struct DocPlace {
    pub doc_start: usize,
    pub root_start: usize,
    pub form: Form,
    /// Whether the parameters can be found by their pointers in the parsed
    /// document (not for requests built from resources).
    pub derivable: bool,
}

impl Store {
    /// A store for one file's records.
    pub fn local() -> Store {
        Store {
            strings: Interner::local(),
            ..Store::default()
        }
    }

    /// The id of `text`.
    fn sym(&mut self, text: &str) -> Sym {
        self.strings.intern(text)
    }

    /// The id of key `name`, if any record has it.
    pub fn key(&self, name: &str) -> Option<u16> {
        if self.strings.ends.is_some() {
            return self.local_key(name);
        }
        self.key_ids.get(name).copied()
    }

    /// A file's store has a few keys: found by a scan, with no map of
    /// boxed names to build for every file.
    fn local_key(&self, name: &str) -> Option<u16> {
        let at = self
            .keys
            .iter()
            .position(|&k| self.strings.bytes_of(k) == name.as_bytes())?;
        u16::try_from(at).ok()
    }

    /// Give back the room a file's store was made with (for a store kept
    /// for long: an editor's files).
    pub fn shrink_to_fit(&mut self) {
        self.strings.bytes.shrink_to_fit();
        if let Some(ends) = &mut self.strings.ends {
            ends.shrink_to_fit();
        }
    }

    /// Drop what only interning needs (the run's string table) once no
    /// more records come: the cross-document phase reads strings by id.
    /// Interning again later rebuilds it.
    pub fn freeze(&mut self) {
        self.strings.slots = Vec::new();
        self.strings.tags = Vec::new();
    }

    /// The name of key `key`.
    pub fn key_name(&self, key: u16) -> &str {
        self.strings.text(self.keys[key as usize])
    }

    fn intern_key(&mut self, name: &str) -> u16 {
        let local = self.strings.ends.is_some();
        let found = if local {
            self.local_key(name)
        } else {
            self.key_ids.get(name).copied()
        };
        if let Some(k) = found {
            return k;
        }
        let k = u16::try_from(self.keys.len()).unwrap_or(u16::MAX);
        let sym = self.strings.intern(name);
        self.keys.push(sym);
        if !local {
            self.key_ids.insert(name.into(), k);
        }
        k
    }

    /// The text of `sym`.
    pub fn text(&self, sym: Sym) -> &str {
        self.strings.text(sym)
    }

    /// Add file `name` (once per store); its id.
    pub fn add_file(&mut self, name: &str, text: &str, format: Format) -> u32 {
        self.files.push(FileEntry {
            name: Arc::from(name),
            text_hash: Some(hash(text.as_bytes())),
            format,
        });
        (self.files.len() - 1) as u32
    }

    /// The id of file `name`, added (with `source`'s text, if given) when
    /// the store has none by that name.
    pub fn file_named(&mut self, name: &str, source: Option<&SourceFile>) -> u32 {
        if let Some(i) = self.files.iter().position(|f| &*f.name == name) {
            return i as u32;
        }
        self.files.push(FileEntry {
            name: Arc::from(name),
            text_hash: source.map(|s| hash(s.text.as_bytes())),
            format: Format::from_path(name).unwrap_or(Format::Yaml),
        });
        (self.files.len() - 1) as u32
    }

    fn explicit_at(&mut self, file: u32, v: &Located<impl Sized>) -> At {
        // A fact may come from another file than the record it is part of
        // (a directory's VPC resources).
        let file = if *self.files[file as usize].name == *v.file {
            file
        } else {
            self.file_named(&v.file, None)
        };
        let place = Place {
            file,
            document: v.document as u32,
            pointer: self.sym(&v.pointer),
            span: Span32::of(v.location.span),
        };
        self.places.push(place);
        At::Explicit((self.places.len() - 1) as u32)
    }

    fn val(&mut self, file: u32, v: &Located<String>) -> Val {
        Val {
            value: self.sym(&v.value),
            at: self.explicit_at(file, v),
        }
    }

    fn push_facts(&mut self, file: u32, facts: &[VpcFact]) -> (u32, u32) {
        let start = self.facts.len() as u32;
        for f in facts {
            let id = self.val(file, &f.id);
            let cidrs = f.cidrs.as_ref().map(|list| {
                let s = self.cidrs.len() as u32;
                for c in list {
                    let at = self.explicit_at(file, c);
                    self.cidrs.push(Cidr { net: c.value, at });
                }
                (s, self.cidrs.len() as u32)
            });
            let region = f.region.as_ref().map(|r| self.val(file, r));
            let account = f.account.as_deref().map_or(NONE, |a| self.sym(a));
            let a_start = self.aliases.len() as u32;
            for a in &f.aliases {
                let v = self.val(file, a);
                self.aliases.push(v);
            }
            let aliases = (a_start, self.aliases.len() as u32);
            self.facts.push(Fact {
                id,
                cidrs,
                region,
                account,
                aliases,
            });
        }
        (start, self.facts.len() as u32)
    }

    /// Record request `r` of file `file`, placed by `place`.
    pub fn push_request(&mut self, file: u32, r: &RequestFacts, place: DocPlace) {
        let index = self.requests.len() as u32;
        let slot_start = self.slot_values.len() as u32;
        for (name, v) in &r.params {
            let key = self.intern_key(name);
            let value = self.sym(&v.value);
            self.slot_keys.push(key);
            self.slot_values.push(value);
            let found_again = place.derivable && is_param_pointer(&v.pointer, place.form, name);
            if !found_again {
                let pointer = self.sym(&v.pointer);
                self.explicit
                    .insert((index, key), (pointer, Span32::of(v.location.span)));
            }
        }
        let (f_start, f_end) = self.push_facts(file, &r.vpcs);
        let provider = self.provider_index(&r.provider);
        let account = r.account.as_deref().map_or(NONE, |a| self.sym(a));
        let facts_len = u16::try_from(f_end - f_start).map_or(!RAW_FORM, |n| n.min(!RAW_FORM));
        self.requests.push(Req {
            file,
            document: r.document as u32,
            account,
            doc_start: place.doc_start as u32,
            root_start: place.root_start as u32,
            slots_start: slot_start,
            facts_start: f_start,
            provider,
            facts_form: facts_len | if place.form == Form::Raw { RAW_FORM } else { 0 },
        });
    }

    /// Record the VPC facts `facts` (resource files) as an inventory of
    /// their own, or inventory documents.
    pub fn push_inventory(&mut self, file: u32, inv: &InventoryFacts) {
        let facts = self.push_facts(file, &inv.vpcs);
        let mut peerings = Vec::with_capacity(inv.peerings.len());
        for p in &inv.peerings {
            let params = p
                .params
                .iter()
                .map(|(name, v)| {
                    let key = self.intern_key(name);
                    (key, self.val(file, v))
                })
                .collect();
            peerings.push(Peering { params });
        }
        let provider = self.sym(&inv.provider);
        let account = inv.account.as_deref().map_or(NONE, |a| self.sym(a));
        self.inventories.push(Inv {
            provider,
            account,
            complete: inv.complete,
            file,
            document: inv.document as u32,
            facts,
            peerings,
        });
    }

    /// The index of provider `name` in `providers`.
    fn provider_index(&mut self, name: &str) -> u16 {
        if let Some(i) = (self.providers.iter()).position(|&p| self.strings.text(p) == name) {
            return i as u16;
        }
        let sym = self.strings.intern(name);
        self.providers.push(sym);
        u16::try_from(self.providers.len() - 1).unwrap_or(u16::MAX)
    }

    /// The provider of request `r`.
    pub fn provider_of(&self, r: &Req) -> &str {
        (self.providers.get(usize::from(r.provider))).map_or("", |&p| self.strings.text(p))
    }

    /// The value of key `key` of request `request`.
    pub fn param(&self, request: u32, key: u16) -> Option<Val> {
        let r = &self.requests[request as usize];
        let start = r.slots_start as usize;
        let end = (self.requests.get(request as usize + 1))
            .map_or(self.slot_values.len(), |next| next.slots_start as usize);
        self.slot_keys[start..end]
            .iter()
            .position(|k| *k == key)
            .map(|i| Val {
                value: self.slot_values[start + i],
                at: At::Param { request, key },
            })
    }

    /// The file and document of a place.
    pub fn file_and_document(&self, at: At) -> (u32, u32) {
        match at {
            At::Param { request, .. } => {
                let r = &self.requests[request as usize];
                (r.file, r.document)
            }
            At::Explicit(i) => {
                let p = &self.places[i as usize];
                (p.file, p.document)
            }
        }
    }

    /// The facts request `request` states.
    pub fn request_facts(&self, request: u32) -> &[Fact] {
        let r = &self.requests[request as usize];
        let start = r.facts_start as usize;
        &self.facts[start..start + r.facts_len()]
    }

    /// The facts of inventory `inv`.
    pub fn inventory_facts(&self, inv: &Inv) -> &[Fact] {
        &self.facts[inv.facts.0 as usize..inv.facts.1 as usize]
    }

    /// The CIDR blocks of a fact (`None`: not stated).
    pub fn fact_cidrs(&self, fact: &Fact) -> Option<&[Cidr]> {
        fact.cidrs
            .map(|(start, end)| &self.cidrs[start as usize..end as usize])
    }

    /// The other ids of a fact.
    pub fn fact_aliases(&self, fact: &Fact) -> &[Val] {
        &self.aliases[fact.aliases.0 as usize..fact.aliases.1 as usize]
    }

    /// The value of key `key` of an existing peering.
    pub fn peering_param(&self, p: &Peering, key: u16) -> Option<Val> {
        p.params.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// Merge `other` (a file's store) into this one, in order.
    pub fn absorb(&mut self, other: &Store) {
        self.absorb_from(&mut other.clone());
    }

    /// Merge `other` (a file's store) into this one, in order, and empty
    /// it. A small store keeps its room, to be used again for another
    /// file ([`Spares`]); a large one's parts are freed as soon as each is
    /// merged: merging one very large file holds the run's records and one
    /// part of the file's, not both whole.
    pub fn absorb_from(&mut self, other: &mut Store) {
        let keep = other.room() <= SPARE_ROOM;
        // Three lists of ids (the other's strings, keys and providers to
        // this store's), kept for the next merge.
        let (mut syms, mut keys, mut providers) = std::mem::take(&mut self.scratch);
        syms.clear();
        syms.extend(other.strings.local_texts().map(|t| self.strings.intern(t)));
        let sym = |s: Sym| if s == NONE { NONE } else { syms[s as usize] };
        keys.clear();
        keys.extend(
            (0..other.keys.len()).map(|k| self.intern_key(other.strings.text(other.keys[k]))),
        );
        providers.clear();
        providers
            .extend((other.providers.iter()).map(|&p| self.provider_index(other.strings.text(p))));
        if keep {
            other.strings.clear();
        } else {
            other.strings = Interner::default();
        }
        empty(&mut other.keys, keep);
        empty(&mut other.providers, keep);
        let file_base = self.files.len() as u32;
        self.files.append(&mut other.files);
        empty(&mut other.files, keep);
        let req_base = self.requests.len() as u32;
        let (slot_base, fact_base, cidr_base, alias_base) = (
            self.slot_values.len() as u32,
            self.facts.len() as u32,
            self.cidrs.len() as u32,
            self.aliases.len() as u32,
        );
        let place_base = self.places.len() as u32;
        self.places.extend(other.places.iter().map(|p| Place {
            file: p.file + file_base,
            document: p.document,
            pointer: sym(p.pointer),
            span: p.span,
        }));
        empty(&mut other.places, keep);
        let at = |a: At| match a {
            At::Explicit(i) => At::Explicit(i + place_base),
            At::Param { request, key } => At::Param {
                request: request + req_base,
                key: keys[key as usize],
            },
        };
        let val = |v: Val| Val {
            value: sym(v.value),
            at: at(v.at),
        };
        self.slot_keys
            .extend(other.slot_keys.iter().map(|&k| keys[k as usize]));
        empty(&mut other.slot_keys, keep);
        self.slot_values
            .extend(other.slot_values.iter().map(|&v| sym(v)));
        empty(&mut other.slot_values, keep);
        for ((r, k), (p, span)) in &other.explicit {
            self.explicit
                .insert((r + req_base, keys[*k as usize]), (sym(*p), *span));
        }
        if keep {
            other.explicit.clear();
        } else {
            other.explicit = HashMap::default();
        }
        self.cidrs.extend(other.cidrs.iter().map(|c| Cidr {
            net: c.net,
            at: at(c.at),
        }));
        empty(&mut other.cidrs, keep);
        self.aliases.extend(other.aliases.iter().map(|&a| val(a)));
        self.facts.extend(other.facts.iter().map(|f| Fact {
            id: val(f.id),
            cidrs: f.cidrs.map(|(s, e)| (s + cidr_base, e + cidr_base)),
            region: f.region.map(val),
            account: sym(f.account),
            aliases: (f.aliases.0 + alias_base, f.aliases.1 + alias_base),
        }));
        empty(&mut other.facts, keep);
        self.requests.extend(other.requests.iter().map(|r| Req {
            file: r.file + file_base,
            document: r.document,
            account: sym(r.account),
            doc_start: r.doc_start,
            root_start: r.root_start,
            slots_start: r.slots_start + slot_base,
            facts_start: r.facts_start + fact_base,
            provider: providers[usize::from(r.provider)],
            facts_form: r.facts_form,
        }));
        empty(&mut other.requests, keep);
        self.inventories.extend(other.inventories.iter().map(|i| {
            Inv {
                provider: sym(i.provider),
                account: sym(i.account),
                complete: i.complete,
                file: i.file + file_base,
                document: i.document,
                facts: (i.facts.0 + fact_base, i.facts.1 + fact_base),
                peerings: i
                    .peerings
                    .iter()
                    .map(|p| Peering {
                        params: p
                            .params
                            .iter()
                            .map(|&(k, v)| (keys[k as usize], val(v)))
                            .collect(),
                    })
                    .collect(),
            }
        }));
        empty(&mut other.aliases, keep);
        empty(&mut other.inventories, keep);
        other.key_ids.clear();
        self.scratch = (syms, keys, providers);
    }

    /// Make room for the rest of a run in the run's store, projected from
    /// the first files: `done` of `total` files are merged, and each of
    /// the others is taken to hold as much again as they did on average
    /// (a quarter more, for the spread). Growing by doubling copies each
    /// list over and over into memory the system must first map (on
    /// `10k`, 1,400 of the run's 4,700 page faults); room never written is
    /// never mapped. A projection that falls short leaves the rest to
    /// ordinary growth.
    pub fn reserve_for(&mut self, done: usize, total: usize) {
        if done == 0 || total <= done {
            return;
        }
        let rest = total - done;
        let more = |len: usize| len.saturating_mul(rest) / done / 4 * 5;
        self.strings.bytes.reserve(more(self.strings.bytes.len()));
        self.files.reserve(more(self.files.len()));
        self.requests.reserve(more(self.requests.len()));
        self.slot_keys.reserve(more(self.slot_keys.len()));
        self.slot_values.reserve(more(self.slot_values.len()));
        self.facts.reserve(more(self.facts.len()));
        self.cidrs.reserve(more(self.cidrs.len()));
        self.aliases.reserve(more(self.aliases.len()));
        self.places.reserve(more(self.places.len()));
    }

    /// The bytes a store's lists and tables hold (their room, not their
    /// length), roughly.
    fn room(&self) -> usize {
        use std::mem::size_of;
        self.strings.room()
            + self.keys.capacity() * size_of::<Sym>()
            + self.files.capacity() * size_of::<FileEntry>()
            + self.requests.capacity() * size_of::<Req>()
            + self.slot_keys.capacity() * size_of::<u16>()
            + self.slot_values.capacity() * size_of::<Sym>()
            + self.explicit.capacity() * size_of::<((u32, u16), (Sym, Span32))>()
            + self.facts.capacity() * size_of::<Fact>()
            + self.cidrs.capacity() * size_of::<Cidr>()
            + self.aliases.capacity() * size_of::<Val>()
            + self.inventories.capacity() * size_of::<Inv>()
            + self.places.capacity() * size_of::<Place>()
    }

    /// Whether this is an emptied file store small enough to be used again.
    fn is_spare(&self) -> bool {
        self.strings.ends.is_some()
            && self.strings.is_empty()
            && self.files.is_empty()
            && self.keys.is_empty()
            && self.requests.is_empty()
            && self.slot_values.is_empty()
            && self.explicit.is_empty()
            && self.facts.is_empty()
            && self.places.is_empty()
            && self.inventories.is_empty()
            && self.room() <= SPARE_ROOM
    }
}

/// The most room a file's store may hold to be used again for another
/// file ([`Spares`]); a larger one is freed once merged.
const SPARE_ROOM: usize = 64 * 1024;

/// How many emptied stores wait to be used again.
const SPARES: usize = 16;

/// Empty `list`, keeping its room or not.
fn empty<T>(list: &mut Vec<T>, keep: bool) {
    if keep {
        list.clear();
    } else {
        *list = Vec::new();
    }
}

/// File stores emptied by [`Store::absorb_from`], to be used again. A
/// small file's store is a dozen small lists and tables; a run of many
/// small files would otherwise make and free them all for every file.
#[derive(Debug, Default)]
pub struct Spares(std::sync::Mutex<Vec<Store>>);

impl Spares {
    /// An empty store for one file's records: a spare, or a new one.
    pub fn take(&self) -> Store {
        let spare = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        spare.unwrap_or_else(Store::local)
    }

    /// Keep `store` (emptied by [`Store::absorb_from`]) for another file,
    /// if it is small and few are kept.
    pub fn give(&self, store: Store) {
        if !store.is_spare() {
            return;
        }
        let mut spares = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if spares.len() < SPARES {
            spares.push(store);
        }
    }
}

/// The pointer of parameter `key` (a dotted path) in a request of `form`.
pub fn param_pointer(form: Form, key: &str) -> String {
    let mut out = String::from(match form {
        Form::Full => "/params",
        Form::Raw => "",
    });
    for part in key.split('.') {
        push_key(&mut out, part);
    }
    out
}

/// Whether `pointer` is the pointer of parameter `key` in a request of
/// `form` (without building it).
fn is_param_pointer(pointer: &str, form: Form, key: &str) -> bool {
    let Some(mut rest) = pointer.strip_prefix(match form {
        Form::Full => "/params",
        Form::Raw => "",
    }) else {
        return false;
    };
    for part in key.split('.') {
        let Some(after) = rest.strip_prefix('/') else {
            return false;
        };
        let segment = pointer_segment(part);
        let Some(after) = after.strip_prefix(segment.as_ref()) else {
            return false;
        };
        rest = after;
    }
    rest.is_empty()
}

/// A place resolved for a report: file, document, pointer and location.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub file: Arc<str>,
    pub document: usize,
    pub pointer: String,
    pub location: Location,
}

/// A document parsed again (`None`: its file could not be had), counted
/// among the trees alive while it is kept.
type ParsedDocument = (Option<Arc<Node>>, Option<trees::Alive>);

/// Turns places into file positions, reading sources through `sources`
/// (kept texts, or the files again) and parsing a request's document anew
/// when a parameter's position was not kept. The last few sources and
/// parsed documents are cached (findings of one check come in order), never
/// all of them: memory stays bounded by the largest file.
pub struct Resolver<'a> {
    store: &'a Store,
    sources: &'a dyn Fn(&str) -> Option<Arc<SourceFile>>,
    cache: RefCell<Recent<u32, Option<Arc<SourceFile>>>>,
    docs: RefCell<Recent<(u32, u32), ParsedDocument>>,
}

/// Sources the resolver keeps at once.
const RECENT_SOURCES: usize = 8;
/// Parsed documents the resolver keeps at once.
const RECENT_DOCUMENTS: usize = 4;

/// The last few values by key, the most recently used last.
struct Recent<K, V> {
    entries: Vec<(K, V)>,
    capacity: usize,
}

impl<K: PartialEq, V> Recent<K, V> {
    fn new(capacity: usize) -> Self {
        Recent {
            entries: Vec::with_capacity(capacity),
            capacity,
        }
    }

    /// The value of `key`, made by `make` when not kept; it becomes the most
    /// recent, and the least recent goes when the cache is full.
    fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &V {
        match self.entries.iter().position(|(k, _)| *k == key) {
            Some(i) => {
                let entry = self.entries.remove(i);
                self.entries.push(entry);
            }
            None => {
                let value = make();
                if self.entries.len() == self.capacity {
                    self.entries.remove(0);
                }
                self.entries.push((key, value));
            }
        }
        let last = self.entries.len() - 1;
        &self.entries[last].1
    }
}

impl<'a> Resolver<'a> {
    pub fn new(store: &'a Store, sources: &'a dyn Fn(&str) -> Option<Arc<SourceFile>>) -> Self {
        Resolver {
            store,
            sources,
            cache: RefCell::new(Recent::new(RECENT_SOURCES)),
            docs: RefCell::new(Recent::new(RECENT_DOCUMENTS)),
        }
    }

    /// The source of file `file`, if it can be had and is the text linted.
    pub fn source(&self, file: u32) -> Option<Arc<SourceFile>> {
        self.cache
            .borrow_mut()
            .get_or_insert_with(file, || {
                let entry = &self.store.files[file as usize];
                (self.sources)(&entry.name)
                    .filter(|s| entry.text_hash.is_none_or(|h| hash(s.text.as_bytes()) == h))
            })
            .clone()
    }

    /// The store whose places it resolves.
    pub fn store(&self) -> &'a Store {
        self.store
    }

    /// The name of file `file`.
    pub fn file_name(&self, file: u32) -> Arc<str> {
        Arc::clone(&self.store.files[file as usize].name)
    }

    /// The request root of request `request`, parsed anew.
    fn request_root(&self, request: u32) -> Option<(Arc<Node>, Vec<usize>)> {
        let r = &self.store.requests[request as usize];
        let doc = self
            .docs
            .borrow_mut()
            .get_or_insert_with((r.file, r.doc_start), || {
                let parse = || {
                    let source = self.source(r.file)?;
                    let format = self.store.files[r.file as usize].format;
                    document::parse_document_at(&source.text, format, r.doc_start as usize)
                };
                let doc = parse().map(Arc::new);
                let alive = doc.as_ref().map(|_| trees::Alive::new());
                (doc, alive)
            })
            .0
            .clone()?;
        // The root itself, or an element of a top-level sequence.
        let root_start = r.root_start as usize;
        if doc.span.start == root_start && doc.as_sequence().is_none() {
            return Some((doc, Vec::new()));
        }
        let index = doc
            .as_sequence()?
            .iter()
            .position(|item| item.span.start == root_start)?;
        Some((doc, vec![index]))
    }

    /// The file, document, pointer and location of `at`.
    pub fn resolve(&self, at: At) -> Resolved {
        let (file, document) = self.store.file_and_document(at);
        let (pointer, span) = match at {
            At::Explicit(i) => {
                let place = self.store.places[i as usize];
                (
                    self.store.text(place.pointer).to_owned(),
                    Some(place.span.span()),
                )
            }
            At::Param { request, key } => match self.store.explicit.get(&(request, key)) {
                Some(&(pointer, span)) => (self.store.text(pointer).to_owned(), Some(span.span())),
                None => {
                    let r = &self.store.requests[request as usize];
                    let pointer = param_pointer(r.form(), self.store.key_name(key));
                    let span = self.request_root(request).and_then(|(doc, path)| {
                        let mut node: &Node = &doc;
                        for i in path {
                            node = node.as_sequence()?.get(i)?;
                        }
                        node.pointer(&pointer).map(|n| n.span)
                    });
                    (pointer, span)
                }
            },
        };
        let location = match (span, self.source(file)) {
            (Some(span), Some(source)) => Location::resolve(&source, span),
            _ => Location::default(),
        };
        Resolved {
            file: self.file_name(file),
            document: document as usize,
            pointer,
            location,
        }
    }

    /// The location of a request's first token (whole-request findings).
    pub fn whole(&self, request: u32) -> Location {
        let r = &self.store.requests[request as usize];
        match self.source(r.file) {
            Some(source) => Location::resolve(&source, source.first_token(r.root_start as usize)),
            None => Location::default(),
        }
    }
}

/// The effective facts about one VPC: the first statement of each field
/// (inventories first, then documents in file order).
#[derive(Debug, Clone, Copy)]
pub struct FactView<'a> {
    /// The first statement's id (where the VPC was first described).
    pub id: Val,
    pub cidrs: Option<&'a [Cidr]>,
    pub region: Option<Val>,
    /// Whether the first statement came from an inventory.
    pub from_inventory: bool,
}

/// The effective VPC facts of one provider, by VPC id.
#[derive(Debug, Default)]
pub struct FactsIndex<'a> {
    /// By the VPC's id as first stated.
    pub by_id: HashMap<Sym, FactView<'a>>,
    /// Other ids of a VPC → its id as first stated.
    pub aliases: HashMap<Sym, Sym>,
}

impl<'a> FactsIndex<'a> {
    /// The id a VPC is known by: `id` itself, or the id first stated for
    /// the VPC that `id` is another id of.
    pub fn canonical(&self, id: Sym) -> Sym {
        self.aliases.get(&id).copied().unwrap_or(id)
    }

    /// The facts for VPC `id` (under any of its ids).
    pub fn get(&self, id: Sym) -> Option<&FactView<'a>> {
        self.by_id.get(&self.canonical(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_interner_gives_one_id_per_text_across_growth() {
        let mut strings = Interner::default();
        let long = "x".repeat(300);
        let texts: Vec<String> = (0..5000)
            .map(|i| format!("vpc-{i:08}"))
            .chain([String::new(), long.clone(), "é漢🙂".to_owned()])
            // Length prefixes of one, two, three and four bytes (6 bits each).
            .chain([63, 64, 4095, 4096, 262_144].map(|n| "é".repeat(n / 2) + &"y".repeat(n % 2)))
            .collect();
        let ids: Vec<Sym> = texts.iter().map(|t| strings.intern(t)).collect();
        assert_eq!(strings.len(), texts.len());
        for (text, &id) in texts.iter().zip(&ids) {
            assert_eq!(strings.text(id), text);
            assert_eq!(strings.intern(text), id, "{text} interned twice");
        }
        assert_eq!(strings.len(), texts.len());
        // Without its table (a frozen store), the next interning builds it
        // again: known strings keep their ids.
        strings.slots = Vec::new();
        strings.tags = Vec::new();
        assert_eq!(strings.intern(&long), ids[5001]);
        assert_eq!(strings.intern("vpc-00004999"), ids[4999]);
        let new = strings.intern("after-freeze");
        assert_eq!(strings.text(new), "after-freeze");
        assert_eq!(strings.len(), texts.len() + 1);
        assert_eq!(strings.text(NONE), "");
        assert!(!strings.is_empty());
    }

    #[test]
    fn tags_are_the_top_seven_bits_of_a_hash() {
        assert_eq!(tag(0), 0x80);
        assert_eq!(tag(u64::MAX), 0xff);
        assert_eq!(tag(1 << 57), 0x81);
        // The low bits choose the slot, not the tag.
        assert_eq!(tag(0xff), 0x80);
    }

    #[test]
    fn the_table_stays_between_three_eighths_and_three_quarters_full() {
        for (mut strings, min) in [(Interner::default(), 1024), (Interner::local(), 64)] {
            for n in 1..=6144usize {
                strings.intern(&format!("s{n}"));
                let size = strings.slots.len();
                assert!(size.is_power_of_two() && size >= min, "{n} in {size}");
                assert!(n * 4 <= size * 3, "{n} in {size}: too full");
                assert!(
                    size == min || n * 8 > size * 3,
                    "{n} in {size}: grown too far"
                );
                assert_eq!(strings.tags.len(), size);
                if n == 6143 || n == 6144 {
                    // Built again after a freeze, for one more string: the
                    // smallest table that holds it.
                    let mut again = strings.clone();
                    again.slots = Vec::new();
                    again.tags = Vec::new();
                    again.intern("s1");
                    let expected = if n == 6143 { 8192 } else { 16384 };
                    assert_eq!(again.slots.len(), expected, "{n} strings");
                }
            }
        }
    }

    #[test]
    fn a_file_store_starts_with_room_and_gives_it_back() {
        let mut store = Store::local();
        assert!(store.strings.bytes.capacity() >= 1024);
        let a = store.sym("cn-north-1");
        assert_eq!(store.sym("cn-north-1"), a);
        store.shrink_to_fit();
        assert!(store.strings.bytes.capacity() < 1024);
        assert!(store
            .strings
            .ends
            .as_ref()
            .is_some_and(|e| e.capacity() < 64));
        assert_eq!(store.text(a), "cn-north-1");
    }

    #[test]
    fn local_interner_gives_dense_ids_once_each() {
        let mut strings = Interner::local();
        assert!(strings.is_empty());
        let long = "b".repeat(200);
        let texts: Vec<String> = (0..100).map(|i| format!("s{i}")).collect();
        let a = strings.intern("a");
        let b = strings.intern(&long);
        assert_eq!(strings.intern("a"), a);
        let ids: Vec<Sym> = texts.iter().map(|t| strings.intern(t)).collect();
        assert_eq!((a, b), (0, 1), "a file's ids are dense");
        assert_eq!(ids, (2..102).collect::<Vec<Sym>>());
        assert_eq!(strings.text(b), long);
        assert_eq!(strings.intern("s99"), 101);
        let all: Vec<&str> = strings.local_texts().collect();
        assert_eq!(all.len(), 102);
        assert_eq!(all[..2], ["a", long.as_str()]);
        assert_eq!(strings.len(), 102);
    }

    #[test]
    fn absorbing_file_stores_shares_strings_and_keys() {
        let mut run = Store::default();
        for name in ["one.yaml", "two.yaml"] {
            let mut local = Store::local();
            local.add_file(name, "", Format::Yaml);
            let (k1, k2) = (local.intern_key("vpcId"), local.intern_key("regionId"));
            assert_eq!((local.intern_key("vpcId"), k2), (k1, 1));
            assert_eq!(local.key("regionId"), Some(1));
            local.sym("vpc-1");
            run.absorb(&local);
        }
        assert_eq!(run.files.len(), 2);
        assert_eq!(run.keys.len(), 2, "keys merged by name");
        assert_eq!(run.key("vpcId"), Some(0));
        assert_eq!(run.key_name(1), "regionId");
        assert_eq!(run.key("absent"), None);
        let before = run.strings.len();
        let vpc = run.strings.intern("vpc-1");
        assert_eq!(
            (run.text(vpc), run.strings.len()),
            ("vpc-1", before),
            "merged once"
        );
    }

    /// One small file's store: a request with two parameters (one placed
    /// explicitly), a VPC fact and a provider.
    fn fill(store: &mut Store, name: &str, n: usize) {
        let file = store.add_file(name, "text", Format::Yaml);
        let at = |value: String, pointer: &str| Located {
            value,
            file: Arc::from(name),
            document: 0,
            pointer: pointer.to_owned(),
            location: Location {
                span: Span::new(n, n + 3),
                ..Location::default()
            },
        };
        let facts = RequestFacts {
            provider: if n % 2 == 0 { "acme" } else { "other" }.to_owned(),
            file: Arc::from(name),
            document: 0,
            account: Some(format!("acct-{}", n % 3)),
            params: vec![
                ("vpcId".to_owned(), at(format!("vpc-{n}"), "/params/vpcId")),
                ("derived.x".to_owned(), at(format!("x-{n}"), "/params")),
            ],
            vpcs: vec![VpcFact {
                id: at(format!("vpc-{n}"), "/vpcs/0/vpcId"),
                cidrs: None,
                region: Some(at("cn-north-1".to_owned(), "/vpcs/0/region")),
                account: None,
                aliases: Vec::new(),
            }],
            whole: Location::default(),
        };
        let place = DocPlace {
            doc_start: 0,
            root_start: 0,
            form: Form::Full,
            derivable: true,
        };
        store.push_request(file, &facts, place);
    }

    #[test]
    fn emptied_file_stores_are_used_again_with_the_same_outcome() {
        let spares = Spares::default();
        let (mut reused, mut fresh) = (Store::default(), Store::default());
        for n in 0..40 {
            let name = format!("f{n}.yaml");
            let mut local = spares.take();
            fill(&mut local, &name, n);
            let mut new = Store::local();
            fill(&mut new, &name, n);
            fresh.absorb(&new);
            reused.absorb_from(&mut local);
            assert!(local.is_spare(), "emptied, with its room");
            assert!(local.strings.bytes.capacity() >= 1024);
            spares.give(local);
            assert_eq!(spares.0.lock().map(|s| s.len()).ok(), Some(1));
        }
        assert_eq!(format!("{reused:?}"), format!("{fresh:?}"));
        assert_eq!(reused.requests.len(), 40);
        assert_eq!(reused.text(reused.slot_values[2]), "vpc-1");
        // A large store is freed part by part, and not kept.
        let mut large = spares.take();
        for n in 0..2000 {
            fill(&mut large, "big.yaml", n);
        }
        assert!(large.room() > SPARE_ROOM);
        reused.absorb_from(&mut large);
        assert!(!large.is_spare());
        assert_eq!(large.room(), 0, "every part freed");
        spares.give(large);
        assert_eq!(spares.0.lock().map(|s| s.len()).ok(), Some(0));
        // At most SPARES are kept.
        for _ in 0..SPARES + 3 {
            let mut local = Store::local();
            fill(&mut local, "f.yaml", 1);
            reused.absorb_from(&mut local);
            spares.give(local);
        }
        assert_eq!(spares.0.lock().map(|s| s.len()).ok(), Some(SPARES));
        let taken: Vec<Store> = (0..SPARES + 1).map(|_| spares.take()).collect();
        assert!(taken[..SPARES]
            .iter()
            .all(|s| s.strings.bytes.capacity() >= 1024));
        assert_eq!(spares.0.lock().map(|s| s.len()).ok(), Some(0));
        // A store that was not emptied is not kept either.
        let mut full = Store::local();
        fill(&mut full, "full.yaml", 1);
        spares.give(full);
        assert_eq!(spares.0.lock().map(|s| s.len()).ok(), Some(0));
    }

    #[test]
    fn a_run_store_makes_room_for_the_rest_once_and_keeps_its_records() {
        // Files like the first 64 fit without another growth of any list.
        let (mut reserved, mut grown) = (Store::default(), Store::default());
        let file = |n: usize| {
            let mut local = Store::local();
            fill(&mut local, &format!("f{n}.yaml"), n);
            local
        };
        for n in 0..64 {
            reserved.absorb(&file(n));
            grown.absorb(&file(n));
        }
        reserved.reserve_for(64, 640);
        let lists = |s: &Store| {
            [
                s.strings.bytes.capacity(),
                s.files.capacity(),
                s.requests.capacity(),
                s.slot_keys.capacity(),
                s.slot_values.capacity(),
                s.facts.capacity(),
                s.places.capacity(),
            ]
        };
        let room = lists(&reserved);
        for n in 64..640 {
            reserved.absorb(&file(n));
            grown.absorb(&file(n));
        }
        assert_eq!(lists(&reserved), room, "no list grew again");
        // Ten times the records, and a quarter more: no more than that.
        let need = [
            reserved.strings.bytes.len(),
            640,
            640,
            reserved.slot_keys.len(),
            reserved.slot_values.len(),
            reserved.facts.len(),
            reserved.places.len(),
        ];
        for (have, need) in room.iter().zip(need) {
            assert!(
                *have >= need && *have <= need * 13 / 10 + 64,
                "{have} for {need}"
            );
        }
        assert_eq!(format!("{reserved:?}"), format!("{grown:?}"));
        // Nothing to project from, or nothing left: no room is made.
        let mut empty = Store::default();
        empty.reserve_for(0, 640);
        reserved.reserve_for(640, 640);
        assert_eq!((empty.requests.capacity(), lists(&reserved)), (0, room));
    }

    #[test]
    fn recent_keeps_the_last_used_values_only() {
        let mut recent = Recent::new(2);
        let mut made = 0;
        let mut get = |recent: &mut Recent<u32, u32>, key: u32| {
            *recent.get_or_insert_with(key, || {
                made += 1;
                key * 10
            })
        };
        assert_eq!(get(&mut recent, 1), 10);
        assert_eq!(get(&mut recent, 2), 20);
        assert_eq!(get(&mut recent, 1), 10, "kept");
        assert_eq!(get(&mut recent, 3), 30, "2 goes: 1 was used since");
        assert_eq!(get(&mut recent, 1), 10);
        assert_eq!(recent.entries.len(), 2);
        assert_eq!(get(&mut recent, 2), 20, "made again");
        assert_eq!(made, 4);
    }

    fn request(provider: &str, params: &[(&str, &str)], form: Form) -> (RequestFacts, DocPlace) {
        let file: Arc<str> = Arc::from("f.yaml");
        let located = |key: &str, value: &str| Located {
            value: value.to_owned(),
            file: Arc::clone(&file),
            document: 0,
            pointer: param_pointer(form, key),
            location: Location::default(),
        };
        let facts = RequestFacts {
            provider: provider.to_owned(),
            file: Arc::clone(&file),
            document: 0,
            account: None,
            params: params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), located(k, v)))
                .collect(),
            vpcs: Vec::new(),
            whole: Location::default(),
        };
        let place = DocPlace {
            doc_start: 0,
            root_start: 0,
            form,
            derivable: true,
        };
        (facts, place)
    }

    #[test]
    fn requests_keep_their_parameters_provider_and_form_in_32_bytes() {
        assert_eq!(std::mem::size_of::<Req>(), 32);
        let mut run = Store::default();
        for (provider, form, params) in [
            ("a", Form::Full, &[("x", "1"), ("y", "2")][..]),
            ("b", Form::Raw, &[("y", "3")][..]),
            ("a", Form::Raw, &[][..]),
        ] {
            let mut local = Store::local();
            let file = local.add_file("f.yaml", "", Format::Yaml);
            let (facts, place) = request(provider, params, form);
            local.push_request(file, &facts, place);
            run.absorb(&local);
        }
        let providers: Vec<&str> = run.requests.iter().map(|r| run.provider_of(r)).collect();
        assert_eq!(providers, ["a", "b", "a"]);
        let forms: Vec<Form> = run.requests.iter().map(Req::form).collect();
        assert_eq!(forms, [Form::Full, Form::Raw, Form::Raw]);
        let (x, y) = (run.key("x"), run.key("y"));
        let value = |request: u32, key: Option<u16>| {
            key.and_then(|k| run.param(request, k))
                .map(|v| run.text(v.value))
        };
        assert_eq!((value(0, x), value(0, y)), (Some("1"), Some("2")));
        assert_eq!(
            (value(1, x), value(1, y)),
            (None, Some("3")),
            "its own slots only"
        );
        assert_eq!((value(2, x), value(2, y)), (None, None));
        assert!(run.request_facts(0).is_empty() && run.requests[2].facts_len() == 0);
    }
}
