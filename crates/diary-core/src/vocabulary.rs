//! Floor 0: a closed vocabulary as a Rust type. The interchange format, the database, the
//! window and the CLI all spell each value the same way (the spec's spelling), so every
//! enum of the model is declared through one macro that gives it that spelling, the list
//! of all its values in the spec's order, parsing, `Display` and serde — and the
//! [`Vocabulary`] trait, through which the layers above (the store's SQL columns, the
//! generated TypeScript types) treat every vocabulary alike without this floor knowing
//! them. It imports nothing of the crate.

/// A closed list of words with one spelling each: what the `vocabulary!` macro declares.
pub trait Vocabulary: Copy + Sized + 'static {
    /// The type's name as the spec writes it in errors (`Rating`).
    const NAME: &'static str;
    /// Every value, in the order the spec lists them.
    const ALL: &'static [Self];
    /// The spec's spelling of this value.
    fn as_str(self) -> &'static str;
    /// Parses the spec's spelling; anything else is `None`.
    fn parse(text: &str) -> Option<Self>;
}

/// Declares a closed vocabulary: an enum with its spec spelling, a list of all values in
/// the spec's order, and parsing from the spelling.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the order the spec lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spec's spelling of this value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the spec's spelling; anything else is `None`.
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {}: {text}", stringify!($name)))
                })
            }
        }

        /// Compares with a spelling: `alert.rule == "R-FEVER"`.
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl $crate::vocabulary::Vocabulary for $name {
            const NAME: &'static str = stringify!($name);
            const ALL: &'static [$name] = $name::ALL;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn parse(text: &str) -> Option<$name> {
                $name::parse(text)
            }
        }
    };
}
pub(crate) use vocabulary;
