//! The request context: the condition keys of a request and their values.
//!
//! Key names are case-insensitive
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html>:
//! "Context key names are not case-sensitive"), so keys are stored lowercased. A key holds
//! one value (single-valued) or a list (multivalued, such as `aws:TagKeys`); values are text,
//! as AWS compares them, and each operator reads them as its type.

use std::borrow::Cow;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// The value of one context key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextValue {
    /// A single-valued key.
    One(String),
    /// A multivalued key (may be empty).
    Many(Vec<String>),
}

impl ContextValue {
    /// The values, one or many.
    pub fn values(&self) -> &[String] {
        match self {
            ContextValue::One(v) => std::slice::from_ref(v),
            ContextValue::Many(v) => v,
        }
    }
}

/// The condition keys of a request.
///
/// A request has a dozen keys or so, read a few dozen times: they are kept in a vector, in
/// the order set, each with a tag (its length and last eight bytes, lowercased) that settles
/// most comparisons in one step. A tree of keys spent most of a lookup in `memcmp` calls on
/// keys that all start with `aws:`.
///
/// The keys' text is in one buffer, each key as its lowercased form then the key as first
/// written (ASCII lowercasing keeps the length, so each is one half): a simulate request's
/// five or six keys were as many allocations (and frees), a tenth of the request's. The
/// buffer is bytes, so that a key is lowercased as it is copied, in one pass; each half is
/// copied from a `&str`, so the written half is UTF-8.
#[derive(Debug, Clone, Default)]
pub struct Context {
    entries: Vec<Entry>,
    keys: Vec<u8>,
}

#[derive(Debug, Clone)]
struct Entry {
    tag: Tag,
    /// Where the key starts in the buffer (its length is the tag's).
    start: usize,
    value: ContextValue,
}

impl PartialEq for Context {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Context {}

/// A key's length and its last eight bytes, ASCII-lowercased: equal for keys equal without
/// regard to case, and different for nearly all others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tag(usize, u64);

impl Tag {
    fn of(key: &[u8]) -> Tag {
        let tail = &key[key.len().saturating_sub(8)..];
        let mut word = [0u8; 8];
        word[..tail.len()].copy_from_slice(tail);
        Tag(key.len(), ascii_lowercase_word(u64::from_le_bytes(word)))
    }
}

/// ASCII-lowercases `bytes` eight at a time (a byte at a time was most of the cost of adding
/// a key): the last word overlaps the one before it when the length is not a multiple of
/// eight, which lowercasing twice leaves as it is.
fn lowercase_in_place(bytes: &mut [u8]) {
    if bytes.len() < 8 {
        bytes.make_ascii_lowercase();
        return;
    }
    let lower = |word: &mut [u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        word.copy_from_slice(&ascii_lowercase_word(u64::from_le_bytes(w)).to_le_bytes());
    };
    let last = bytes.len() - 8;
    for word in bytes.chunks_exact_mut(8) {
        lower(word);
    }
    lower(&mut bytes[last..]);
}

/// Whether `key` is `lower` (a lowercased key of the same tag: same length, same last eight
/// bytes without regard to case) without regard to case: only the bytes before the last eight
/// are left to compare, eight at a time (a word at an offset before them ends within the key).
fn same_head(lower: &[u8], key: &[u8]) -> bool {
    let word = |bytes: &[u8], at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let head = key.len().saturating_sub(8);
    lower.len() == key.len()
        && (0..head)
            .step_by(8)
            .all(|at| word(lower, at) == ascii_lowercase_word(word(key, at)))
}

/// The eight bytes of `x` with their ASCII capitals lowercased, all at once: a byte's high bit
/// is set in `upper` when it is at least `A` and at most `Z` (and below 0x80), and that bit
/// shifted to 0x20 is what lowercases it.
fn ascii_lowercase_word(x: u64) -> u64 {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let low = x & LOW7;
    let at_least_a = low + u64::from_ne_bytes([0x80 - b'A'; 8]);
    let above_z = low + u64::from_ne_bytes([0x80 - b'Z' - 1; 8]);
    let upper = at_least_a & !above_z & !x & HIGHS;
    x | (upper >> 2)
}

impl Context {
    /// A context with no keys.
    pub fn empty() -> Self {
        Self::default()
    }

