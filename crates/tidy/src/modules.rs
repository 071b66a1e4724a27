//! Which file of a crate imports which, and the circles in that graph.
//!
//! ARCHITECTURE.md promises that no module imports its way in a circle: a reader can start
//! at the bottom floor of a crate and read upwards, never needing a file above to
//! understand one below. This module measures it from the sources, parsed as Rust by
//! `syn`: every `use`, every path in a type, an expression or a macro call that starts
//! with `crate::`, `super::`, `self::` or a child module's name, resolved to the file
//! that *defines* what it names (an import or re-export is followed to where the item
//! lives, so a `mod.rs` that only re-exports its children is a facade, not a knot).
//!
//! Left out on purpose: `#[cfg(test)]` items (a test may read anything), method calls
//! (`self.add_report()` names no module), and names brought in by a glob from outside the
//! crate. A reference into a file that is the one being read is no edge.

use proc_macro2::{TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// A module's path inside its crate: `["store", "checkins"]`; the root is `[]`.
pub type ModPath = Vec<String>;

/// One module as read: the file it is written in, its child modules, the names it defines
/// and the names it imports (name → the path as written, resolved later).
#[derive(Debug, Default)]
struct Module {
    file: String,
    children: BTreeSet<String>,
    items: BTreeSet<String>,
    imports: BTreeMap<String, ModPath>,
    globs: Vec<ModPath>,
    /// `#[macro_export]` macros defined here: they are named at the crate root.
    exported_macros: BTreeSet<String>,
    /// Every path this module names, with where it was resolved from.
    refs: Vec<(ModPath, String)>,
}

/// The files of one crate and the imports between them.
#[derive(Debug)]
pub struct Graph {
    modules: BTreeMap<ModPath, Module>,
    /// file → file it imports from → one example (`super::fmt_dec`).
    edges: BTreeMap<String, BTreeMap<String, String>>,
}

/// Reads the crate whose root file is `root` (e.g. `src/lib.rs`), from the disk.
pub fn read_crate(root: &Path) -> Result<Graph, String> {
    let dir = root.parent().unwrap_or(Path::new("."));
    let mut files = BTreeMap::new();
    collect_files(dir, dir, &mut files)?;
    let name = root
        .strip_prefix(dir)
        .map_err(|e| e.to_string())?
        .to_string_lossy()
        .into_owned();
    Graph::from_sources(&name, &files)
}

fn collect_files(
    base: &Path,
    dir: &Path,
    out: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_files(base, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let rel = path.strip_prefix(base).map_err(|e| e.to_string())?;
            out.insert(rel.to_string_lossy().replace('\\', "/"), text);
        }
    }
    Ok(())
}

impl Graph {
    /// Builds the graph from sources keyed by their path under `src/` (`"lib.rs"`,
    /// `"store/mod.rs"`), starting at `root`. A `mod x;` whose file is missing is an error.
    pub fn from_sources(root: &str, files: &BTreeMap<String, String>) -> Result<Graph, String> {
        let mut modules = BTreeMap::new();
        read_file(root, Vec::new(), files, &mut modules)?;
        let mut graph = Graph {
            modules,
            edges: BTreeMap::new(),
        };
        graph.resolve_edges();
        Ok(graph)
    }

    /// The files each file imports from (for a reader of a failing check).
    pub fn edges(&self) -> &BTreeMap<String, BTreeMap<String, String>> {
        &self.edges
    }

    /// Every circle: the strongly connected groups of more than one file (sorted), each
    /// with the imports that close it (`a.rs → b.rs (crate::b::X)`).
    pub fn cycles(&self) -> Vec<(Vec<String>, Vec<String>)> {
        let nodes: BTreeSet<&String> = self.modules.values().map(|m| &m.file).collect();
        let mut cycles = Vec::new();
        for group in strongly_connected(&nodes, &self.edges) {
            if group.len() < 2 {
                continue;
            }
            let set: BTreeSet<&String> = group.iter().collect();
            let mut lines = Vec::new();
            for from in &group {
                for (to, example) in self.edges.get(from).into_iter().flatten() {
                    if set.contains(to) {
                        lines.push(format!("{from} → {to} ({example})"));
                    }
                }
            }
            cycles.push((group, lines));
        }
        cycles
    }

