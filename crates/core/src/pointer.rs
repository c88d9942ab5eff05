//! JSON pointers (RFC 6901): building them, and finding where one points in a document's text.
//!
//! The scanner here only walks already-valid JSON to a location; it never allocates more than a
//! key at a time and returns `None` rather than panicking on anything it does not expect.

use crate::diagnostic::Position;

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends a token to a pointer.
pub fn join(base: &str, token: &str) -> String {
    format!("{base}/{}", escape(token))
}

/// Appends an array index to a pointer.
pub fn index(base: &str, i: usize) -> String {
    format!("{base}/{i}")
}

/// The pointer to where typed decoding failed, from the path serde_path_to_error tracked (its
/// own text, `builds[0].semantics`, is no pointer and cannot be located in the document).
pub fn of_serde_path(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index: i } => out = index(&out, *i),
            serde_path_to_error::Segment::Map { key } => out = join(&out, key),
            serde_path_to_error::Segment::Enum { variant } => out = join(&out, variant),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    out
}

/// Splits a pointer into its unescaped reference tokens; `""` is the whole document.
pub fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect()
}

/// Line and column (from 1, columns in characters) of a byte offset in `text`.
pub fn position_of(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text.get(line_start..offset).map(|s| s.chars().count()).unwrap_or(offset - line_start) + 1;
    Position { line, column }
}

/// Where a line and character column fall in `text` counted in UTF-16 code units, as a
/// browser's text field counts its selection: a past-the-end line or column stops at the end
/// of the text or of its line, so a place found in an older version of the text still lands.
pub fn utf16_offset(text: &str, position: Position) -> usize {
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n + 1 == position.line.max(1) {
            let line = line.strip_suffix('\n').unwrap_or(line);
            return offset + line.chars().take(position.column.saturating_sub(1)).map(char::len_utf16).sum::<usize>();
        }
        offset += line.encode_utf16().count();
    }
    offset
}

/// Converts serde_json's line and byte column into a line and character column.
pub fn char_position(text: &str, line: usize, byte_column: usize) -> Position {
    let line_start = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    let end = (line_start + byte_column.saturating_sub(1)).min(text.len());
    let column = text.get(line_start..end).map(|s| s.chars().count() + 1).unwrap_or(byte_column.max(1));
    Position { line: line.max(1), column }
}

/// Where `pointer` points in the JSON `text`: the member's key for object members, the element
/// for array items. When the pointer goes further than the document, the deepest existing
/// location is returned, so "missing field" findings still land on their parent object.
pub fn locate(text: &str, pointer: &str) -> Option<Position> {
    // A byte-order mark (Windows editors write one) is no part of the JSON, which is read
    // without it: counted as the text's start, it put every problem at line 1, column 1.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut scanner = Scanner { bytes: text.as_bytes(), at: 0 };
    scanner.skip_ws();
    let mut found = scanner.at;
    for token in tokens(pointer) {
        scanner.skip_ws();
        match scanner.peek()? {
            b'{' => match scanner.find_member(&token)? {
                Some(key_at) => found = key_at,
                None => break,
            },
            b'[' => {
                let Ok(wanted) = token.parse::<usize>() else { break };
                match scanner.find_element(wanted)? {
                    Some(at) => found = at,
                    None => break,
                }
            }
            _ => break,
        }
    }
    Some(position_of(text, found))
}

/// Where each of `pointers` points in `text`, as [`locate`] would place it, in one pass over the
/// text: placing thousands of findings one by one rescanned a large document from its start for
/// each of them (20,000 findings in a 3 MB document took six minutes).
pub fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<Position>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut wanted = Wanted { nodes: vec![WantedNode::default()] };
    // An index spelt otherwise than as written (`01`, `+1`) is a member name in an object but
    // an index in an array: `locate` places those few.
    let odd = |p: &str| tokens(p).iter().any(|t| t.parse::<usize>().is_ok_and(|i| i.to_string() != *t));
    let paths: Vec<Option<Vec<usize>>> = pointers.iter().map(|p| (!odd(p)).then(|| wanted.insert(p))).collect();
    let mut scanner = Scanner { bytes: text.as_bytes(), at: 0 };
    scanner.skip_ws();
    wanted.nodes[0].at = Some(scanner.at);
    if scanner.visit(&mut wanted, 0, 0).is_none() {
        // Broken text, which only an unreadable document has, with a finding or two: there a
        // half-finished scan could place a pointer where `locate` gives up, so it decides.
        return pointers.iter().map(|p| locate(text, p)).collect();
    }
    let offsets: Vec<usize> = paths.iter().map(|path| path.iter().flatten().map_while(|&n| wanted.nodes[n].at).last().unwrap_or(0)).collect();
    let mut found = positions_of(text, &offsets);
    for ((place, path), pointer) in found.iter_mut().zip(&paths).zip(pointers) {
        if path.is_none() {
            *place = locate(text, pointer);
        }
    }
    found
}

