//! Errors for configurations and scenario files: each names the field, the value and what is
//! allowed.

use std::fmt;

/// Why a configuration or a scenario file was rejected.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A number outside its allowed range (or not a finite number).
    OutOfRange {
        /// Dotted path of the field, as written in a scenario file (`function.memory_mb`).
        field: String,
        /// The rejected value, as text.
        value: String,
        /// The allowed range or set, in words (`128 to 10240`).
        allowed: String,
    },
    /// Two fields that are each valid but contradict each other.
    Inconsistent {
        /// Dotted path of the field that has to change.
        field: String,
        /// The rejected value, as text.
        value: String,
        /// What the value must satisfy, naming the other field.
        allowed: String,
    },
    /// A scenario file that could not be read as TOML or JSON, or that has an unknown field.
    Parse {
        /// What the parser said, including the field and the position where it knows them.
        message: String,
    },
}

impl ConfigError {
    /// The field the error is about, when it names one.
    pub fn field(&self) -> Option<&str> {
        match self {
            ConfigError::OutOfRange { field, .. } | ConfigError::Inconsistent { field, .. } => {
                Some(field)
            }
            ConfigError::Parse { .. } => None,
        }
    }

    pub(crate) fn range(field: &str, value: impl fmt::Display, allowed: impl Into<String>) -> Self {
        ConfigError::OutOfRange {
            field: field.to_owned(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::OutOfRange { field, value, allowed } => {
                write!(f, "invalid configuration: `{field}` is {value}, allowed: {allowed}")
            }
            ConfigError::Inconsistent { field, value, allowed } => {
                write!(f, "invalid configuration: `{field}` is {value}, but it must be {allowed}")
            }
            ConfigError::Parse { message } => write!(f, "invalid scenario file: {message}"),
        }
    }
}

impl std::error::Error for ConfigError {}