    fn resolve_edges(&mut self) {
        let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for module in self.modules.values() {
            for (target, written) in &module.refs {
                let Some(at) = self.defining_module(target, 0) else {
                    continue;
                };
                let to = &self.modules[&at].file;
                if *to != module.file {
                    edges
                        .entry(module.file.clone())
                        .or_default()
                        .entry(to.clone())
                        .or_insert_with(|| written.clone());
                }
            }
        }
        self.edges = edges;
    }

    /// The module that defines what `path` (absolute, inside this crate) names: the
    /// longest module prefix, then the name followed through that module's imports.
    fn defining_module(&self, path: &[String], depth: usize) -> Option<ModPath> {
        if depth > 16 {
            return None;
        }
        let mut split = path.len();
        while split > 0 && !self.modules.contains_key(&path[..split]) {
            split -= 1;
        }
        let module_path = path[..split].to_vec();
        let module = self.modules.get(&module_path)?;
        let Some(name) = path.get(split) else {
            return Some(module_path); // the path names a module itself
        };
        if module.items.contains(name) {
            return Some(module_path);
        }
        if let Some(import) = module.imports.get(name) {
            let mut next = import.clone();
            next.extend(path[split + 1..].iter().cloned());
            return self.defining_module(&next, depth + 1);
        }
        for glob in &module.globs {
            if let Some(target) = self.modules.get(glob) {
                if target.items.contains(name) || target.imports.contains_key(name) {
                    let mut next = glob.clone();
                    next.extend(path[split..].iter().cloned());
                    return self.defining_module(&next, depth + 1);
                }
            }
        }
        // A `#[macro_export]` macro is named at the root but lives where it is written.
        if module_path.is_empty() {
            if let Some((at, _)) = self
                .modules
                .iter()
                .find(|(_, m)| m.exported_macros.contains(name))
            {
                return Some(at.clone());
            }
        }
        // Not found (an item made by a macro, say): the module is the best answer.
        Some(module_path)
    }
}

/// Reads one file (and the modules it declares) as the module `at`.
fn read_file(
    file: &str,
    at: ModPath,
    files: &BTreeMap<String, String>,
    modules: &mut BTreeMap<ModPath, Module>,
) -> Result<(), String> {
    let text = files
        .get(file)
        .ok_or_else(|| format!("{file}: no such file"))?;
    let parsed = syn::parse_file(text).map_err(|e| format!("{file}: {e}"))?;
    // Children of `lib.rs`, `main.rs` and `x/mod.rs` live beside them; of `x.rs`, in `x/`.
    let dir = match file.rsplit_once('/') {
        Some((dir, "mod.rs")) => format!("{dir}/"),
        Some((dir, name)) => format!("{dir}/{}/", name.trim_end_matches(".rs")),
        None if file == "lib.rs" || file == "main.rs" => String::new(),
        None => format!("{}/", file.trim_end_matches(".rs")),
    };
    read_items(file, &dir, at, &parsed.items, files, modules)
}

