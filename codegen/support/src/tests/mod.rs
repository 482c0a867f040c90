//! Unit tests of the support modules, through small hand-written types shaped like the
//! generated ones.

mod changes;
mod collection;
mod dispatch;
mod durations;
mod requests;
mod responses;
mod structs;
mod undocumented;
