//! The Serverless Scaling Workbook: a teaching app for one chapter on scaling serverless
//! functions, compiled to WebAssembly and served as static files.
//!
//! The crate is split in two. The pure modules ([`chapter`], [`route`], [`progress`],
//! [`figure`], [`items`], [`grading`]) hold every decision that can be made without a browser
//! and are tested natively. The `ui` module, compiled only for `wasm32`, is a thin Leptos layer
//! that wires them to the DOM. The simulation itself lives in the `scaling-model` crate.

#![deny(missing_docs)]

pub mod challenge;
pub mod chapter;
pub mod figure;
pub mod gradable;
pub mod grading;
pub mod interview;
pub mod items;
pub mod metric;
pub mod progress;
pub mod route;
pub mod setup;
pub mod tuning;

#[cfg(target_arch = "wasm32")]
pub mod ui;