/// Line and column of each offset in `text`, in one pass however many there are.
fn positions_of(text: &str, offsets: &[usize]) -> Vec<Option<Position>> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![None; offsets.len()];
    let (mut line, mut column, mut counted) = (1, 1, 0);
    for i in order {
        let offset = offsets[i].min(text.len());
        let Some(between) = text.get(counted..offset) else { continue };
        for c in between.chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        counted = offset;
        out[i] = Some(Position { line, column });
    }
    out
}

/// The pointers [`locate_all`] looks for, as a tree of their tokens (the document's root
/// first), each node with where the scan found it.
struct Wanted {
    nodes: Vec<WantedNode>,
}

#[derive(Default)]
struct WantedNode {
    members: std::collections::HashMap<String, usize>,
    elements: std::collections::HashMap<usize, usize>,
    at: Option<usize>,
}

impl Wanted {
    /// Adds a pointer; returns the nodes of its tokens, the document's root first.
    fn insert(&mut self, pointer: &str) -> Vec<usize> {
        let mut path = vec![0];
        for token in tokens(pointer) {
            let parent = *path.last().unwrap_or(&0);
            let next = self.nodes.len();
            let child = *self.nodes[parent].members.entry(token.clone()).or_insert(next);
            if child == next {
                self.nodes.push(WantedNode::default());
                // `locate` reads a token as an index wherever it meets an array.
                if let Ok(i) = token.parse::<usize>() {
                    self.nodes[parent].elements.entry(i).or_insert(next);
                }
            }
            path.push(child);
        }
        path
    }
}