    /// A context with room for `n` keys.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            entries: Vec::with_capacity(n),
            keys: Vec::new(),
        }
    }

    /// A context with room for `n` keys of `key_bytes` bytes in all.
    pub(crate) fn with_room(n: usize, key_bytes: usize) -> Self {
        Self {
            entries: Vec::with_capacity(n),
            keys: Vec::with_capacity(2 * key_bytes),
        }
    }

    /// A context of single-valued keys.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut ctx = Self::default();
        for (k, v) in pairs {
            ctx.set(k, v);
        }
        ctx
    }

    /// The lowercased form of an entry's key, as bytes: comparisons then need no check of
    /// character boundaries.
    fn lower(&self, e: &Entry) -> &[u8] {
        &self.keys[e.start..e.start + e.tag.0]
    }

    /// An entry's key as first written.
    fn written(&self, e: &Entry) -> &str {
        std::str::from_utf8(&self.keys[e.start + e.tag.0..e.start + 2 * e.tag.0]).unwrap_or("")
    }

    /// The index of `key` (any case).
    fn find(&self, key: &str) -> Option<usize> {
        self.find_tagged(key.as_bytes(), Tag::of(key.as_bytes()))
    }

    /// [`Context::find`] with the key's tag already worked out.
    fn find_tagged(&self, key: &[u8], tag: Tag) -> Option<usize> {
        let keys = &self.keys;
        self.entries.iter().position(|e| {
            e.tag == tag
                && keys
                    .get(e.start..e.start + e.tag.0)
                    .is_some_and(|lower| same_head(lower, key))
        })
    }

    /// Appends a key to the buffer: where it starts.
    fn push_key(&mut self, key: &str) -> usize {
        let start = self.keys.len();
        self.keys.extend_from_slice(key.as_bytes());
        self.keys.extend_from_slice(key.as_bytes());
        lowercase_in_place(&mut self.keys[start..start + key.len()]);
        start
    }

    /// Sets a single-valued key.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.insert(key, ContextValue::One(value.into()));
    }

    /// Sets a key to a value, replacing what it held (and its spelling).
    pub fn insert(&mut self, key: &str, value: ContextValue) {
        let tag = Tag::of(key.as_bytes());
        match self.find_tagged(key.as_bytes(), tag) {
            Some(i) => {
                // The same key without regard to case has the same length: the new spelling
                // takes the place of the old.
                let start = self.entries[i].start + key.len();
                self.keys[start..start + key.len()].copy_from_slice(key.as_bytes());
                self.entries[i].value = value;
            }
            None => {
                let start = self.push_key(key);
                self.entries.push(Entry { tag, start, value });
            }
        }
    }

    /// Sets a key only if the context does not have it yet.
    pub fn insert_default(&mut self, key: &str, value: ContextValue) {
        if self.find(key).is_none() {
            self.push_absent(key, value);
        }
    }

    /// Sets a single-valued key to `value` unless the context has it: its tag is worked out
    /// once (a lookup then an insertion worked it out twice), and the value copied only when
    /// set. Inlined: the tag of a key written out (the principal's keys) is then worked out
    /// by the compiler (called, this cost ~200 instructions more per simulate request).
    #[inline(always)]
    pub(crate) fn set_default(&mut self, key: &str, value: &str) {
        let tag = Tag::of(key.as_bytes());
        if self.find_tagged(key.as_bytes(), tag).is_none() {
            let start = self.push_key(key);
            let value = ContextValue::One(value.to_owned());
            self.entries.push(Entry { tag, start, value });
        }
    }

    /// Adds a key the caller has found absent.
    pub(crate) fn push_absent(&mut self, key: &str, value: ContextValue) {
        debug_assert!(self.find(key).is_none(), "{key} is already set");
        let tag = Tag::of(key.as_bytes());
        let start = self.push_key(key);
        self.entries.push(Entry { tag, start, value });
    }

    /// Removes a key (and its text: the keys after it move back).
    pub fn remove(&mut self, key: &str) {
        if let Some(i) = self.find(key) {
            let removed = self.entries.remove(i);
            let len = 2 * removed.tag.0;
            self.keys.drain(removed.start..removed.start + len);
            for e in &mut self.entries {
                if e.start > removed.start {
                    e.start -= len;
                }
            }
        }
    }

    /// The value of `key` (any case).
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.find(key).map(|i| &self.entries[i].value)
    }

    /// The value of a key (any case) as a policy variable: a single-valued key's value.
    /// Multivalued keys cannot be policy variables
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>).
    pub(crate) fn variable(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(ContextValue::One(v)) => Some(v),
            _ => None,
        }
    }

    /// Every key (as written) and value, sorted by lowercased key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        let mut sorted: Vec<&Entry> = self.entries.iter().collect();
        sorted.sort_by(|a, b| self.lower(a).cmp(self.lower(b)));
        sorted.into_iter().map(|e| (self.written(e), &e.value))
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Serialize for Context {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (key, value) in self.iter() {
            match value {
                ContextValue::One(v) => map.serialize_entry(key, v)?,
                ContextValue::Many(v) => map.serialize_entry(key, v)?,
            }
        }
        map.end()
    }
}