fn read_items(
    file: &str,
    dir: &str,
    at: ModPath,
    items: &[syn::Item],
    files: &BTreeMap<String, String>,
    modules: &mut BTreeMap<ModPath, Module>,
) -> Result<(), String> {
    let mut module = Module {
        file: file.to_string(),
        ..Module::default()
    };
    let mut nested = Vec::new();
    for item in items {
        if is_test_only(item_attrs(item)) {
            continue;
        }
        if let Some(name) = item_name(item) {
            if let syn::Item::Macro(m) = item {
                if m.attrs.iter().any(|a| a.path().is_ident("macro_export")) {
                    module.exported_macros.insert(name.clone());
                }
            }
            module.items.insert(name);
        }
        match item {
            syn::Item::Mod(m) => {
                let name = m.ident.to_string();
                module.children.insert(name.clone());
                let mut child = at.clone();
                child.push(name.clone());
                nested.push((m, child));
            }
            syn::Item::Use(u) => {
                let mut flat = Vec::new();
                flatten_use(&u.tree, Vec::new(), &mut flat);
                for (path, alias) in flat {
                    match alias {
                        Some(alias) => {
                            module.imports.insert(alias, path.clone());
                        }
                        None => module.globs.push(path.clone()),
                    }
                    module.refs.push((path.clone(), path.join("::")));
                }
            }
            _ => {}
        }
        let mut paths = PathCollector::default();
        if !matches!(item, syn::Item::Mod(_) | syn::Item::Use(_)) {
            paths.visit_item(item);
        }
        for path in paths.paths {
            module.refs.push((path.clone(), path.join("::")));
        }
    }
    // Paths are resolved against this module now that its children and imports are known.
    let children = module.children.clone();
    let resolve = |p: &ModPath| absolute(&at, &children, p);
    module.refs = module
        .refs
        .iter()
        .filter_map(|(p, w)| resolve(p).map(|abs| (abs, w.clone())))
        .collect();
    module.imports = module
        .imports
        .iter()
        .filter_map(|(n, p)| resolve(p).map(|abs| (n.clone(), abs)))
        .collect();
    module.globs = module.globs.iter().filter_map(resolve).collect();
    modules.insert(at.clone(), module);

    for (m, child) in nested {
        let name = m.ident.to_string();
        match &m.content {
            Some((_, inner)) => {
                // An inline module belongs to its file; its own children sit in `dir/name/`.
                read_items(file, &format!("{dir}{name}/"), child, inner, files, modules)?;
            }
            None => {
                let flat = format!("{dir}{name}.rs");
                let nested_mod = format!("{dir}{name}/mod.rs");
                let path = if files.contains_key(&flat) {
                    flat
                } else {
                    nested_mod
                };
                if !files.contains_key(&path) {
                    return Err(format!("{file}: `mod {name};` has no file {dir}{name}.rs"));
                }
                read_file(&path, child, files, modules)?;
            }
        }
    }
    Ok(())
}

/// A path as written, made absolute inside the crate; `None` for a path that starts
/// outside it (another crate, a local variable, a name imported from elsewhere).
fn absolute(at: &[String], children: &BTreeSet<String>, path: &[String]) -> Option<ModPath> {
    let first = path.first()?;
    match first.as_str() {
        "crate" => Some(path[1..].to_vec()),
        "self" => Some(at.iter().chain(&path[1..]).cloned().collect()),
        "super" => {
            let mut base = at.to_vec();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            Some(base.into_iter().chain(rest.iter().cloned()).collect())
        }
        name if children.contains(name) => Some(at.iter().chain(path).cloned().collect()),
        _ => None,
    }
}

/// `use a::{b, c::d as e, f::*}` → `(a::b, b)`, `(a::c::d, e)`, `(a::f, glob)`.
fn flatten_use(tree: &syn::UseTree, prefix: ModPath, out: &mut Vec<(ModPath, Option<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            let mut next = prefix;
            next.push(p.ident.to_string());
            flatten_use(&p.tree, next, out);
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                let alias = prefix.last().cloned();
                out.push((prefix, alias));
            } else {
                let mut path = prefix;
                path.push(name.clone());
                out.push((path, Some(name)));
            }
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix;
            let name = r.ident.to_string();
            if name != "self" {
                path.push(name);
            }
            out.push((path, Some(r.rename.to_string())));
        }
        syn::UseTree::Glob(_) => out.push((prefix, None)),
        syn::UseTree::Group(g) => {
            for item in &g.items {
                flatten_use(item, prefix.clone(), out);
            }
        }
    }
}

/// Every path in an item (types, expressions, patterns, macro names), and the
/// `crate::…` / `super::…` paths written inside macro calls (`format!`, `vocabulary!`).
#[derive(Default)]
struct PathCollector {
    paths: Vec<ModPath>,
}