/// How deep [`locate_all`] follows pointers; deeper tokens are left unfound (serde_json reads
/// no document nested deeper than 128).
const MAX_DEPTH: usize = 256;

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Reads a string starting at the opening quote and returns its unescaped content.
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut raw = Vec::new();
        loop {
            let b = self.peek()?;
            self.at += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let e = self.peek()?;
                    self.at += 1;
                    match e {
                        b'n' => raw.push(b'\n'),
                        b't' => raw.push(b'\t'),
                        b'r' => raw.push(b'\r'),
                        b'b' => raw.push(8),
                        b'f' => raw.push(12),
                        b'u' => {
                            let hex = self.bytes.get(self.at..self.at + 4)?;
                            self.at += 4;
                            let code = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                            let c = char::from_u32(code).unwrap_or('\u{fffd}');
                            let mut buf = [0u8; 4];
                            raw.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        other => raw.push(other),
                    }
                }
                other => raw.push(other),
            }
        }
        Some(String::from_utf8_lossy(&raw).into_owned())
    }

    /// Skips one value of any kind, iteratively so deep nesting cannot exhaust the stack.
    fn skip_value(&mut self) -> Option<()> {
        self.skip_ws();
        let mut depth = 0usize;
        loop {
            self.skip_ws();
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.at += 1;
                }
                b',' | b':' => {
                    self.at += 1;
                    continue;
                }
                _ => {
                    while !matches!(self.peek(), None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')) {
                        self.at += 1;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }

    /// Scans the value at hand, noting where each wanted member or element under `node` is
    /// (the first of a repeated key, as `locate` finds it) and going into those only.
    fn visit(&mut self, wanted: &mut Wanted, node: usize, depth: usize) -> Option<()> {
        self.skip_ws();
        let close = match self.peek()? {
            b'{' => b'}',
            b'[' => b']',
            _ => return self.skip_value(),
        };
        if wanted.nodes[node].members.is_empty() || depth >= MAX_DEPTH {
            return self.skip_value();
        }
        self.at += 1;
        self.skip_ws();
        let mut i = 0;
        if self.peek()? != close {
            loop {
                self.skip_ws();
                let here = self.at;
                let child = if close == b'}' {
                    let name = self.string()?;
                    self.expect(b':')?;
                    wanted.nodes[node].members.get(&name).copied()
                } else {
                    wanted.nodes[node].elements.get(&i).copied()
                };
                match child.filter(|&c| wanted.nodes[c].at.is_none()) {
                    Some(child) => {
                        wanted.nodes[child].at = Some(here);
                        self.visit(wanted, child, depth + 1)?;
                    }
                    None => self.skip_value()?,
                }
                self.skip_ws();
                match self.peek()? {
                    b',' => self.at += 1,
                    b if b == close => break,
                    _ => return None,
                }
                i += 1;
            }
        }
        self.at += 1;
        Some(())
    }

    /// Inside an object at `{`: moves to the value of member `key`, returning the key's offset,
    /// or `Some(None)` when the object has no such member.
    fn find_member(&mut self, key: &str) -> Option<Option<usize>> {
        self.expect(b'{')?;
        self.skip_ws();
        if self.peek()? == b'}' {
            return Some(None);
        }
        loop {
            self.skip_ws();
            let key_at = self.at;
            let name = self.string()?;
            self.expect(b':')?;
            self.skip_ws();
            if name == key {
                return Some(Some(key_at));
            }
            self.skip_value()?;
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                _ => return Some(None),
            }
        }
    }

    /// Inside an array at `[`: moves to element `wanted`, returning its offset.
    fn find_element(&mut self, wanted: usize) -> Option<Option<usize>> {
        self.expect(b'[')?;
        self.skip_ws();
        if self.peek()? == b']' {
            return Some(None);
        }
        let mut i = 0;
        loop {
            self.skip_ws();
            if i == wanted {
                return Some(Some(self.at));
            }
            self.skip_value()?;
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                _ => return Some(None),
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"name\": \"api\",\n  \"parameters\": [\n    {\"key\": \"a\"},\n    {\"key\": \"b/c\", \"type\": \"x\"}\n  ],\n  \"é\": {\"a~b\": 1}\n}";

    #[test]
    fn escapes_and_splits_tokens() {
        assert_eq!(join("", "a/b~c"), "/a~1b~0c");
        assert_eq!(tokens("/a~1b~0c/0"), vec!["a/b~c", "0"]);
        assert!(tokens("").is_empty());
    }

    #[test]
    fn locates_members_and_elements() {
        assert_eq!(locate(DOC, "/name"), Some(Position { line: 2, column: 3 }));
        assert_eq!(locate(DOC, "/parameters/1/type"), Some(Position { line: 5, column: 20 }));
        assert_eq!(locate(DOC, "/parameters/1"), Some(Position { line: 5, column: 5 }));
        assert_eq!(locate(DOC, "/é/a~0b"), Some(Position { line: 7, column: 9 }));
        assert_eq!(locate(DOC, ""), Some(Position { line: 1, column: 1 }));
    }

    #[test]
    fn missing_members_land_on_the_deepest_parent() {
        assert_eq!(locate(DOC, "/parameters/0/default_value"), Some(Position { line: 4, column: 5 }));
        assert_eq!(locate(DOC, "/parameters/9"), Some(Position { line: 3, column: 3 }));
    }

    #[test]
    fn a_place_lands_where_a_text_field_counts_it() {
        let at = |line, column| utf16_offset(DOC, Position { line, column });
        assert_eq!(at(1, 1), 0);
        assert_eq!(&DOC[at(2, 3)..at(2, 9)], "\"name\"");
        // `é` is one code unit, an emoji two: each counts as the field counts it.
        let text = "{\n  \"😀é\": {\"a\": 1}\n}";
        let found = locate(text, "/😀é/a").unwrap();
        assert_eq!(found, Position { line: 2, column: 10 });
        let units: Vec<u16> = text.encode_utf16().collect();
        let offset = utf16_offset(text, found);
        assert_eq!(String::from_utf16_lossy(&units[offset..offset + 3]), "\"a\"");
        // Past its line's end or the text's, a place stops there.
        assert_eq!(utf16_offset(text, Position { line: 1, column: 40 }), 1);
        assert_eq!(utf16_offset(text, Position { line: 9, column: 1 }), units.len());
        assert_eq!(utf16_offset("", Position { line: 0, column: 0 }), 0);
    }

    #[test]
    fn a_byte_order_mark_moves_nothing() {
        let marked = format!("\u{feff}{DOC}");
        for pointer in ["", "/name", "/parameters/1/type", "/é/a~0b"] {
            assert_eq!(locate(&marked, pointer), locate(DOC, pointer), "{pointer}");
        }
    }

    #[test]
    fn places_many_pointers_in_one_pass_as_one_at_a_time() {
        let all = ["", "/name", "/parameters/1/type", "/parameters/1", "/é/a~0b", "/parameters/0/default_value", "/parameters/9", "/parameters/01", "/nope/1"];
        let one_by_one: Vec<_> = all.iter().map(|p| locate(DOC, p)).collect();
        assert_eq!(locate_all(DOC, &all), one_by_one);
        assert_eq!(locate_all(&format!("\u{feff}{DOC}"), &all), one_by_one);
        // A repeated key is found where it first appears, as a reader of the text would look.
        let twice = "{\"a\": {\"b\": 1},\n \"a\": {\"b\": 2, \"c\": 3}}";
        assert_eq!(locate_all(twice, &["/a/b", "/a/c"]), vec![locate(twice, "/a/b"), locate(twice, "/a/c")]);
        assert_eq!(locate_all(twice, &["/a/c"]), vec![Some(Position { line: 1, column: 2 })]);
        // Broken text gives what `locate` gives.
        for text in ["", "{", "{\"a\": [1, 2", "{\"a\" 1}", "}}}", "{\"a\": {\"b\" 1}, \"c\": 2}"] {
            let one_by_one: Vec<_> = ["/a/0", "/a/b", "/c", ""].iter().map(|p| locate(text, p)).collect();
            assert_eq!(locate_all(text, &["/a/0", "/a/b", "/c", ""]), one_by_one, "{text}");
        }
        assert!(locate_all(DOC, &[]).is_empty());
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in ["", "{", "{\"a\": [1, 2", "[\"\\u12", "}}}", "{\"a\":\"\\", "\u{0}"] {
            let _ = locate(text, "/a/0/b");
        }
    }
}
