//! The autodms binary as a library: settings, startup and the command line, so that tests start
//! the same server in-process.

pub mod cli;
pub mod demo;
pub mod settings;
pub mod startup;
