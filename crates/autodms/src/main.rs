//! The `autodms` binary: parses the command line and hands over to the library.

/// mimalloc instead of the system allocator: a request allocates and frees many small strings
/// and rows from several threads, which glibc's allocator served at a sixth of the server's CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    autodms::cli::main()
}
