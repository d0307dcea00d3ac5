//! [`Expandable`]: an enum value as ARM sends it. Azure models its enums "as strings" and may
//! add values at any time (`x-ms-enum: modelAsString`), and it reads them case-insensitively,
//! so a value is either one this crate knows (in canonical spelling) or the text as sent.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::state::{DriveState, JobState, JobType};

/// An enum whose values have one canonical API spelling and are parsed case-insensitively.
pub trait ApiEnum: Copy + 'static {
    /// Every value.
    const VALUES: &'static [Self];
    /// The value exactly as the API spells it.
    fn as_str(self) -> &'static str;
    /// The value `text` names, ignoring case and surrounding white space.
    fn parse_api(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::VALUES.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(text))
    }
}

impl ApiEnum for JobState {
    const VALUES: &'static [Self] = &JobState::ALL;
    fn as_str(self) -> &'static str {
        JobState::as_str(self)
    }
}

impl ApiEnum for DriveState {
    const VALUES: &'static [Self] = &DriveState::ALL;
    fn as_str(self) -> &'static str {
        DriveState::as_str(self)
    }
}

impl ApiEnum for JobType {
    const VALUES: &'static [Self] = &[JobType::Import, JobType::Export];
    fn as_str(self) -> &'static str {
        JobType::as_str(self)
    }
}

/// A value of an ARM enum: one this crate knows, or any other text exactly as it was sent.
/// Reading never fails on a value it does not know; writing gives a known value its canonical
/// spelling (`"import"` is written back as `"Import"`) and an unknown one as it came.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expandable<T> {
    /// A value this crate knows.
    Known(T),
    /// Any other string, as sent.
    Unknown(String),
}

impl<T: ApiEnum> Expandable<T> {
    /// The value `text` names (case-insensitive), or `text` itself when it names none.
    pub fn parse(text: &str) -> Self {
        T::parse_api(text).map_or_else(|| Expandable::Unknown(text.to_owned()), Expandable::Known)
    }

    /// The known value, if it is one.
    pub fn known(&self) -> Option<T> {
        match self {
            Expandable::Known(value) => Some(*value),
            Expandable::Unknown(_) => None,
        }
    }

    /// The canonical spelling of a known value, or the text as it was sent.
    pub fn as_str(&self) -> &str {
        match self {
            Expandable::Known(value) => value.as_str(),
            Expandable::Unknown(text) => text,
        }
    }
}

impl<T> From<T> for Expandable<T> {
    fn from(value: T) -> Self {
        Expandable::Known(value)
    }
}

impl<T: ApiEnum> fmt::Display for Expandable<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<T: ApiEnum> Serialize for Expandable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, T: ApiEnum> Deserialize<'de> for Expandable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text<T>(PhantomData<T>);
        impl<T: ApiEnum> Visitor<'_> for Text<T> {
            type Value = Expandable<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an enum value as a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Expandable::parse(v))
            }
        }
        deserializer.deserialize_str(Text(PhantomData))
    }
}