/// Reads `{"key": "value" | ["v1", "v2"] | number | bool}`: numbers and booleans become
/// their text (as `serde_json` writes them), an array makes the key multivalued.
impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Context;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of context keys to a value or an array of values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Context, A::Error> {
                let mut ctx = Context::default();
                while let Some(KeyText(key)) = map.next_key::<KeyText<'de>>()? {
                    let value = map.next_value_seed(ValueSeed { key: &key })?;
                    ctx.insert(&key, value);
                }
                Ok(ctx)
            }
        }
        d.deserialize_map(V)
    }
}

/// A context key, borrowed from the input when it has no escapes.
struct KeyText<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct K;
        impl<'de> Visitor<'de> for K {
            type Value = KeyText<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a context key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Owned(v)))
            }
        }
        d.deserialize_str(K)
    }
}

/// Reads the value of one context key straight from the input.
struct ValueSeed<'k> {
    key: &'k str,
}

impl ValueSeed<'_> {
    fn invalid<E: de::Error>(&self) -> E {
        E::custom(format!(
            "context key {}: expected a string, number, boolean or an array of them",
            self.key
        ))
    }
}

/// The text of a number as `serde_json` writes it.
fn float_text(v: f64) -> String {
    serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string())
}

impl<'de> de::DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = ContextValue;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ContextValue, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = ContextValue;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string, number, boolean or an array of them")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<ContextValue, E> {
        Ok(ContextValue::One(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<ContextValue, E> {
        Ok(ContextValue::One(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<ContextValue, E> {
        Ok(ContextValue::One(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ContextValue, E> {
        Ok(ContextValue::One(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ContextValue, E> {
        Ok(ContextValue::One(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ContextValue, E> {
        Ok(ContextValue::One(float_text(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<ContextValue, E> {
        Err(self.invalid())
    }
    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<ContextValue, A::Error> {
        Err(self.invalid())
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<ContextValue, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(ItemSeed { key: self.key })? {
            items.push(item);
        }
        Ok(ContextValue::Many(items))
    }
}

/// One value of a multivalued key: a string, number or boolean.
struct ItemSeed<'k> {
    key: &'k str,
}

impl<'de> de::DeserializeSeed<'de> for ItemSeed<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemSeed<'_> {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string, number or boolean")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(float_text(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Err(ValueSeed { key: self.key }.invalid())
    }
    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<String, A::Error> {
        Err(ValueSeed { key: self.key }.invalid())
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _seq: A) -> Result<String, A::Error> {
        Err(ValueSeed { key: self.key }.invalid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The word-at-a-time lowercasing agrees with lowercasing byte by byte.
        #[test]
        fn lowercases_a_word_as_bytes_do(bytes in proptest::array::uniform8(proptest::num::u8::ANY)) {
            let mut lower = bytes;
            lower.make_ascii_lowercase();
            proptest::prop_assert_eq!(
                ascii_lowercase_word(u64::from_le_bytes(bytes)),
                u64::from_le_bytes(lower)
            );
        }
    }

    proptest::proptest! {
        /// Keys of the same tag compare as `eq_ignore_ascii_case` does: a key, and the key
        /// with some letters in the other case and perhaps one byte changed.
        #[test]
        fn same_head_agrees_with_ignoring_case(
            a in "[aAbB\u{e9}:/]{0,30}",
            flips in proptest::collection::vec(proptest::bool::ANY, 40),
            change in proptest::option::of(0usize..40),
        ) {
            let a = a.as_bytes();
            let mut b: Vec<u8> = a
                .iter()
                .zip(&flips)
                .map(|(&c, &f)| if f && c.is_ascii_alphabetic() { c ^ 0x20 } else { c })
                .collect();
            if let Some(i) = change.filter(|&i| i < b.len()) {
                b[i] = if b[i] == b':' { b'a' } else { b':' };
            }
            if Tag::of(a) == Tag::of(&b) {
                let lower = a.to_ascii_lowercase();
                proptest::prop_assert_eq!(same_head(&lower, &b), a.eq_ignore_ascii_case(&b));
            }
        }
    }

    /// A key of any length (lowercased by words from eight bytes on) is found in any case
    /// and keeps its spelling.
    #[test]
    fn keys_of_every_length() {
        let word = "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789AbCdEf";
        for n in 1..=word.len() {
            let key = &word[..n];
            let mut ctx = Context::empty();
            ctx.set("aws:Other", "o");
            ctx.set(key, "v");
            let v = Some(&ContextValue::One("v".into()));
            assert_eq!(ctx.get(&key.to_ascii_uppercase()), v, "{key}");
            assert_eq!(ctx.get(&key.to_ascii_lowercase()), v, "{key}");
            assert!(ctx.iter().any(|(k, _)| k == key), "{key}");
        }
    }

    /// One operation on a context, with a key from a small set in a random spelling.
    #[derive(Debug, Clone)]
    enum Op {
        Insert(String, String),
        InsertDefault(String, String),
        Remove(String),
    }

    fn key() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        (
            proptest::sample::select(vec![
                "aws:SourceIp",
                "aws:sourceip",
                "AWS:SOURCEIP",
                "aws:PrincipalTag/team",
                "aws:principaltag/Team",
                "s3:prefix",
                "x",
                "aws:ResourceTag/a-long-tag-name-1",
                "aws:ResourceTag/a-long-tag-name-2",
            ]),
            0u8..3,
        )
            .prop_map(|(k, n)| format!("{k}{}", "é".repeat(usize::from(n))))
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::strategy::Strategy;
        proptest::prop_oneof![
            (key(), "[a-c]").prop_map(|(k, v)| Op::Insert(k, v)),
            (key(), "[a-c]").prop_map(|(k, v)| Op::InsertDefault(k, v)),
            key().prop_map(Op::Remove),
        ]
    }

    proptest::proptest! {
        /// The context behaves as a map from lowercased key to (spelling, value): any sequence
        /// of operations leaves the same keys, spellings and values, and lookups in any case
        /// agree.
        #[test]
        fn behaves_as_a_map_of_lowercased_keys(ops in proptest::collection::vec(op(), 0..40)) {
            use std::collections::BTreeMap;
            let mut ctx = Context::empty();
            let mut model: BTreeMap<String, (String, String)> = BTreeMap::new();
            for op in &ops {
                match op {
                    Op::Insert(k, v) => {
                        ctx.set(k, v.as_str());
                        model.insert(k.to_ascii_lowercase(), (k.clone(), v.clone()));
                    }
                    Op::InsertDefault(k, v) => {
                        ctx.insert_default(k, ContextValue::One(v.clone()));
                        model
                            .entry(k.to_ascii_lowercase())
                            .or_insert_with(|| (k.clone(), v.clone()));
                    }
                    Op::Remove(k) => {
                        ctx.remove(k);
                        model.remove(&k.to_ascii_lowercase());
                    }
                }
                for probe in ops.iter().map(|o| match o {
                    Op::Insert(k, _) | Op::InsertDefault(k, _) | Op::Remove(k) => k,
                }) {
                    let expected = model.get(&probe.to_ascii_lowercase()).map(|(_, v)| v.as_str());
                    proptest::prop_assert_eq!(ctx.variable(&probe.to_ascii_uppercase()), expected);
                }
            }
            let all: Vec<(String, String)> = ctx
                .iter()
                .map(|(k, v)| (k.to_owned(), v.values()[0].clone()))
                .collect();
            let expected: Vec<(String, String)> = model.into_values().collect();
            proptest::prop_assert_eq!(all, expected);
        }
    }

    #[test]
    fn keys_ignore_case() {
        let mut ctx = Context::empty();
        ctx.set("aws:SourceIp", "192.0.2.1");
        assert!(ctx.get("AWS:SOURCEIP").is_some());
        assert_eq!(ctx.variable("aws:sourceip"), Some("192.0.2.1"));
        // Set again in another spelling: one key, the new spelling and value.
        ctx.set("AWS:sourceIP", "192.0.2.2");
        ctx.insert_default("aws:sourceip", ContextValue::One("ignored".into()));
        let all: Vec<(&str, &ContextValue)> = ctx.iter().collect();
        assert_eq!(
            all,
            [("AWS:sourceIP", &ContextValue::One("192.0.2.2".into()))]
        );
        ctx.remove("Aws:SourceIp");
        assert!(ctx.is_empty());
    }

    #[test]
    fn reads_json() {
        let ctx: Context = serde_json::from_str(
            r#"{"aws:TagKeys": ["a", "b"], "aws:MultiFactorAuthPresent": true, "n": 5}"#,
        )
        .unwrap();
        assert_eq!(
            ctx.get("aws:tagkeys"),
            Some(&ContextValue::Many(vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            ctx.get("aws:multifactorauthpresent"),
            Some(&ContextValue::One("true".into()))
        );
        assert_eq!(ctx.variable("aws:tagkeys"), None);
        let numbers: Context =
            serde_json::from_str(r#"{"a": 1.5, "b": -3, "c": [2, 1e3], "d\u0041": "x"}"#).unwrap();
        assert_eq!(numbers.get("a"), Some(&ContextValue::One("1.5".into())));
        assert_eq!(numbers.get("b"), Some(&ContextValue::One("-3".into())));
        assert_eq!(
            numbers.get("c"),
            Some(&ContextValue::Many(vec!["2".into(), "1000.0".into()]))
        );
        assert_eq!(numbers.get("da"), Some(&ContextValue::One("x".into())));
        for bad in [
            r#"{"a": null}"#,
            r#"{"a": {}}"#,
            r#"{"a": [[1]]}"#,
            r#"{"a": [null]}"#,
        ] {
            let e = serde_json::from_str::<Context>(bad).unwrap_err();
            assert!(e.to_string().starts_with("context key a: expected"), "{e}");
        }
    }
}