impl<'ast> Visit<'ast> for PathCollector {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: ModPath = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() > 1 || path.leading_colon.is_none() {
            self.paths.push(segments);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        tokens_paths(mac.tokens.clone(), &mut self.paths);
        syn::visit::visit_macro(self, mac);
    }

    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {
        // Inline modules are read as modules of their own.
    }

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {
        // `pub(crate)` names no module it depends on.
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_test_only(&f.attrs) {
            syn::visit::visit_item_fn(self, f);
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_test_only(&f.attrs) {
            syn::visit::visit_impl_item_fn(self, f);
        }
    }
}

/// `crate :: a :: b` (and `super ::`, `self ::`) sequences in a macro's tokens.
fn tokens_paths(tokens: TokenStream, out: &mut Vec<ModPath>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Group(g) => tokens_paths(g.stream(), out),
            TokenTree::Ident(id)
                if matches!(id.to_string().as_str(), "crate" | "super" | "self") =>
            {
                let mut path = vec![id.to_string()];
                let mut j = i + 1;
                while j + 2 < trees.len() + 1 {
                    let colons = matches!((&trees.get(j), &trees.get(j + 1)),
                        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                            if a.as_char() == ':' && b.as_char() == ':');
                    match (colons, trees.get(j + 2)) {
                        (true, Some(TokenTree::Ident(next))) => {
                            path.push(next.to_string());
                            j += 3;
                        }
                        _ => break,
                    }
                }
                if path.len() > 1 {
                    out.push(path);
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::ExternCrate(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::ForeignMod(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::TraitAlias(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

fn item_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(i) => &i.ident,
        syn::Item::Enum(i) => &i.ident,
        syn::Item::Fn(i) => &i.sig.ident,
        syn::Item::Mod(i) => &i.ident,
        syn::Item::Static(i) => &i.ident,
        syn::Item::Struct(i) => &i.ident,
        syn::Item::Trait(i) => &i.ident,
        syn::Item::TraitAlias(i) => &i.ident,
        syn::Item::Type(i) => &i.ident,
        syn::Item::Union(i) => &i.ident,
        syn::Item::Macro(i) => i.ident.as_ref()?,
        _ => return None,
    };
    Some(ident.to_string())
}

/// `#[cfg(test)]`, `#[cfg(all(test, …))]` and `#[test]`: code that ships in no build.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg")
                && matches!(&a.meta, syn::Meta::List(list) if {
                    let text: String = list.tokens.to_string().split_whitespace().collect();
                    text == "test" || text.starts_with("all(test")
                }))
    })
}

/// Tarjan's strongly connected components over the file graph, each sorted by name.
fn strongly_connected(
    nodes: &BTreeSet<&String>,
    edges: &BTreeMap<String, BTreeMap<String, String>>,
) -> Vec<Vec<String>> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(
        v: &'a str,
        edges: &'a BTreeMap<String, BTreeMap<String, String>>,
        s: &mut State<'a>,
    ) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in edges.get(v).into_iter().flat_map(|m| m.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(w, edges, s);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            group.sort();
            s.out.push(group);
        }
    }
    let mut state = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in nodes {
        if !state.index.contains_key(v.as_str()) {
            visit(v, edges, &mut state);
        }
    }
    state.out.sort();
    state.out
}

/// The path of a crate's root file under a manifest directory.
pub fn crate_root(manifest_dir: &Path) -> Option<PathBuf> {
    ["src/lib.rs", "src/main.rs"]
        .iter()
        .map(|p| manifest_dir.join(p))
        .find(|p| p.exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds the graph of `files` (`"path" => "source"`, the root first) and compares
    /// its circles, one per line (`a.rs ↔ b.rs`), with `expect`.
    fn check(files: &[(&str, &str)], expect: &str) {
        let map: BTreeMap<String, String> = files
            .iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect();
        let graph = Graph::from_sources(files[0].0, &map).unwrap();
        let got: Vec<String> = graph
            .cycles()
            .iter()
            .map(|(_, lines)| lines.join("; "))
            .collect();
        assert_eq!(got.join("\n"), expect, "edges: {:#?}", graph.edges());
    }

    #[test]
    fn two_siblings_that_import_each_other_are_a_circle() {
        check(
            &[
                ("lib.rs", "mod a; mod b;"),
                ("a.rs", "use crate::b::B; pub struct A;"),
                ("b.rs", "pub struct B(crate::a::A);"),
            ],
            "a.rs → b.rs (crate::b::B); b.rs → a.rs (crate::a::A)",
        );
    }

    #[test]
    fn one_way_imports_are_no_circle() {
        check(
            &[
                ("lib.rs", "mod a; mod b;"),
                ("a.rs", "pub struct A;"),
                ("b.rs", "use crate::a::A; pub fn f() -> A { A }"),
            ],
            "",
        );
    }

    #[test]
    fn a_child_that_calls_its_parent_which_calls_it_is_a_circle() {
        check(
            &[
                ("lib.rs", "mod rules;"),
                (
                    "rules/mod.rs",
                    "mod labs; pub fn fmt() {} pub fn t() { labs::grade() }",
                ),
                ("rules/labs.rs", "pub fn grade() { super::fmt() }"),
            ],
            "rules/labs.rs → rules/mod.rs (super::fmt); rules/mod.rs → rules/labs.rs (labs::grade)",
        );
    }

    #[test]
    fn a_facade_that_only_re_exports_is_followed_to_where_the_item_lives() {
        // store/mod.rs re-exports Diary from open.rs; reports.rs names it through the
        // facade: the edge is reports → open, and the facade's re-exports make no circle.
        check(
            &[
                ("lib.rs", "mod store; pub use store::Diary;"),
                (
                    "store/mod.rs",
                    "mod open; mod reports; pub use open::Diary; pub use reports::*;",
                ),
                ("store/open.rs", "pub struct Diary;"),
                (
                    "store/reports.rs",
                    "use super::Diary; impl Diary { pub fn add(&self) {} }",
                ),
            ],
            "",
        );
    }

    #[test]
    fn a_path_inside_a_macro_call_counts() {
        check(
            &[
                ("lib.rs", "mod a; mod b;"),
                (
                    "a.rs",
                    "pub fn f() { println!(\"{}\", crate::b::G); } pub const H: u8 = 1;",
                ),
                ("b.rs", "pub const G: u8 = crate::a::H;"),
            ],
            "a.rs → b.rs (crate::b::G); b.rs → a.rs (crate::a::H)",
        );
    }

    #[test]
    fn test_only_code_makes_no_edge() {
        check(
            &[
                ("lib.rs", "mod a; mod b;"),
                (
                    "a.rs",
                    "pub struct A; #[cfg(test)] mod tests { use crate::b::B; }",
                ),
                (
                    "b.rs",
                    "pub struct B(crate::a::A); #[test] fn t() { let _ = crate::a::A; }",
                ),
            ],
            "",
        );
    }

    #[test]
    fn a_macro_imported_from_a_sibling_counts() {
        check(
            &[
                ("lib.rs", "mod vocab; mod model;"),
                (
                    "vocab.rs",
                    "macro_rules! v { () => {} } pub(crate) use v; use crate::model::M;",
                ),
                ("model.rs", "use crate::vocab::v; v!(); pub struct M;"),
            ],
            "model.rs → vocab.rs (crate::vocab::v); vocab.rs → model.rs (crate::model::M)",
        );
    }

    #[test]
    fn an_exported_macro_lives_where_it_is_written_not_at_the_root() {
        check(
            &[
                ("lib.rs", "mod harness; mod hfs; pub use harness::or_skip; pub use hfs::Hfs;"),
                (
                    "harness.rs",
                    "pub fn or_skip() {} #[macro_export] macro_rules! start { () => { $crate::or_skip() }; } \
                     pub fn again() { crate::start!(); }",
                ),
                ("hfs.rs", "pub struct Hfs; pub fn f() { crate::harness::or_skip() }"),
            ],
            "",
        );
    }

    #[test]
    fn a_missing_module_file_is_an_error_naming_it() {
        let map: BTreeMap<String, String> =
            [("lib.rs".to_string(), "mod gone;".to_string())].into();
        let err = Graph::from_sources("lib.rs", &map).unwrap_err();
        assert_eq!(err, "lib.rs: `mod gone;` has no file gone.rs");
    }
}
